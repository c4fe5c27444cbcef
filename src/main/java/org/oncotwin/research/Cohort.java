package org.oncotwin.research;

import java.util.List;
import java.util.Map;

/**
 * The patients who meet research criteria and agreed to research, as found at the moment of the query.
 *
 * @param members            each patient once, with the record id at every centre that holds the patient
 * @param answeredCentres    the centres that answered, in directory order
 * @param unavailableCentres centre id to why it is missing (did not answer in time, answered with an error)
 */
public record Cohort(List<Member> members, List<String> answeredCentres, Map<String, String> unavailableCentres) {

    /** One patient of the cohort: the twin id (never shown to researchers) and where the records are. */
    public record Member(String twinId, Map<String, String> patientIdByCentre) {
    }

    /** How many patients of the cohort the centre holds records of. */
    public int countAt(String centreId) {
        return (int) members.stream().filter(member -> member.patientIdByCentre().containsKey(centreId)).count();
    }
}

package org.oncotwin.twin;

import java.util.List;
import java.util.Map;

/**
 * The twin for people: who the patient is at each centre, what happened where (timeline), which centres could not
 * be asked. {@code complete} is false when a centre is missing.
 */
public record TwinView(String twinId, boolean complete, List<MissingCentre> missingCentres,
                       List<PatientRecord> patientRecords, List<TimelineEvent> timeline,
                       Map<String, Integer> resourcesByType) {

    public record MissingCentre(String centre, String problem) {
    }

    /** The patient's record at one centre: its identifiers (twin id, the centre's MRN) and the record's URL. */
    public record PatientRecord(String centre, String resource, String name, String birthDate,
                                List<String> identifiers) {
    }
}

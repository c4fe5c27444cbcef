package org.oncotwin.twin;

import java.util.List;
import java.util.Map;

/**
 * The twin for people: who the patient is at each centre, a summary (diagnosis, stage, biomarkers, open referrals,
 * medication), what happened where (timeline), which centres could not be asked. {@code complete} is false when a centre is missing.
 */
public record TwinView(String twinId, boolean complete, List<MissingCentre> missingCentres,
                       List<PatientRecord> patientRecords, TwinSummary summary, List<TimelineEvent> timeline,
                       Map<String, Integer> resourcesByType) {

    public record MissingCentre(String centre, String problem) {
    }

    /** The patient's record at one centre: its identifiers (twin id, the centre's MRN) and the record's URL. */
    public record PatientRecord(String centre, String resource, String name, String birthDate,
                                List<String> identifiers) {
    }
}

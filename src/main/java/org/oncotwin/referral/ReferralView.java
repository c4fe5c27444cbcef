package org.oncotwin.referral;

import java.time.Instant;
import java.util.List;

/**
 * A referral as tracked by OncoTwin: one TreatmentStep (its process instance id is the referral's id), the patient,
 * where from and to, the FHIR Task and its status.
 *
 * @param statusHistory the Task's statuses with their times, read from the receiving centre (detail view only)
 * @param statusHistoryProblem why the history could not be read (the centre is unreachable, say)
 */
public record ReferralView(String id, String twinId, String pathwayInstanceId, String fromCentre, String toCentre,
                           String modality, String taskId, String status, Instant acceptBy, boolean overdue,
                           Instant started, Instant ended, List<StatusChange> statusHistory,
                           String statusHistoryProblem) {

    public record StatusChange(String status, Instant at, String version, String reason) {
    }

    ReferralView withHistory(List<StatusChange> history, String problem) {
        return new ReferralView(id, twinId, pathwayInstanceId, fromCentre, toCentre, modality, taskId, status,
                acceptBy, overdue, started, ended, history, problem);
    }
}

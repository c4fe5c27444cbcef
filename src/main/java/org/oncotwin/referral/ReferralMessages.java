package org.oncotwin.referral;

import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Task.TaskStatus;

/** Which BPMN message of TreatmentStep a referral Task status set by the centre stands for. */
public final class ReferralMessages {

    public static final String ACCEPTED = "Msg_ReferralAccepted";
    public static final String REJECTED = "Msg_ReferralRejected";
    public static final String STARTED = "Msg_TreatmentStarted";
    public static final String COMPLETED = "Msg_StepCompleted";
    public static final String FAILED = "Msg_StepFailed";

    private static final Map<TaskStatus, String> BY_STATUS = Map.of(
            TaskStatus.ACCEPTED, ACCEPTED,
            TaskStatus.REJECTED, REJECTED,
            TaskStatus.INPROGRESS, STARTED,
            TaskStatus.COMPLETED, COMPLETED,
            TaskStatus.FAILED, FAILED);

    private ReferralMessages() {
    }

    /** Empty for statuses the pathway only records (received, on-hold). */
    public static Optional<String> forStatus(TaskStatus status) {
        return Optional.ofNullable(BY_STATUS.get(status));
    }
}

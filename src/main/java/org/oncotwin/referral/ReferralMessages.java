package org.oncotwin.referral;

import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.oncotwin.process.Messages;

/** Which BPMN message of TreatmentStep a referral Task status set by the centre stands for. */
final class ReferralMessages {

    private static final Map<TaskStatus, String> BY_STATUS = Map.of(
            TaskStatus.ACCEPTED, Messages.REFERRAL_ACCEPTED,
            TaskStatus.REJECTED, Messages.REFERRAL_REJECTED,
            TaskStatus.INPROGRESS, Messages.TREATMENT_STARTED,
            TaskStatus.COMPLETED, Messages.STEP_COMPLETED,
            TaskStatus.FAILED, Messages.STEP_FAILED);

    private ReferralMessages() {
    }

    /** Empty for statuses the pathway only records (received, on-hold). */
    public static Optional<String> forStatus(TaskStatus status) {
        return Optional.ofNullable(BY_STATUS.get(status));
    }
}

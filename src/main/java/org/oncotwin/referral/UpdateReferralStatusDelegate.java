package org.oncotwin.referral;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.oncotwin.fhir.StepContext;
import org.oncotwin.process.InputParameters;
import org.oncotwin.process.TreatmentStepVariables;
import org.springframework.stereotype.Component;

/**
 * Service task: move the referral Task at the receiving centre to the FHIR status given by the input parameter
 * {@code targetStatus} (e.g. {@code accepted}, {@code rejected}, {@code in-progress}); a rejection carries the
 * variable {@code rejectionReason} as status reason.
 */
@Component("updateReferralStatus")
class UpdateReferralStatusDelegate implements JavaDelegate {

    private final ReferralService referrals;

    UpdateReferralStatusDelegate(ReferralService referrals) {
        this.referrals = referrals;
    }

    @Override
    public void execute(DelegateExecution execution) {
        TaskStatus target = TaskStatus.fromCode(InputParameters.targetStatus(execution));
        String reason = switch (target) {
            case REJECTED -> TreatmentStepVariables.rejectionReason(execution);
            case CANCELLED -> "Cancelled by the coordinating centre";
            default -> null;
        };
        String version = referrals.changeStatus(StepContext.of(execution),
                TreatmentStepVariables.receivingCentre(execution), TreatmentStepVariables.referralTaskId(execution),
                target, reason);
        TreatmentStepVariables.referralStatusChanged(execution, target.toCode(), version);
    }
}

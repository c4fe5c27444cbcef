package org.oncotwin.referral;

import static org.oncotwin.pathway.PathwayVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.oncotwin.pathway.StepContexts;
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
        TaskStatus target = TaskStatus.fromCode((String) execution.getVariableLocal("targetStatus"));
        String reason = switch (target) {
            case REJECTED -> (String) execution.getVariable(REJECTION_REASON);
            case CANCELLED -> "Cancelled by the coordinating centre";
            default -> null;
        };
        referrals.changeStatus(StepContexts.of(execution), (String) execution.getVariable(RECEIVING_CENTRE),
                (String) execution.getVariable(REFERRAL_TASK_ID), target, reason);
        execution.setVariable(REFERRAL_STATUS, target.toCode());
    }
}

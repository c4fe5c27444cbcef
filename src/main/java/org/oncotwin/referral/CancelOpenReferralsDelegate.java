package org.oncotwin.referral;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.oncotwin.fhir.StepContext;
import org.oncotwin.process.PathwayVariables;
import org.springframework.stereotype.Component;

/**
 * Service task: the patient withdrew; every open referral of the twin is cancelled at its centre, with the reason the
 * coordinator gave as the Task's status reason and in a Communication to the centre.
 */
@Component("cancelOpenReferrals")
class CancelOpenReferralsDelegate implements JavaDelegate {

    private final ReferralService referrals;

    CancelOpenReferralsDelegate(ReferralService referrals) {
        this.referrals = referrals;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String given = PathwayVariables.withdrawalReason(execution);
        String reason = "Patient withdrew from the pathway" + (given == null || given.isBlank() ? "" : ": " + given);
        var cancelled = referrals.cancelOpenReferrals(StepContext.of(execution), reason, "Withdrawn");
        PathwayVariables.referralsCancelled(execution, cancelled);
    }
}

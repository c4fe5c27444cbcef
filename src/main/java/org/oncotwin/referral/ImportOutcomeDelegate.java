package org.oncotwin.referral;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.oncotwin.process.TreatmentStepVariables;
import org.springframework.stereotype.Component;

/**
 * Service task of TreatmentStep: the centre completed the referral Task in its own system; take over the outcome it
 * reported as Task outputs (the first Procedure becomes {@code procedureId}).
 */
@Component("importOutcome")
class ImportOutcomeDelegate implements JavaDelegate {

    private final ReferralService referrals;

    ImportOutcomeDelegate(ReferralService referrals) {
        this.referrals = referrals;
    }

    @Override
    public void execute(DelegateExecution execution) {
        var outputs = TreatmentStepVariables.reportedOutputs(execution)
                .orElseGet(() -> referrals.outcomeReferences(TreatmentStepVariables.receivingCentre(execution),
                        TreatmentStepVariables.referralTaskId(execution)));
        TreatmentStepVariables.outcomeImported(execution, outputs);
    }
}

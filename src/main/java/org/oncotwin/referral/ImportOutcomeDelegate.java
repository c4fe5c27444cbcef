package org.oncotwin.referral;

import static org.oncotwin.pathway.PathwayVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
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
        var outputs = referrals.outcomeReferences((String) execution.getVariable(RECEIVING_CENTRE),
                (String) execution.getVariable(REFERRAL_TASK_ID));
        execution.setVariable(OUTCOME_REFERENCES, String.join(",", outputs));
        execution.setVariable(PROCEDURE_ID, outputs.stream().filter(r -> r.startsWith("Procedure/")).findFirst()
                .orElse(null));
    }
}

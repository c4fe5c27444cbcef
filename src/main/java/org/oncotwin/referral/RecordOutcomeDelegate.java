package org.oncotwin.referral;

import static org.oncotwin.pathway.PathwayVariables.*;

import java.time.LocalDate;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.oncotwin.centre.Modality;
import org.oncotwin.pathway.StepContexts;
import org.springframework.stereotype.Component;

/** Service task: write the Procedure of a finished step at the receiving centre and complete the referral Task. */
@Component("recordOutcome")
class RecordOutcomeDelegate implements JavaDelegate {

    private final ReferralService referrals;

    RecordOutcomeDelegate(ReferralService referrals) {
        this.referrals = referrals;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String performedOn = (String) execution.getVariable(PROCEDURE_DATE);
        var outcome = new StepOutcome(
                (String) execution.getVariable(PROCEDURE_PERFORMED),
                performedOn == null || performedOn.isBlank() ? null : LocalDate.parse(performedOn),
                (String) execution.getVariable(KEY_FINDINGS));
        String procedureId = referrals.recordOutcome(StepContexts.of(execution),
                (String) execution.getVariable(RECEIVING_CENTRE), (String) execution.getVariable(REFERRAL_TASK_ID),
                Modality.fromCode((String) execution.getVariable(MODALITY)), outcome);
        execution.setVariable(PROCEDURE_ID, procedureId);
        execution.setVariable(REFERRAL_STATUS, "completed");
    }
}

package org.oncotwin.referral;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.oncotwin.centre.Modality;
import org.oncotwin.fhir.StepContext;
import org.oncotwin.process.TreatmentStepVariables;
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
        var outcome = new StepOutcome(TreatmentStepVariables.procedurePerformed(execution),
                TreatmentStepVariables.procedureDate(execution), TreatmentStepVariables.keyFindings(execution));
        String procedureId = referrals.recordOutcome(StepContext.of(execution),
                TreatmentStepVariables.receivingCentre(execution), TreatmentStepVariables.referralTaskId(execution),
                Modality.fromCode(TreatmentStepVariables.modality(execution)), outcome);
        TreatmentStepVariables.outcomeRecorded(execution, procedureId);
    }
}

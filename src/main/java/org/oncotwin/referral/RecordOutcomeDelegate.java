package org.oncotwin.referral;

import org.oncotwin.centre.CareStepKinds;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.oncotwin.centre.Modality;
import org.oncotwin.fhir.StepContext;
import org.oncotwin.process.TreatmentStepVariables;
import org.springframework.stereotype.Component;

/** Service task: write the Procedure of a finished step at the receiving centre and complete the referral Task. */
@Component("recordOutcome")
class RecordOutcomeDelegate implements JavaDelegate {

    private final CareStepKinds kinds;
    private final ReferralService referrals;

    RecordOutcomeDelegate(ReferralService referrals, CareStepKinds kinds) {
        this.referrals = referrals;
        this.kinds = kinds;
    }

    @Override
    public void execute(DelegateExecution execution) {
        var outcome = new StepOutcome(TreatmentStepVariables.procedurePerformed(execution),
                TreatmentStepVariables.procedureDate(execution), TreatmentStepVariables.keyFindings(execution));
        String procedureId = referrals.recordOutcome(StepContext.of(execution),
                TreatmentStepVariables.receivingCentre(execution), TreatmentStepVariables.referralTaskId(execution),
                kinds.require(TreatmentStepVariables.modality(execution)), outcome);
        TreatmentStepVariables.outcomeRecorded(execution, procedureId);
    }
}

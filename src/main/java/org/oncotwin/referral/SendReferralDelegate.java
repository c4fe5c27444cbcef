package org.oncotwin.referral;

import org.oncotwin.centre.CareStepKinds;
import java.time.Clock;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.oncotwin.centre.Modality;
import org.oncotwin.fhir.StepContext;
import org.oncotwin.process.InputParameters;
import org.oncotwin.process.PathwayVariables;
import org.oncotwin.process.TreatmentStepVariables;
import org.springframework.stereotype.Component;

/**
 * Service task: refer the patient to the receiving centre (Patient, ServiceRequest and Task there). Optional input
 * parameter {@code acceptWithin} (ISO-8601 duration, default P2D) sets the Task's deadline for an answer.
 */
@Component("sendReferral")
class SendReferralDelegate implements JavaDelegate {

    private final CareStepKinds kinds;
    private final ReferralService referrals;
    private final Clock clock;

    SendReferralDelegate(ReferralService referrals, Clock clock, CareStepKinds kinds) {
        this.referrals = referrals;
        this.clock = clock;
        this.kinds = kinds;
    }

    @Override
    public void execute(DelegateExecution execution) {
        var referral = new Referral(
                PathwayVariables.patient(execution),
                PathwayVariables.coordinatingCentre(execution),
                TreatmentStepVariables.receivingCentre(execution),
                kinds.require(TreatmentStepVariables.modality(execution)),
                PathwayVariables.referralReason(execution),
                PathwayVariables.urgent(execution),
                PathwayVariables.carePlanIdentifier(execution),
                clock.instant().plus(InputParameters.acceptWithin(execution)),
                TreatmentStepVariables.centreSelectionReason(execution),
                new Referral.Handover(TreatmentStepVariables.clinicalSummary(execution),
                        TreatmentStepVariables.relevantFindings(execution),
                        TreatmentStepVariables.openQuestions(execution)));
        var sent = referrals.send(StepContext.of(execution), referral,
                TreatmentStepVariables.patientToLink(execution));
        TreatmentStepVariables.referralSent(execution, sent.patientId(), sent.serviceRequestId(), sent.taskId(),
                sent.taskVersion(), referral.acceptBy());
    }
}

package org.oncotwin.referral;

import static org.oncotwin.pathway.PathwayVariables.*;

import java.time.Clock;
import java.time.Duration;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.oncotwin.centre.Modality;
import org.oncotwin.pathway.PatientVariables;
import org.oncotwin.pathway.StepContexts;
import org.springframework.stereotype.Component;

/**
 * Service task: refer the patient to the receiving centre (Patient, ServiceRequest and Task there). Optional input
 * parameter {@code acceptWithin} (ISO-8601 duration, default P2D) sets the Task's deadline for an answer.
 */
@Component("sendReferral")
class SendReferralDelegate implements JavaDelegate {

    private final ReferralService referrals;
    private final Clock clock;

    SendReferralDelegate(ReferralService referrals, Clock clock) {
        this.referrals = referrals;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String acceptWithin = (String) execution.getVariable("acceptWithin");
        var referral = new Referral(
                PatientVariables.read(execution),
                (String) execution.getVariable(COORDINATING_CENTRE),
                (String) execution.getVariable(RECEIVING_CENTRE),
                Modality.fromCode((String) execution.getVariable(MODALITY)),
                (String) execution.getVariable(REFERRAL_REASON),
                "urgent".equals(execution.getVariable(URGENCY)),
                (String) execution.getVariable(CARE_PLAN_IDENTIFIER),
                clock.instant().plus(Duration.parse(acceptWithin == null ? "P2D" : acceptWithin)),
                (String) execution.getVariable(CENTRE_SELECTION_REASON),
                new Referral.Handover((String) execution.getVariable(CLINICAL_SUMMARY),
                        (String) execution.getVariable(RELEVANT_FINDINGS),
                        (String) execution.getVariable(OPEN_QUESTIONS)));
        var sent = referrals.send(StepContexts.of(execution), referral);
        execution.setVariable(RECEIVING_PATIENT_ID, sent.patientId());
        execution.setVariable(SERVICE_REQUEST_ID, sent.serviceRequestId());
        execution.setVariable(REFERRAL_TASK_ID, sent.taskId());
        execution.setVariable(ACCEPT_BY, referral.acceptBy().toString());
        // last: the dashboard's read model takes the new referral, with its deadline, from this change
        execution.setVariable(REFERRAL_STATUS, "requested");
    }
}

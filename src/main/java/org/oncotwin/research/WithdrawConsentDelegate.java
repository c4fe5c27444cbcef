package org.oncotwin.research;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.oncotwin.fhir.StepContext;
import org.oncotwin.process.BpmnErrors;
import org.oncotwin.process.ConsentWithdrawalVariables;
import org.oncotwin.process.PathwayVariables;
import org.springframework.stereotype.Component;

/**
 * Service task of RecordConsentWithdrawal: the patient's consent of the chosen scope becomes inactive. Nothing to
 * withdraw, or a wrong request, ends the process at {@code Error_ConsentNotWithdrawn} with the reason; a centre
 * that does not answer makes the job retry.
 */
@Component("withdrawConsent")
class WithdrawConsentDelegate implements JavaDelegate {

    private final ConsentService consents;

    WithdrawConsentDelegate(ConsentService consents) {
        this.consents = consents;
    }

    @Override
    public void execute(DelegateExecution execution) {
        var request = ConsentWithdrawalVariables.request(execution);
        if (request.twinId() == null || request.twinId().isBlank()) {
            throw new BpmnError(BpmnErrors.CONSENT_NOT_WITHDRAWN, "No twin id was given");
        }
        try {
            var withdrawn = consents.withdraw(request.twinId(), request.scope(), request.date(), request.reason(),
                    StepContext.of(execution), PathwayVariables.actor(execution));
            ConsentWithdrawalVariables.withdrawn(execution, withdrawn.consent() + "/_history/" + withdrawn.version(),
                    withdrawn.withdrawn());
        } catch (ConsentRequestException e) {
            throw new BpmnError(BpmnErrors.CONSENT_NOT_WITHDRAWN, e.getMessage());
        }
    }
}

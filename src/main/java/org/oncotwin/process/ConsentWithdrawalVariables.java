package org.oncotwin.process;

import static org.oncotwin.process.VariableNames.*;

import java.time.LocalDate;
import org.camunda.bpm.engine.delegate.VariableScope;

/** Typed access to the variables of RecordConsentWithdrawal, as its start form {@code consent-withdrawal} sets them. */
public final class ConsentWithdrawalVariables {

    private ConsentWithdrawalVariables() {
    }

    /** What the coordinator entered; values as typed, checked by the consent service. */
    public record Request(String twinId, String scope, String date, String reason) {
    }

    public static Request request(VariableScope scope) {
        return new Request(Values.text(scope, TWIN_ID), Values.text(scope, CONSENT_SCOPE),
                Values.text(scope, WITHDRAWAL_DATE), Values.text(scope, WITHDRAWAL_REASON));
    }

    /** The withdrawal was recorded: the Consent's new state, for the history. */
    public static void withdrawn(VariableScope scope, String consentId, LocalDate withdrawnOn) {
        scope.setVariable(WITHDRAWN_CONSENT, consentId);
        scope.setVariable(WITHDRAWAL_DATE, withdrawnOn.toString());
    }
}

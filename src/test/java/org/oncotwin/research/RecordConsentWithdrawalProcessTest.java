package org.oncotwin.research;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.oncotwin.process.Activities.*;
import static org.oncotwin.process.VariableNames.*;

import java.util.Map;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.oncotwin.process.BpmnErrors;
import org.oncotwin.process.ProcessKeys;

@Deployment(resources = {"record-consent-withdrawal.bpmn", "consent-withdrawal.form"})
class RecordConsentWithdrawalProcessTest {

    @RegisterExtension
    ProcessEngineExtension engine = ProcessEngineExtension.builder()
            .configurationResource("camunda-unit.cfg.xml").build();

    private final JavaDelegate withdrawConsent = mock(JavaDelegate.class);

    @BeforeEach
    void registerDelegate() {
        init(engine.getProcessEngine());
        Mocks.register("withdrawConsent", withdrawConsent);
    }

    @AfterEach
    void reset() {
        Mocks.reset();
    }

    @Test
    void theWithdrawalIsWrittenAsynchronouslyAndEndsWithdrawn() throws Exception {
        doAnswer(call -> {
            call.getArgument(0, DelegateExecution.class).setVariable(WITHDRAWN_CONSENT, "Consent/1/_history/2");
            return null;
        }).when(withdrawConsent).execute(any());
        var instance = start();

        assertThat(instance).isWaitingAt(WITHDRAW_CONSENT); // asyncBefore: a job, retried when a centre fails
        execute(job());

        assertThat(instance).isEnded().hasPassed(CONSENT_WITHDRAWN)
                .variables().containsEntry(WITHDRAWN_CONSENT, "Consent/1/_history/2");
    }

    @Test
    void nothingToWithdrawEndsAtConsentNotWithdrawnWithTheReason() throws Exception {
        doThrow(new BpmnError(BpmnErrors.CONSENT_NOT_WITHDRAWN, "Twin x has no research consent at any centre"))
                .when(withdrawConsent).execute(any());
        var instance = start();

        execute(jobQuery().processInstanceId(instance.getId()).singleResult());

        assertThat(instance).isEnded().hasPassed(CONSENT_NOT_WITHDRAWN).hasNotPassed(CONSENT_WITHDRAWN)
                .variables().containsEntry(CONSENT_WITHDRAWAL_PROBLEM, "Twin x has no research consent at any centre");
    }

    @Test
    void aCentreThatFailsMakesTheJobRetryNotEnd() throws Exception {
        doThrow(new IllegalStateException("centre down")).when(withdrawConsent).execute(any());
        var instance = start();

        try {
            execute(jobQuery().processInstanceId(instance.getId()).singleResult());
        } catch (RuntimeException expected) {
            // the job failed; the engine keeps it with one retry less
        }

        assertThat(instance).isNotEnded().isWaitingAt(WITHDRAW_CONSENT);
        Assertions.assertThat(managementService().createJobQuery().processInstanceId(instance.getId()).singleResult()
                .getRetries()).as("R5/PT1M: five attempts, one used").isEqualTo(4);
    }

    @Test
    void onlyCoordinatorsAreCandidateStarters() {
        var definition = repositoryService().createProcessDefinitionQuery()
                .processDefinitionKey(ProcessKeys.RECORD_CONSENT_WITHDRAWAL).singleResult();
        Assertions.assertThat(repositoryService().getIdentityLinksForProcessDefinition(definition.getId()))
                .extracting(link -> link.getGroupId()).containsExactly("coordinators");
        Assertions.assertThat(definition.getHistoryTimeToLive()).isPositive();
    }

    private org.camunda.bpm.engine.runtime.ProcessInstance start() {
        return runtimeService().startProcessInstanceByKey(ProcessKeys.RECORD_CONSENT_WITHDRAWAL, Map.of(
                TWIN_ID, "4a1d6c1e-0f0e-4a55-9d1c-2b8b5f1a7c11", CONSENT_SCOPE, "research",
                WITHDRAWAL_DATE, "2026-11-30", WITHDRAWAL_REASON, "Changed her mind"));
    }
}

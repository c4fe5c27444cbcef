package org.oncotwin.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.oncotwin.process.VariableNames.*;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oncotwin.fhir.BusinessIdentifiers;
import org.oncotwin.fhir.CentreClients;
import org.oncotwin.process.Messages;

/**
 * How a changed Task is matched and how much of its history is read: the step that sent that Task to that centre,
 * and no version read when the change is the version after the one the step knows.
 */
class CentreTaskUpdatesTest {

    private final RuntimeService runtime = mock(RuntimeService.class, RETURNS_DEEP_STUBS);
    private final HistoryService history = mock(HistoryService.class, RETURNS_DEEP_STUBS);
    private final CentreClients clients = mock(CentreClients.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private CentreTaskUpdates updates;

    @BeforeEach
    void updates() {
        updates = new CentreTaskUpdates(runtime, mock(TaskService.class), history, clients, meters);
        ProcessInstance step = mock(ProcessInstance.class);
        when(step.getId()).thenReturn("step-1");
        when(runtime.createProcessInstanceQuery().variableValueEquals(REFERRAL_TASK_ID, "Task/7")
                .variableValueEquals(RECEIVING_CENTRE, "dresden").list()).thenReturn(List.of(step));
        knows("step-1", "requested", "1");
    }

    @Test
    void theNextVersionIsAppliedWithoutReadingHistory() {
        assertThat(updates.apply("dresden", task("7", 2, TaskStatus.ACCEPTED)))
                .isEqualTo(CentreTaskUpdates.Outcome.APPLIED);
        verify(clients, never()).call(anyString(), anyString(), any());
        verify(runtime).createMessageCorrelation(Messages.REFERRAL_ACCEPTED);
    }

    @Test
    void aMissedVersionIsReadAndOnlyIt() {
        when(clients.call(eq("dresden"), eq("read Task/7 version 2"), any()))
                .thenReturn(task("7", 2, TaskStatus.ACCEPTED));
        assertThat(updates.apply("dresden", task("7", 3, TaskStatus.INPROGRESS)))
                .isEqualTo(CentreTaskUpdates.Outcome.APPLIED);
        verify(clients).call(eq("dresden"), eq("read Task/7 version 2"), any());
        verify(clients, never()).call(eq("dresden"), eq("read Task/7 version 1"), any());
        verify(runtime).createMessageCorrelation(Messages.REFERRAL_ACCEPTED);
        verify(runtime).createMessageCorrelation(Messages.TREATMENT_STARTED);
    }

    @Test
    void aVersionTheStepAlreadyKnowsIsKnown() {
        knows("step-1", "accepted", "4");
        assertThat(updates.apply("dresden", task("7", 3, TaskStatus.REQUESTED)))
                .isEqualTo(CentreTaskUpdates.Outcome.KNOWN);
        verify(runtime, never()).createMessageCorrelation(anyString());
    }

    @Test
    void theKnownStatusAndItsVersionAreReadTogether() {
        // read one by one, a change applied in between (accepted -> in-progress, version 3, by a parallel delivery)
        // paired the old status with the new version and made the next version look like an illegal jump
        when(runtime.getVariable("step-1", REFERRAL_STATUS)).thenReturn("accepted");
        when(runtime.getVariable("step-1", REFERRAL_TASK_VERSION)).thenReturn("3");
        knows("step-1", "in-progress", "3");

        assertThat(updates.apply("dresden", task("7", 4, TaskStatus.COMPLETED)))
                .isEqualTo(CentreTaskUpdates.Outcome.APPLIED);
        verify(runtime).createMessageCorrelation(Messages.STEP_COMPLETED);
    }

    @Test
    void theSameTaskIdAtAnotherCentreIsNotThisStepsReferral() {
        when(runtime.createProcessInstanceQuery().variableValueEquals(REFERRAL_TASK_ID, "Task/7")
                .variableValueEquals(RECEIVING_CENTRE, "leipzig").list()).thenReturn(List.of());
        when(history.createHistoricProcessInstanceQuery().finished().variableValueEquals(REFERRAL_TASK_ID, "Task/7")
                .variableValueEquals(RECEIVING_CENTRE, "leipzig").count()).thenReturn(0L);
        assertThat(updates.apply("leipzig", task("7", 2, TaskStatus.ACCEPTED)))
                .isEqualTo(CentreTaskUpdates.Outcome.UNMATCHED);
        verify(runtime, never()).createMessageCorrelation(anyString());
        assertThat(meters.counter("oncotwin.referral.updates", "outcome", "unmatched").count()).isEqualTo(1);
    }

    @Test
    void aTaskNamingItsStepIsMatchedByTheStepsIdNotByItsVariables() {
        namedStepSent("step-2", "Task/7", "dresden");
        Task task = taskWrittenBy("step-2");
        knows("step-2", "requested", "1");
        clearInvocations(runtime.createProcessInstanceQuery()); // the stubbing above counts as calls

        assertThat(updates.apply("dresden", task)).isEqualTo(CentreTaskUpdates.Outcome.APPLIED);
        verify(runtime.createMessageCorrelation(Messages.REFERRAL_ACCEPTED)).processInstanceId("step-2");
        verify(runtime.createProcessInstanceQuery(), never()).variableValueEquals(anyString(), any());
    }

    @Test
    void aTaskNamingAStepThatSentAnotherTaskIsNotApplied() {
        namedStepSent("step-2", "Task/8", "dresden");
        Task task = taskWrittenBy("step-2");
        when(history.createHistoricProcessInstanceQuery().finished().variableValueEquals(REFERRAL_TASK_ID, "Task/7")
                .variableValueEquals(RECEIVING_CENTRE, "dresden").count()).thenReturn(0L);

        assertThat(updates.apply("dresden", task)).isEqualTo(CentreTaskUpdates.Outcome.UNMATCHED);
        verify(runtime, never()).createMessageCorrelation(anyString());
    }

    private void knows(String stepId, String status, String version) {
        when(runtime.getVariables(stepId, List.of(REFERRAL_STATUS, REFERRAL_TASK_VERSION))).thenReturn(new java.util.HashMap<>(
                java.util.Map.of(REFERRAL_STATUS, status, REFERRAL_TASK_VERSION, version)));
    }

    private void namedStepSent(String stepId, String taskId, String centre) {
        ProcessInstance step = mock(ProcessInstance.class);
        when(step.getId()).thenReturn(stepId);
        when(runtime.createProcessInstanceQuery().processInstanceId(stepId).singleResult()).thenReturn(step);
        when(runtime.getVariables(eq(stepId), any(java.util.Collection.class))).thenReturn(new java.util.HashMap<>(
                java.util.Map.of(TWIN_ID, "twin-1", RECEIVING_CENTRE, centre, REFERRAL_TASK_ID, taskId,
                        REFERRAL_STATUS, "requested")));
    }

    private static Task taskWrittenBy(String stepId) {
        Task task = task("7", 2, TaskStatus.ACCEPTED);
        task.addIdentifier().setSystem(BusinessIdentifiers.PATHWAY_RESOURCE_SYSTEM)
                .setValue("twin-1/" + stepId + "/Activity_SendReferral/task-dresden");
        return task;
    }

    private static Task task(String id, int version, TaskStatus status) {
        Task task = new Task().setStatus(status);
        task.setId("Task/" + id + "/_history/" + version);
        return task;
    }
}

package org.oncotwin.pathway;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.*;

import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.junit.jupiter.api.Test;

/** Every path of {@code TreatmentStep}: Tasklist answers, FHIR answers, rejection, deadlines, failure. */
@Deployment(resources = {"treatment-step.bpmn", "centre-selection.dmn", "handover.form", "referral-answer.form",
        "treatment-start.form", "step-outcome.form", "escalation.form", "escalation-late.form"})
class TreatmentStepProcessTest extends PathwayProcessTestBase {

    @Test
    void theCentreAnswersInTasklistAndTheStepRunsToItsOutcome() throws Exception {
        ProcessInstance step = start("radiotherapy");

        assertThat(step).isWaitingAt("Task_Handover").variables().containsEntry("receivingCentre", "dresden");
        assertThat(task()).hasCandidateGroup("physicians-leipzig").hasCandidateGroup("coordinators");
        PathwayModels.completeStepInTasklist(step);

        assertThat(step).hasPassedInOrder("Task_SelectCentre", "Task_Handover", "Task_SendReferral",
                "Task_AnswerReferral", "Task_AcceptReferral", "Task_ConfirmTreatmentStart",
                "Task_MarkTreatmentStarted", "Task_ReportOutcome", "Task_RecordOutcome", "Task_UpdateCarePlanStep",
                "EndEvent_StepCompleted").hasNotPassed("Task_ImportOutcome");
        verify(models.mock("updateReferralStatus"), times(2)).execute(any(DelegateExecution.class));
    }

    @Test
    void theCentreAnswersByUpdatingItsFhirTaskAndTheStepFollows() throws Exception {
        ProcessInstance step = start("radiotherapy");
        complete(task("Task_Handover"), withVariables("clinicalSummary", "Summary"));
        execute(job());

        correlate(step, "Msg_ReferralAccepted");
        assertThat(step).isWaitingAt("Task_ConfirmTreatmentStart");
        correlate(step, "Msg_TreatmentStarted");
        assertThat(step).isWaitingAt("Task_ReportOutcome");
        correlate(step, "Msg_StepCompleted");
        assertThat(step).isWaitingAt("Task_ImportOutcome");
        execute(job());
        execute(job());

        assertThat(step).isEnded().hasPassed("Task_ImportOutcome", "EndEvent_StepCompleted")
                .hasNotPassed("Task_AcceptReferral", "Task_MarkTreatmentStarted", "Task_RecordOutcome");
        verify(models.mock("updateReferralStatus"), never()).execute(any(DelegateExecution.class));
    }

    @Test
    void aRejectionExcludesTheCentreAndTheSelectionChoosesAnother() {
        ProcessInstance step = start("radiotherapy");
        complete(task("Task_Handover"), withVariables("clinicalSummary", "Summary"));
        execute(job());

        complete(task("Task_AnswerReferral"), withVariables("referralDecision", "rejected",
                "rejectionReason", "No capacity"));
        execute(job());

        assertThat(step).isWaitingAt("Task_SendReferral").variables()
                .containsEntry("receivingCentre", "prague").containsEntry("excludedCentres", "dresden");
        assertThat(step).hasPassed("Task_RejectReferral", "Task_ExcludeCentre");
        execute(job());
        assertThat(step).isWaitingAt("Task_AnswerReferral");
        assertThat(task()).hasCandidateGroup("staff-prague");
    }

    @Test
    void aRejectionSentAsFhirUpdateAlsoChoosesAnotherCentreWithoutWritingTheTask() throws Exception {
        ProcessInstance step = start("radiotherapy");
        complete(task("Task_Handover"), withVariables("clinicalSummary", "Summary"));
        execute(job());

        correlate(step, "Msg_ReferralRejected");

        assertThat(step).isWaitingAt("Task_SendReferral").hasNotPassed("Task_RejectReferral");
        verify(models.mock("updateReferralStatus"), never()).execute(any(DelegateExecution.class));
    }

    @Test
    void anUnansweredReferralEscalatesAndTheCoordinatorOverridesTheCentre() {
        ProcessInstance step = start("radiotherapy");
        complete(task("Task_Handover"), withVariables("clinicalSummary", "Summary"));
        execute(job());

        execute(job("Boundary_AnswerOverdue"));
        assertThat(step).isWaitingAt("Task_EscalateUnanswered");
        assertThat(task()).hasCandidateGroup("coordinators");
        complete(task(), withVariables("escalationAction", "other-centre", "preferredCentre", "prague",
                "overrideReason", "Patient lives near Prague"));
        execute(job());

        assertThat(step).hasPassed("Task_CancelReferral", "Task_ExcludeCentre").isWaitingAt("Task_SendReferral")
                .variables().containsEntry("receivingCentre", "prague").containsEntry("centreOverridden", true)
                .containsEntry("centreSelectionReason", "chosen by the coordinator: Patient lives near Prague");
    }

    @Test
    void aRemindedCentreGetsAnotherDeadline() {
        ProcessInstance step = start("radiotherapy");
        complete(task("Task_Handover"), withVariables("clinicalSummary", "Summary"));
        execute(job());
        execute(job("Boundary_AnswerOverdue"));

        complete(task("Task_EscalateUnanswered"), withVariables("escalationAction", "remind"));

        assertThat(step).isWaitingAt("Task_AnswerReferral");
        assertThat(job("Boundary_AnswerOverdue")).isNotNull();
    }

    @Test
    void aCancelledStepCancelsTheReferralAndReportsToTheCaller() {
        ProcessInstance step = start("radiotherapy");
        complete(task("Task_Handover"), withVariables("clinicalSummary", "Summary"));
        execute(job());
        execute(job("Boundary_AnswerOverdue"));

        complete(task("Task_EscalateUnanswered"), withVariables("escalationAction", "cancel"));
        execute(job());

        assertThat(step).isEnded().hasPassed("Task_CancelAndStop", "EndEvent_StepCancelled");
    }

    @Test
    void lateStartAndLateOutcomeEscalateToo() {
        ProcessInstance step = start("radiotherapy");
        complete(task("Task_Handover"), withVariables("clinicalSummary", "Summary"));
        execute(job());
        correlate(step, "Msg_ReferralAccepted");

        execute(job("Boundary_StartOverdue"));
        complete(task("Task_EscalateNotStarted"), withVariables("escalationAction", "remind"));
        correlate(step, "Msg_TreatmentStarted");
        execute(job("Boundary_OutcomeOverdue"));
        complete(task("Task_EscalateNoOutcome"), withVariables("escalationAction", "cancel"));
        execute(job());

        assertThat(step).isEnded().hasPassed("Task_EscalateNotStarted", "Task_EscalateNoOutcome",
                "EndEvent_StepCancelled");
    }

    @Test
    void aClinicalFailureReportedByTheCentreEndsTheStepWithAnError() {
        ProcessInstance step = start("radiotherapy");
        complete(task("Task_Handover"), withVariables("clinicalSummary", "Summary"));
        execute(job());
        correlate(step, "Msg_ReferralAccepted");
        correlate(step, "Msg_TreatmentStarted");

        correlate(step, "Msg_StepFailed");

        assertThat(step).isEnded().hasPassed("EndEvent_StepFailed");
    }

    private ProcessInstance start(String modality) {
        Map<String, Object> variables = PathwayModels.intake();
        variables.put("twinId", "2b9f7a52-6a9e-4c47-9a7e-0c1f3f6f7e11");
        variables.put("coordinatingCentre", "leipzig");
        variables.put("patientCountry", "DE");
        variables.put("urgency", "routine");
        variables.put("modality", modality);
        ProcessInstance step = runtimeService().startProcessInstanceByKey("TreatmentStep", variables);
        assertThat(step).isStarted();
        return step;
    }

    private static void correlate(ProcessInstance step, String message) {
        runtimeService().createMessageCorrelation(message).processInstanceId(step.getId()).correlate();
    }
}

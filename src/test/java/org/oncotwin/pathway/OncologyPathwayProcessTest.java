package org.oncotwin.pathway;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.*;

import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.SuspendedEntityInteractionException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.junit.jupiter.api.Test;

/** Every path of {@code OncologyPathway}, with the real TreatmentStep and the FHIR delegates mocked. */
@Deployment(resources = {"oncology-pathway.bpmn", "treatment-step.bpmn", "centre-selection.dmn",
        "referral-intake.form", "handover.form", "referral-answer.form", "treatment-start.form", "step-outcome.form",
        "escalation.form", "escalation-late.form", "tumour-board.form", "follow-up.form"})
class OncologyPathwayProcessTest extends PathwayProcessTestBase {

    @Test
    void diagnosticsTumourBoardAndTwoStepsInSequenceThenFollowUp() throws Exception {
        ProcessInstance pathway = startAndDiagnose();

        complete(task("Task_TumourBoard"), board("sequential", true, true));
        execute(job());
        ProcessInstance surgery = PathwayModels.runningStep(pathway);
        assertThat(surgery).variables().containsEntry("modality", "surgery").containsEntry("receivingCentre", "prague");
        PathwayModels.completeStepInTasklist(surgery);
        ProcessInstance radiotherapy = PathwayModels.runningStep(pathway);
        assertThat(radiotherapy).variables().containsEntry("modality", "radiotherapy");
        PathwayModels.completeStepInTasklist(radiotherapy);

        assertThat(pathway).isWaitingAt("Task_FollowUp");
        complete(task(), withVariables("followUpDate", "2027-03-01"));
        execute(job());
        assertThat(pathway).isEnded().hasPassed("CallActivity_StepsInSequence", "EndEvent_PathwayCompleted")
                .hasNotPassed("CallActivity_StepsInParallel", "Task_RevokeCarePlan");
        verify(models.mock("recordTumourBoardDecision")).execute(any(DelegateExecution.class));
    }

    @Test
    void stepsTheBoardWantsAtTheSameTimeRunInParallel() {
        ProcessInstance pathway = startAndDiagnose();

        complete(task("Task_TumourBoard"), board("concurrent", false, true, "stepChemotherapy", true));
        execute(job());

        List<ProcessInstance> steps = runtimeService().createProcessInstanceQuery()
                .superProcessInstanceId(pathway.getId()).list();
        Assertions.assertThat(steps).hasSize(2);
        steps.forEach(PathwayModels::completeStepInTasklist);
        assertThat(pathway).isWaitingAt("Task_FollowUp").hasPassed("CallActivity_StepsInParallel");
    }

    @Test
    void aStepNoCentreCanTakeGoesBackToTheTumourBoardWhichMayEndThePathway() {
        ProcessInstance pathway = startAndDiagnose();
        complete(task("Task_TumourBoard"), board("sequential", false, false, "stepImmunotherapy", true,
                "urgency", "urgent", "patientCountry", "CZ"));
        execute(job());

        assertThat(pathway).isWaitingAt("Task_TumourBoard").variables().hasEntrySatisfying("replanReason",
                reason -> Assertions.assertThat((String) reason).contains("No centre may deliver immunotherapy"));
        complete(task(), withVariables("endPathway", true));
        execute(job());
        execute(job());

        assertThat(pathway).isEnded().hasPassed("Task_RevokeCarePlan", "EndEvent_PathwayEnded");
    }

    @Test
    void aFailedStepGoesBackToTheTumourBoard() {
        ProcessInstance pathway = startAndDiagnose();
        complete(task("Task_TumourBoard"), board("sequential", true, false));
        execute(job());
        ProcessInstance surgery = PathwayModels.runningStep(pathway);
        complete(task("Task_Handover", surgery), withVariables("clinicalSummary", "Summary"));
        execute(jobQuery().processInstanceId(surgery.getId()).singleResult());
        runtimeService().createMessageCorrelation("Msg_ReferralAccepted").processInstanceId(surgery.getId()).correlate();
        runtimeService().createMessageCorrelation("Msg_TreatmentStarted").processInstanceId(surgery.getId()).correlate();

        runtimeService().createMessageCorrelation("Msg_StepFailed").processInstanceId(surgery.getId()).correlate();

        assertThat(surgery).isEnded();
        assertThat(pathway).isWaitingAt("Task_TumourBoard");
    }

    @Test
    void aWithdrawingPatientHasOpenReferralsCancelledAndThePlanRevoked() throws Exception {
        ProcessInstance pathway = start();
        execute(job());
        ProcessInstance diagnostics = PathwayModels.runningStep(pathway);
        complete(task("Task_Handover", diagnostics), withVariables("clinicalSummary", "Summary"));
        execute(jobQuery().processInstanceId(diagnostics.getId()).singleResult());
        assertThat(diagnostics).isWaitingAt("Task_AnswerReferral");

        runtimeService().createMessageCorrelation("Msg_PatientWithdrew").processInstanceId(pathway.getId()).correlate();
        assertThat(diagnostics).isEnded();
        assertThat(pathway).isActive();
        execute(job());
        execute(job());

        assertThat(pathway).isEnded().hasPassed("Task_CancelOpenReferrals", "Task_RevokeCarePlanOnWithdrawal",
                "EndEvent_Withdrawn");
        verify(models.mock("cancelOpenReferrals")).execute(any(DelegateExecution.class));
    }

    @Test
    void aPathwayOnHoldDoesNotMoveUntilResumed() {
        ProcessInstance pathway = start();
        execute(job());
        ProcessInstance diagnostics = PathwayModels.runningStep(pathway);
        var pathways = new PathwayService(runtimeService(), historyService(), PathwayModels.centres(),
                repositoryService());

        pathways.hold(pathway.getId(), true);
        var handover = task("Task_Handover", diagnostics);
        Assertions.assertThatThrownBy(() -> taskService().complete(handover.getId(),
                        withVariables("clinicalSummary", "Summary")))
                .isInstanceOf(SuspendedEntityInteractionException.class);

        pathways.hold(pathway.getId(), false);
        complete(handover, withVariables("clinicalSummary", "Summary"));
        assertThat(diagnostics).isWaitingAt("Task_SendReferral");
    }

    @Test
    void theDiagnosticsCentreChosenAtIntakeOverridesTheSelection() {
        Map<String, Object> intake = PathwayModels.intake();
        intake.put("diagnosticsCentre", "dresden");
        ProcessInstance pathway = runtimeService().startProcessInstanceByKey("OncologyPathway", intake);
        assertThat(pathway).isStarted();
        execute(job());

        assertThat(PathwayModels.runningStep(pathway)).variables().containsEntry("modality", "imaging")
                .containsEntry("receivingCentre", "dresden").containsEntry("centreOverridden", true);
    }

    private ProcessInstance start() {
        ProcessInstance pathway = runtimeService().startProcessInstanceByKey("OncologyPathway", PathwayModels.intake());
        assertThat(pathway).isWaitingAt("Task_RegisterPatient");
        return pathway;
    }

    private ProcessInstance startAndDiagnose() {
        ProcessInstance pathway = start();
        execute(job());
        ProcessInstance diagnostics = PathwayModels.runningStep(pathway);
        assertThat(diagnostics).variables().containsEntry("modality", "imaging")
                .containsEntry("receivingCentre", "leipzig");
        PathwayModels.completeStepInTasklist(diagnostics);
        assertThat(pathway).isWaitingAt("Task_TumourBoard");
        return pathway;
    }

    private static Map<String, Object> board(String order, boolean surgery, boolean radiotherapy, Object... more) {
        Map<String, Object> decision = withVariables("diagnosisCode", "C41.0", "diagnosisText", "Chordoma",
                "tnmT", "T2", "tnmN", "N0", "tnmM", "M0", "ecog", "1", "treatmentOrder", order,
                "stepSurgery", surgery, "stepRadiotherapy", radiotherapy);
        for (int i = 0; i < more.length; i += 2) {
            decision.put((String) more[i], more[i + 1]);
        }
        return decision;
    }
}

package org.oncotwin.pathway;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.*;
import static org.oncotwin.process.Activities.*;
import static org.oncotwin.process.ProcessKeys.*;
import static org.oncotwin.process.VariableNames.*;

import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.SuspendedEntityInteractionException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.oncotwin.referral.ReferralHolds;
import org.oncotwin.referral.ReferralService;
import org.oncotwin.process.Messages;

/** Every path of {@code OncologyPathway}, with the real TreatmentStep and the FHIR delegates mocked. */
@Deployment(resources = {"oncology-pathway.bpmn", "treatment-step.bpmn", "centre-selection.dmn",
        "referral-intake.form", "handover.form", "referral-answer.form", "treatment-start.form", "step-outcome.form",
        "escalation.form", "escalation-late.form", "tumour-board.form", "follow-up.form"})
class OncologyPathwayProcessTest extends PathwayProcessTestBase {

    @Test
    void diagnosticsTumourBoardAndTwoStepsInSequenceThenFollowUp() throws Exception {
        ProcessInstance pathway = startAndDiagnose();

        complete(task(TUMOUR_BOARD), board("sequential", true, true));
        execute(job());
        ProcessInstance surgery = PathwayModels.runningStep(pathway);
        assertThat(surgery).variables().containsEntry(MODALITY, "surgery").containsEntry(RECEIVING_CENTRE, "prague");
        PathwayModels.completeStepInTasklist(surgery);
        ProcessInstance radiotherapy = PathwayModels.runningStep(pathway);
        assertThat(radiotherapy).variables().containsEntry(MODALITY, "radiotherapy");
        PathwayModels.completeStepInTasklist(radiotherapy);

        assertThat(pathway).isWaitingAt(FOLLOW_UP);
        complete(task(), withVariables("followUpDate", "2027-03-01"));
        execute(job());
        assertThat(pathway).isEnded().hasPassed("CallActivity_StepsInSequence", PATHWAY_COMPLETED)
                .hasNotPassed("CallActivity_StepsInParallel", REVOKE_CARE_PLAN);
        verify(models.mock("recordTumourBoardDecision")).execute(any(DelegateExecution.class));
    }

    @Test
    void stepsTheBoardWantsAtTheSameTimeRunInParallel() {
        ProcessInstance pathway = startAndDiagnose();

        complete(task(TUMOUR_BOARD), board("concurrent", false, true, "stepChemotherapy", true));
        execute(job());

        List<ProcessInstance> steps = runtimeService().createProcessInstanceQuery()
                .superProcessInstanceId(pathway.getId()).list();
        Assertions.assertThat(steps).hasSize(2);
        steps.forEach(PathwayModels::completeStepInTasklist);
        assertThat(pathway).isWaitingAt(FOLLOW_UP).hasPassed("CallActivity_StepsInParallel");
    }

    @Test
    void aStepNoCentreCanTakeGoesBackToTheTumourBoardWhichMayEndThePathway() {
        ProcessInstance pathway = startAndDiagnose();
        complete(task(TUMOUR_BOARD), board("sequential", false, false, "stepImmunotherapy", true,
                URGENCY, "urgent", PATIENT_COUNTRY, "CZ"));
        execute(job());

        assertThat(pathway).isWaitingAt(TUMOUR_BOARD).variables().hasEntrySatisfying(REPLAN_REASON,
                reason -> Assertions.assertThat((String) reason).contains("No centre may deliver immunotherapy"));
        complete(task(), withVariables(END_PATHWAY, true));
        execute(job());
        execute(job());

        assertThat(pathway).isEnded().hasPassed(REVOKE_CARE_PLAN, PATHWAY_ENDED);
    }

    @Test
    void aFailedStepGoesBackToTheTumourBoard() {
        ProcessInstance pathway = startAndDiagnose();
        complete(task(TUMOUR_BOARD), board("sequential", true, false));
        execute(job());
        ProcessInstance surgery = PathwayModels.runningStep(pathway);
        complete(task(HANDOVER, surgery), withVariables(CLINICAL_SUMMARY, "Summary"));
        execute(jobQuery().processInstanceId(surgery.getId()).singleResult());
        execute(jobQuery().processInstanceId(surgery.getId()).singleResult());
        runtimeService().createMessageCorrelation(Messages.REFERRAL_ACCEPTED).processInstanceId(surgery.getId())
                .correlate();
        runtimeService().createMessageCorrelation(Messages.TREATMENT_STARTED).processInstanceId(surgery.getId())
                .correlate();

        runtimeService().createMessageCorrelation(Messages.STEP_FAILED).processInstanceId(surgery.getId()).correlate();

        assertThat(surgery).isEnded();
        assertThat(pathway).isWaitingAt(TUMOUR_BOARD);
    }

    @Test
    void aWithdrawingPatientHasOpenReferralsCancelledAndThePlanRevoked() throws Exception {
        ProcessInstance pathway = start();
        execute(job());
        ProcessInstance diagnostics = PathwayModels.runningStep(pathway);
        complete(task(HANDOVER, diagnostics), withVariables(CLINICAL_SUMMARY, "Summary"));
        execute(jobQuery().processInstanceId(diagnostics.getId()).singleResult());
        execute(jobQuery().processInstanceId(diagnostics.getId()).singleResult());
        assertThat(diagnostics).isWaitingAt(ANSWER_REFERRAL);

        runtimeService().createMessageCorrelation(Messages.PATIENT_WITHDREW).processInstanceId(pathway.getId())
                .correlate();
        assertThat(diagnostics).isEnded();
        assertThat(pathway).isActive();
        execute(job());
        execute(job());

        assertThat(pathway).isEnded().hasPassed(CANCEL_OPEN_REFERRALS, REVOKE_CARE_PLAN_ON_WITHDRAWAL, WITHDRAWN);
        verify(models.mock("cancelOpenReferrals")).execute(any(DelegateExecution.class));
    }

    @Test
    void aPathwayOnHoldDoesNotMoveUntilResumed() {
        ProcessInstance pathway = start();
        execute(job());
        ProcessInstance diagnostics = PathwayModels.runningStep(pathway);
        var pathways = new PathwayService(runtimeService(), historyService(), PathwayModels.centres(),
                repositoryService(), PathwayModels.formRules(),
                new ReferralHolds(runtimeService(), Mockito.mock(ReferralService.class)));

        pathways.hold(pathway.getId(), "coordinator", "Patient in intensive care");
        var handover = task(HANDOVER, diagnostics);
        Assertions.assertThatThrownBy(() -> taskService().complete(handover.getId(),
                        withVariables(CLINICAL_SUMMARY, "Summary")))
                .isInstanceOf(SuspendedEntityInteractionException.class);

        pathways.resume(pathway.getId(), "coordinator");
        complete(handover, withVariables(CLINICAL_SUMMARY, "Summary"));
        assertThat(diagnostics).isWaitingAt(FIND_PATIENT_AT_CENTRE);
    }

    @Test
    void theDiagnosticsCentreChosenAtIntakeOverridesTheSelection() {
        Map<String, Object> intake = PathwayModels.intake();
        intake.put(DIAGNOSTICS_CENTRE, "dresden");
        ProcessInstance pathway = runtimeService().startProcessInstanceByKey(ONCOLOGY_PATHWAY, intake);
        assertThat(pathway).isStarted();
        execute(job());

        assertThat(PathwayModels.runningStep(pathway)).variables().containsEntry(MODALITY, "imaging")
                .containsEntry(RECEIVING_CENTRE, "dresden").containsEntry(CENTRE_OVERRIDDEN, true);
    }

    @Test
    void aStepTakesTheNamedInputsOnlyNotWhateverThePathwayHolds() {
        Map<String, Object> intake = PathwayModels.intake();
        intake.put(CLINICAL_SUMMARY, "written at intake, not a handover of this step");
        intake.put("notesOfTheIntakeClerk", "not for the centres");
        ProcessInstance pathway = runtimeService().startProcessInstanceByKey(ONCOLOGY_PATHWAY, intake);
        assertThat(pathway).isWaitingAt(REGISTER_PATIENT);
        execute(job());

        ProcessInstance diagnostics = PathwayModels.runningStep(pathway);
        assertThat(diagnostics).isWaitingAt(HANDOVER).variables().containsEntry(MODALITY, "imaging")
                .containsEntry(PATIENT_FAMILY_NAME, "Novak").containsKey(TWIN_ID)
                .doesNotContainKey(CLINICAL_SUMMARY).doesNotContainKey("notesOfTheIntakeClerk");
    }

    private ProcessInstance start() {
        ProcessInstance pathway = runtimeService().startProcessInstanceByKey(ONCOLOGY_PATHWAY, PathwayModels.intake());
        assertThat(pathway).isWaitingAt(REGISTER_PATIENT);
        return pathway;
    }

    private ProcessInstance startAndDiagnose() {
        ProcessInstance pathway = start();
        execute(job());
        ProcessInstance diagnostics = PathwayModels.runningStep(pathway);
        assertThat(diagnostics).variables().containsEntry(MODALITY, "imaging")
                .containsEntry(RECEIVING_CENTRE, "leipzig");
        PathwayModels.completeStepInTasklist(diagnostics);
        assertThat(pathway).isWaitingAt(TUMOUR_BOARD);
        return pathway;
    }

    private static Map<String, Object> board(String order, boolean surgery, boolean radiotherapy, Object... more) {
        Map<String, Object> decision = withVariables(DIAGNOSIS_CODE, "C41.0", DIAGNOSIS_TEXT, "Chordoma",
                TNM_T, "T2", TNM_N, "N0", TNM_M, "M0", ECOG, "1", TREATMENT_ORDER, order,
                "stepSurgery", surgery, "stepRadiotherapy", radiotherapy);
        for (int i = 0; i < more.length; i += 2) {
            decision.put((String) more[i], more[i + 1]);
        }
        return decision;
    }
}

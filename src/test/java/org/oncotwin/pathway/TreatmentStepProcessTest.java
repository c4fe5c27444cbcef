package org.oncotwin.pathway;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.*;
import static org.oncotwin.process.Activities.*;
import static org.oncotwin.process.ProcessKeys.*;
import static org.oncotwin.process.VariableNames.*;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.junit.jupiter.api.Test;
import org.oncotwin.process.Messages;
import org.oncotwin.process.TreatmentStepVariables;

/** Every path of {@code TreatmentStep}: Tasklist answers, FHIR answers, rejection, deadlines, failure. */
@Deployment(resources = {"treatment-step.bpmn", "centre-selection.dmn", "handover.form", "referral-answer.form",
        "treatment-start.form", "step-outcome.form", "escalation.form", "escalation-late.form",
        "confirm-identity.form"})
class TreatmentStepProcessTest extends PathwayProcessTestBase {

    @Test
    void theCentreAnswersInTasklistAndTheStepRunsToItsOutcome() throws Exception {
        ProcessInstance step = start("radiotherapy");

        assertThat(step).isWaitingAt(HANDOVER).variables().containsEntry(RECEIVING_CENTRE, "dresden");
        assertThat(task()).hasCandidateGroup("physicians-leipzig").hasCandidateGroup("coordinators");
        PathwayModels.completeStepInTasklist(step);

        assertThat(step).hasPassedInOrder(SELECT_CENTRE, HANDOVER, FIND_PATIENT_AT_CENTRE, SEND_REFERRAL, ANSWER_REFERRAL, ACCEPT_REFERRAL,
                CONFIRM_TREATMENT_START, MARK_TREATMENT_STARTED, REPORT_OUTCOME, RECORD_OUTCOME, UPDATE_CARE_PLAN_STEP,
                STEP_COMPLETED).hasNotPassed(IMPORT_OUTCOME);
        verify(models.mock("updateReferralStatus"), times(2)).execute(any(DelegateExecution.class));
    }

    @Test
    void theCentreAnswersByUpdatingItsFhirTaskAndTheStepFollows() throws Exception {
        ProcessInstance step = start("radiotherapy");
        complete(task(HANDOVER), withVariables(CLINICAL_SUMMARY, "Summary"));
        execute(job());
        execute(job());

        correlate(step, Messages.REFERRAL_ACCEPTED);
        assertThat(step).isWaitingAt(CONFIRM_TREATMENT_START);
        correlate(step, Messages.TREATMENT_STARTED);
        assertThat(step).isWaitingAt(REPORT_OUTCOME);
        correlate(step, Messages.STEP_COMPLETED);
        assertThat(step).isWaitingAt(IMPORT_OUTCOME);
        execute(job());
        execute(job());

        assertThat(step).isEnded().hasPassed(IMPORT_OUTCOME, STEP_COMPLETED)
                .hasNotPassed(ACCEPT_REFERRAL, MARK_TREATMENT_STARTED, RECORD_OUTCOME);
        verify(models.mock("updateReferralStatus"), never()).execute(any(DelegateExecution.class));
    }

    @Test
    void aRejectionExcludesTheCentreAndTheSelectionChoosesAnother() {
        ProcessInstance step = start("radiotherapy");
        complete(task(HANDOVER), withVariables(CLINICAL_SUMMARY, "Summary"));
        execute(job());
        execute(job());

        complete(task(ANSWER_REFERRAL), withVariables(REFERRAL_DECISION, "rejected",
                REJECTION_REASON, "No capacity"));
        execute(job());

        assertThat(step).isWaitingAt(FIND_PATIENT_AT_CENTRE).variables()
                .containsEntry(RECEIVING_CENTRE, "prague").containsEntry(EXCLUDED_CENTRES, "dresden");
        assertThat(step).hasPassed(REJECT_REFERRAL, EXCLUDE_CENTRE);
        execute(job());
        execute(job());
        assertThat(step).isWaitingAt(ANSWER_REFERRAL);
        assertThat(task()).hasCandidateGroup("staff-prague");
    }

    @Test
    void aRejectionSentAsFhirUpdateAlsoChoosesAnotherCentreWithoutWritingTheTask() throws Exception {
        ProcessInstance step = start("radiotherapy");
        complete(task(HANDOVER), withVariables(CLINICAL_SUMMARY, "Summary"));
        execute(job());
        execute(job());

        correlate(step, Messages.REFERRAL_REJECTED);

        assertThat(step).isWaitingAt(FIND_PATIENT_AT_CENTRE).hasNotPassed(REJECT_REFERRAL);
        verify(models.mock("updateReferralStatus"), never()).execute(any(DelegateExecution.class));
    }

    @Test
    void anUnansweredReferralEscalatesAndTheCoordinatorOverridesTheCentre() {
        ProcessInstance step = start("radiotherapy");
        complete(task(HANDOVER), withVariables(CLINICAL_SUMMARY, "Summary"));
        execute(job());
        execute(job());

        execute(job(ANSWER_OVERDUE));
        assertThat(step).isWaitingAt(ESCALATE_UNANSWERED);
        assertThat(task()).hasCandidateGroup("coordinators");
        complete(task(), withVariables(ESCALATION_ACTION, "other-centre", PREFERRED_CENTRE, "prague",
                OVERRIDE_REASON, "Patient lives near Prague"));
        execute(job());

        assertThat(step).hasPassed(CANCEL_REFERRAL, EXCLUDE_CENTRE).isWaitingAt(FIND_PATIENT_AT_CENTRE)
                .variables().containsEntry(RECEIVING_CENTRE, "prague").containsEntry(CENTRE_OVERRIDDEN, true)
                .containsEntry(CENTRE_SELECTION_REASON, "chosen by the coordinator: Patient lives near Prague");
    }

    @Test
    void aRemindedCentreGetsAnotherDeadline() {
        ProcessInstance step = start("radiotherapy");
        complete(task(HANDOVER), withVariables(CLINICAL_SUMMARY, "Summary"));
        execute(job());
        execute(job());
        execute(job(ANSWER_OVERDUE));

        complete(task(ESCALATE_UNANSWERED), withVariables(ESCALATION_ACTION, "remind"));

        assertThat(step).isWaitingAt(ANSWER_REFERRAL);
        assertThat(job(ANSWER_OVERDUE)).isNotNull();
    }

    @Test
    void aCancelledStepCancelsTheReferralAndReportsToTheCaller() {
        ProcessInstance step = start("radiotherapy");
        complete(task(HANDOVER), withVariables(CLINICAL_SUMMARY, "Summary"));
        execute(job());
        execute(job());
        execute(job(ANSWER_OVERDUE));

        complete(task(ESCALATE_UNANSWERED), withVariables(ESCALATION_ACTION, "cancel"));
        execute(job());

        assertThat(step).isEnded().hasPassed(CANCEL_AND_STOP, STEP_CANCELLED);
    }

    @Test
    void lateStartAndLateOutcomeEscalateToo() {
        ProcessInstance step = start("radiotherapy");
        complete(task(HANDOVER), withVariables(CLINICAL_SUMMARY, "Summary"));
        execute(job());
        execute(job());
        correlate(step, Messages.REFERRAL_ACCEPTED);

        execute(job(START_OVERDUE));
        complete(task(ESCALATE_NOT_STARTED), withVariables(ESCALATION_ACTION, "remind"));
        correlate(step, Messages.TREATMENT_STARTED);
        execute(job(OUTCOME_OVERDUE));
        complete(task(ESCALATE_NO_OUTCOME), withVariables(ESCALATION_ACTION, "cancel"));
        execute(job());

        assertThat(step).isEnded().hasPassed(ESCALATE_NOT_STARTED, ESCALATE_NO_OUTCOME, STEP_CANCELLED);
    }

    @Test
    void aClinicalFailureReportedByTheCentreEndsTheStepWithAnError() {
        ProcessInstance step = start("radiotherapy");
        complete(task(HANDOVER), withVariables(CLINICAL_SUMMARY, "Summary"));
        execute(job());
        execute(job());
        correlate(step, Messages.REFERRAL_ACCEPTED);
        correlate(step, Messages.TREATMENT_STARTED);

        correlate(step, Messages.STEP_FAILED);

        assertThat(step).isEnded().hasPassed(STEP_FAILED);
    }

    @Test
    void aProbableRecordAtTheCentreWaitsForTheCoordinatorBeforeAnythingIsWritten() throws Exception {
        doAnswer(call -> {
            TreatmentStepVariables.identityFound(call.getArgument(0), "probable", null,
                    List.of("Patient/7", "Patient/9"), "| | Referred patient | Record 1 | Record 2 |");
            return null;
        }).when(models.mock("findPatientAtCentre")).execute(any(DelegateExecution.class));
        ProcessInstance step = start("radiotherapy");
        complete(task(HANDOVER), withVariables(CLINICAL_SUMMARY, "Summary"));
        execute(job());

        assertThat(step).isWaitingAt(CONFIRM_IDENTITY);
        assertThat(task()).hasCandidateGroup("coordinators");
        verify(models.mock("sendReferral"), never()).execute(any(DelegateExecution.class));
        complete(task(), withVariables(IDENTITY_CHOICE, "2"));
        execute(job());

        assertThat(step).isWaitingAt(ANSWER_REFERRAL).variables().containsEntry(IDENTITY_CHOICE, "2");
        verify(models.mock("sendReferral")).execute(any(DelegateExecution.class));
        org.assertj.core.api.Assertions.assertThat(TreatmentStepVariables.chosenCandidate("2", "Patient/7,Patient/9"))
                .contains("Patient/9");
        org.assertj.core.api.Assertions.assertThat(TreatmentStepVariables.identityChoiceProblems(Map.of(
                IDENTITY_MATCH, "probable", IDENTITY_CANDIDATES, "Patient/7", IDENTITY_CHOICE, "3")))
                .singleElement().asString().contains("not among the 1 shown");
    }

    private ProcessInstance start(String modality) {
        Map<String, Object> variables = PathwayModels.intake();
        variables.put(TWIN_ID, "2b9f7a52-6a9e-4c47-9a7e-0c1f3f6f7e11");
        variables.put(COORDINATING_CENTRE, "leipzig");
        variables.put(PATIENT_COUNTRY, "DE");
        variables.put(URGENCY, "routine");
        variables.put(MODALITY, modality);
        ProcessInstance step = runtimeService().startProcessInstanceByKey(TREATMENT_STEP, variables);
        assertThat(step).isStarted();
        return step;
    }

    private static void correlate(ProcessInstance step, String message) {
        runtimeService().createMessageCorrelation(message).processInstanceId(step.getId()).correlate();
    }
}

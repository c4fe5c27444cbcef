package org.oncotwin.pathway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;
import static org.oncotwin.process.Activities.*;
import static org.oncotwin.process.ProcessKeys.*;
import static org.oncotwin.process.VariableNames.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Tasks say what they are about and when they are due: every user task of every shipped model names the patient,
 * has a due date, a follow-up date and a priority; urgency and escalation raise the priority; "remind" moves the due
 * date; a hold keeps it.
 */
@Deployment(resources = {"treatment-step.bpmn", "oncology-pathway.bpmn", "centre-selection.dmn", "handover.form",
        "referral-answer.form", "treatment-start.form", "step-outcome.form", "escalation.form",
        "escalation-late.form", "tumour-board.form", "follow-up.form", "referral-intake.form"})
class TaskListingProcessTest extends PathwayProcessTestBase {

    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    @Test
    void everyUserTaskOfEveryShippedModelNamesThePatientAndHasADueDateAFollowUpAndAPriority() throws Exception {
        List<Path> models;
        try (Stream<Path> files = Files.list(Path.of("processes"))) {
            models = files.filter(f -> f.toString().endsWith(".bpmn")).toList();
        }
        int userTasks = 0;
        for (Path model : models) {
            for (UserTask task : Bpmn.readModelFromFile(model.toFile()).getModelElementsByType(UserTask.class)) {
                String where = model.getFileName() + " " + task.getId();
                assertThat(task.getName()).as(where).contains("${taskText.patient(execution)}");
                assertThat(task.getCamundaDueDate()).as(where).startsWith("${taskTimes.due(execution, ");
                assertThat(task.getCamundaFollowUpDate()).as(where).startsWith("${taskTimes.followUp(execution, ");
                assertThat(task.getCamundaPriority()).as(where).startsWith("${taskTimes.priority(execution, ");
                assertThat(task.getDocumentations()).as(where).isNotEmpty();
                userTasks++;
            }
        }
        assertThat(userTasks).isGreaterThanOrEqualTo(11);
    }

    @Test
    void theStepsTasksNameThePatientTheCentreAndTheKindOfCareAndAreDueWhenTheirTimerFires() {
        ClockUtil.setCurrentTime(Date.from(NOW));
        ProcessInstance step = startStep("urgent");

        Task handover = task(HANDOVER, step);
        assertThat(handover.getName()).isEqualTo("Hand over Novak, Jana → Dresden Proton Centre (radiotherapy)");
        assertThat(handover.getDescription()).isEqualTo("Novak, Jana (born 1961-04-23) · radiotherapy · "
                + "Leipzig University Hospital → Dresden Proton Centre · urgent");
        assertThat(handover.getDueDate()).isEqualTo(Date.from(NOW.plus(Duration.ofDays(2))));
        assertThat(handover.getFollowUpDate()).isEqualTo(Date.from(NOW.plus(Duration.ofDays(1))));
        assertThat(handover.getPriority()).isEqualTo(80);
        complete(handover, withVariables(CLINICAL_SUMMARY, "Summary"));
        execute(job());
        execute(job());

        Task answer = task(ANSWER_REFERRAL, step);
        assertThat(answer.getName()).isEqualTo("Answer referral: Novak, Jana from Leipzig University Hospital (urgent)");
        assertThat(answer.getDueDate()).isEqualTo(Date.from(NOW.plus(Duration.ofDays(2))));
        assertThat(answer.getPriority()).isEqualTo(80);

        // the answer is overdue: the coordinator reminds the centre, and the task comes back due two days later
        Instant later = NOW.plus(Duration.ofDays(2)).plusSeconds(60);
        ClockUtil.setCurrentTime(Date.from(later));
        execute(job());
        Task escalation = task(ESCALATE_UNANSWERED, step);
        assertThat(escalation.getName()).isEqualTo(
                "Referral not answered in time: Novak, Jana, radiotherapy at Dresden Proton Centre");
        assertThat(escalation.getPriority()).isEqualTo(95);
        assertThat(escalation.getDueDate()).isEqualTo(Date.from(later.plus(Duration.ofDays(1))));
        complete(escalation, withVariables(ESCALATION_ACTION, "remind"));

        Task reminded = task(ANSWER_REFERRAL, step);
        assertThat(reminded.getDueDate()).isEqualTo(Date.from(later.plus(Duration.ofDays(2))))
                .isAfter(answer.getDueDate());
        assertThat(reminded.getPriority()).isEqualTo(95);

        // a hold and a resume keep the task and its due date
        runtimeService().suspendProcessInstanceById(step.getId());
        runtimeService().activateProcessInstanceById(step.getId());
        assertThat(task(ANSWER_REFERRAL, step).getDueDate()).isEqualTo(reminded.getDueDate());
    }

    @Test
    void aRoutineStepIsBelowAnUrgentOneAndAModelCanGiveItsOwnTimes() {
        ClockUtil.setCurrentTime(Date.from(NOW));
        Map<String, Object> variables = stepVariables("routine");
        variables.put("handoverWithin", "PT6H");
        ProcessInstance step = runtimeService().startProcessInstanceByKey(TREATMENT_STEP, variables);

        Task handover = task(HANDOVER, step);
        assertThat(handover.getPriority()).isEqualTo(50);
        assertThat(handover.getDueDate()).isEqualTo(Date.from(NOW.plus(Duration.ofHours(6))));
        assertThat(handover.getFollowUpDate()).isEqualTo(Date.from(NOW.plus(Duration.ofHours(3))));
    }

    @Test
    void thePathwaysTasksNameThePatient() {
        ClockUtil.setCurrentTime(Date.from(NOW));
        Map<String, Object> intake = PathwayModels.intake();
        intake.put(DIAGNOSTICS_CENTRE, "leipzig");
        ProcessInstance pathway = runtimeService().startProcessInstanceByKey(ONCOLOGY_PATHWAY, intake);
        BpmnAwareTests.assertThat(pathway).isWaitingAt(REGISTER_PATIENT);
        execute(job());
        PathwayModels.completeStepInTasklist(PathwayModels.runningStep(pathway));

        Task board = task(TUMOUR_BOARD, pathway);
        assertThat(board.getName()).isEqualTo("Tumour board: Novak, Jana");
        assertThat(board.getPriority()).isEqualTo(50);
        assertThat(board.getDueDate()).isNotNull();
    }

    private ProcessInstance startStep(String urgency) {
        return runtimeService().startProcessInstanceByKey(TREATMENT_STEP, stepVariables(urgency));
    }

    private static Map<String, Object> stepVariables(String urgency) {
        Map<String, Object> variables = PathwayModels.intake();
        variables.put(TWIN_ID, "2b9f7a52-6a9e-4c47-9a7e-0c1f3f6f7e11");
        variables.put(COORDINATING_CENTRE, "leipzig");
        variables.put(PATIENT_COUNTRY, "DE");
        variables.put(URGENCY, urgency);
        variables.put(MODALITY, "radiotherapy");
        return variables;
    }
}

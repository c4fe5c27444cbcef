package org.oncotwin.pathway;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.junit.jupiter.api.Test;

/** The second pathway model, made only of the documented building blocks. */
@Deployment(resources = {"neoadjuvant-pathway.bpmn", "treatment-step.bpmn", "centre-selection.dmn",
        "referral-intake.form", "handover.form", "referral-answer.form", "treatment-start.form", "step-outcome.form",
        "escalation.form", "escalation-late.form", "follow-up.form", "step-problem.form"})
class NeoadjuvantPathwayProcessTest extends PathwayProcessTestBase {

    @Test
    void chemotherapyThenSurgeryThenRadiotherapyThenFollowUp() {
        ProcessInstance pathway = runtimeService().startProcessInstanceByKey("NeoadjuvantPathway",
                PathwayModels.intake());
        assertThat(pathway).isStarted();
        execute(job());

        for (String modality : new String[] {"chemotherapy", "surgery", "radiotherapy"}) {
            ProcessInstance step = PathwayModels.runningStep(pathway);
            assertThat(step).variables().containsEntry("modality", modality);
            PathwayModels.completeStepInTasklist(step);
        }
        assertThat(pathway).isWaitingAt("Task_FollowUp");
        complete(task(), withVariables("followUpDate", "2027-06-01"));
        execute(job());

        assertThat(pathway).isEnded().hasPassedInOrder("CallActivity_NeoadjuvantChemotherapy",
                "CallActivity_Surgery", "CallActivity_AdjuvantRadiotherapy", "EndEvent_PathwayCompleted");
    }

    @Test
    void aStepProblemGoesToTheCoordinatorWhoMayEndThePathway() {
        ProcessInstance pathway = runtimeService().startProcessInstanceByKey("NeoadjuvantPathway",
                PathwayModels.intake());
        assertThat(pathway).isStarted();
        execute(job());
        ProcessInstance chemotherapy = PathwayModels.runningStep(pathway);
        complete(task("Task_Handover", chemotherapy), withVariables("clinicalSummary", "Summary"));
        execute(jobQuery().processInstanceId(chemotherapy.getId()).singleResult());
        execute(job("Boundary_AnswerOverdue", chemotherapy));
        complete(task("Task_EscalateUnanswered", chemotherapy), withVariables("escalationAction", "cancel"));
        execute(jobQuery().processInstanceId(chemotherapy.getId()).singleResult());

        assertThat(pathway).isWaitingAt("Task_ReviewStepProblem");
        complete(task(), withVariables("endPathway", true));
        execute(job());
        assertThat(pathway).isEnded().hasPassed("EndEvent_PathwayEnded");
    }
}

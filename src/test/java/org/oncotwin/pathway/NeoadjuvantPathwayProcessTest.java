package org.oncotwin.pathway;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;
import static org.oncotwin.process.Activities.*;
import static org.oncotwin.process.ProcessKeys.*;
import static org.oncotwin.process.VariableNames.*;

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
        ProcessInstance pathway = runtimeService().startProcessInstanceByKey(NEOADJUVANT_PATHWAY,
                PathwayModels.intake());
        assertThat(pathway).isStarted();
        execute(job());

        for (String modality : new String[] {"chemotherapy", "surgery", "radiotherapy"}) {
            ProcessInstance step = PathwayModels.runningStep(pathway);
            assertThat(step).variables().containsEntry(MODALITY, modality);
            PathwayModels.completeStepInTasklist(step);
        }
        assertThat(pathway).isWaitingAt(FOLLOW_UP);
        complete(task(), withVariables("followUpDate", "2027-06-01"));
        execute(job());

        assertThat(pathway).isEnded().hasPassedInOrder("CallActivity_NeoadjuvantChemotherapy",
                "CallActivity_Surgery", "CallActivity_AdjuvantRadiotherapy", PATHWAY_COMPLETED);
    }

    @Test
    void aStepProblemGoesToTheCoordinatorWhoMayEndThePathway() {
        ProcessInstance pathway = runtimeService().startProcessInstanceByKey(NEOADJUVANT_PATHWAY,
                PathwayModels.intake());
        assertThat(pathway).isStarted();
        execute(job());
        ProcessInstance chemotherapy = PathwayModels.runningStep(pathway);
        complete(task(HANDOVER, chemotherapy), withVariables(CLINICAL_SUMMARY, "Summary"));
        execute(jobQuery().processInstanceId(chemotherapy.getId()).singleResult());
        execute(jobQuery().processInstanceId(chemotherapy.getId()).singleResult());
        execute(job(ANSWER_OVERDUE, chemotherapy));
        complete(task(ESCALATE_UNANSWERED, chemotherapy), withVariables(ESCALATION_ACTION, "cancel"));
        execute(jobQuery().processInstanceId(chemotherapy.getId()).singleResult());

        assertThat(pathway).isWaitingAt(REVIEW_STEP_PROBLEM);
        complete(task(), withVariables(END_PATHWAY, true));
        execute(job());
        assertThat(pathway).isEnded().hasPassed(PATHWAY_ENDED);
    }
}

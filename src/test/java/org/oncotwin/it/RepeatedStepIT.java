package org.oncotwin.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;
import org.oncotwin.centre.Modality;
import org.oncotwin.fhir.StepContext;
import org.oncotwin.referral.ReferralService;
import org.oncotwin.referral.StepOutcome;
import org.springframework.beans.factory.annotation.Autowired;

/** Camunda runs jobs at least once: a step that runs again must leave exactly one copy of what it wrote. */
class RepeatedStepIT extends AbstractPathwayIT {

    @Autowired
    ReferralService referrals;

    @Test
    void stepJobsExecutedTwiceLeaveNoDuplicateAtTheCentres() {
        var started = startPathway("dresden");
        String pi = started.processInstanceId();
        String twin = "identifier=urn:oncotwin:twin|" + started.twinId();
        awaitUserTask(pi, "Task_AnswerReferral");
        String taskId = (String) runtime.getVariable(pi, "referralTaskId");

        // run the registration and referral jobs of this very process instance a second time
        runtime.createProcessInstanceModification(pi).startBeforeActivity("Task_RegisterPatient").execute();
        await("the repeated steps", () -> tasks.createTaskQuery().processInstanceId(pi)
                .taskDefinitionKey("Task_AnswerReferral").count() == 2);

        assertThat(runtime.getVariable(pi, "referralTaskId")).isEqualTo(taskId);
        CentreRecords leipzig = records("leipzig");
        CentreRecords dresden = records("dresden");
        Patient coordinating = single(leipzig.search(Patient.class, twin));
        CarePlan plan = single(leipzig.search(CarePlan.class, "subject=" + idOf(coordinating)));
        Patient receiving = single(dresden.search(Patient.class, twin));
        single(dresden.search(ServiceRequest.class, "subject=" + idOf(receiving)));
        Task referral = single(dresden.search(Task.class, "patient=" + idOf(receiving)));
        assertThat(idOf(referral)).isEqualTo(taskId);
        assertThat(targets(leipzig, plan)).hasSize(1);
        assertThat(targets(dresden, referral)).hasSize(1);

        // a status change and an outcome repeated by their delegates' service
        var acceptStep = new StepContext(started.twinId(), "OncologyPathway", pi, "Task_AcceptReferral", "tester");
        referrals.changeStatus(acceptStep, "dresden", taskId, TaskStatus.ACCEPTED, null);
        String versionAfterAccept = dresden.read(Task.class, taskId).getMeta().getVersionId();
        referrals.changeStatus(acceptStep, "dresden", taskId, TaskStatus.ACCEPTED, null);
        assertThat(dresden.read(Task.class, taskId).getMeta().getVersionId()).isEqualTo(versionAfterAccept);
        referrals.changeStatus(new StepContext(started.twinId(), "OncologyPathway", pi, "Task_MarkTreatmentStarted",
                "tester"), "dresden", taskId, TaskStatus.INPROGRESS, null);

        var outcomeStep = new StepContext(started.twinId(), "OncologyPathway", pi, "Task_RecordOutcome", "tester");
        var outcome = new StepOutcome("Proton beam therapy", java.time.LocalDate.of(2026, 12, 20), "none");
        String procedureId = referrals.recordOutcome(outcomeStep, "dresden", taskId, Modality.RADIOTHERAPY, outcome);
        assertThat(referrals.recordOutcome(outcomeStep, "dresden", taskId, Modality.RADIOTHERAPY, outcome))
                .isEqualTo(procedureId);
        assertThat(dresden.search(Procedure.class, "subject=" + idOf(receiving))).hasSize(1);
        // one Provenance for the creation and one for each of the three status changes
        assertThat(targets(dresden, referral)).hasSize(4);

        runtime.deleteProcessInstance(pi, "test finished");
    }

    @Test
    void theSameStatusChangeAfterTheCentreMovedOnIsRefusedNotApplied() {
        var started = startPathway("dresden");
        String pi = started.processInstanceId();
        completeAs("dresden-staff", awaitUserTask(pi, "Task_AnswerReferral"), Map.of("referralDecision", "rejected"));
        awaitEnd(pi);
        String taskId = (String) history.createHistoricVariableInstanceQuery().processInstanceId(pi)
                .variableName("referralTaskId").singleResult().getValue();

        var step = new StepContext(started.twinId(), "OncologyPathway", pi, "Task_AcceptReferral", "tester");
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        referrals.changeStatus(step, "dresden", taskId, TaskStatus.ACCEPTED, null))
                .hasMessageContaining("cannot move from rejected to accepted");
        assertThat(records("dresden").read(Task.class, taskId).getStatus()).isEqualTo(TaskStatus.REJECTED);
    }
}

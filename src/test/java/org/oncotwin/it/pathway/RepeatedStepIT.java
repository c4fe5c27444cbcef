package org.oncotwin.it.pathway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oncotwin.process.Activities.*;
import static org.oncotwin.process.ProcessKeys.*;
import static org.oncotwin.process.VariableNames.*;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;
import org.oncotwin.centre.Modality;
import org.oncotwin.fhir.StepContext;
import org.oncotwin.pathway.CarePlanService;
import org.oncotwin.process.PatientDetails;
import org.oncotwin.referral.ReferralService;
import org.oncotwin.referral.StepOutcome;
import org.oncotwin.testing.AbstractPathwayIT;
import org.oncotwin.testing.CentreRecords;
import org.springframework.beans.factory.annotation.Autowired;

/** Camunda runs jobs at least once: a step that runs again must leave exactly one copy of what it wrote. */
class RepeatedStepIT extends AbstractPathwayIT {

    @Autowired
    ReferralService referrals;
    @Autowired
    CarePlanService carePlans;

    @Test
    void theReferralJobExecutedTwiceLeavesNoDuplicateAtTheCentre() {
        var started = startPathway("dresden");
        String step = awaitStep(started.processInstanceId());
        handOver(step);
        String taskId = (String) runtime.getVariable(step, REFERRAL_TASK_ID);

        // the referral job of this very step instance runs a second time
        runtime.createProcessInstanceModification(step).startBeforeActivity(SEND_REFERRAL).execute();
        await("the repeated referral", () -> tasks.createTaskQuery().processInstanceId(step)
                .taskDefinitionKey(ANSWER_REFERRAL).count() == 2);

        assertThat(runtime.getVariable(step, REFERRAL_TASK_ID)).isEqualTo(taskId);
        CentreRecords dresden = records("dresden");
        Patient receiving = single(dresden.search(Patient.class, "identifier=urn:oncotwin:twin|" + started.twinId()));
        single(dresden.search(ServiceRequest.class, "subject=" + idOf(receiving)));
        single(dresden.search(Communication.class, "subject=" + idOf(receiving)));
        Task referral = single(dresden.search(Task.class, "patient=" + idOf(receiving)));
        assertThat(idOf(referral)).isEqualTo(taskId);
        assertThat(targets(dresden, referral)).hasSize(1);

        // status changes and the outcome, repeated by their delegates' service
        var acceptStep = new StepContext(started.twinId(), TREATMENT_STEP, step, ACCEPT_REFERRAL, "tester");
        referrals.changeStatus(acceptStep, "dresden", taskId, TaskStatus.ACCEPTED, null);
        String versionAfterAccept = dresden.read(Task.class, taskId).getMeta().getVersionId();
        referrals.changeStatus(acceptStep, "dresden", taskId, TaskStatus.ACCEPTED, null);
        assertThat(dresden.read(Task.class, taskId).getMeta().getVersionId()).isEqualTo(versionAfterAccept);
        referrals.changeStatus(new StepContext(started.twinId(), TREATMENT_STEP, step, MARK_TREATMENT_STARTED,
                "tester"), "dresden", taskId, TaskStatus.INPROGRESS, null);
        var outcomeStep = new StepContext(started.twinId(), TREATMENT_STEP, step, RECORD_OUTCOME, "tester");
        var outcome = new StepOutcome("MRI", LocalDate.of(2026, 12, 20), "none");
        String procedureId = referrals.recordOutcome(outcomeStep, "dresden", taskId, Modality.IMAGING, outcome);
        assertThat(referrals.recordOutcome(outcomeStep, "dresden", taskId, Modality.IMAGING, outcome))
                .isEqualTo(procedureId);
        assertThat(dresden.search(Procedure.class, "subject=" + idOf(receiving))).hasSize(1);
        assertThat(targets(dresden, referral)).hasSize(4);
        cleanUp(started.processInstanceId());
    }

    @Test
    void registeringTwiceLeavesOnePatientAndOneCarePlan() {
        String twinId = UUID.randomUUID().toString();
        var step = new StepContext(twinId, ONCOLOGY_PATHWAY, "pi-" + twinId, REGISTER_PATIENT, "tester");
        var patient = new PatientDetails(twinId, "LE-" + twinId.substring(0, 6), "Jana", "Novak",
                LocalDate.of(1961, 4, 23), AdministrativeGender.FEMALE);

        var first = carePlans.register(step, "leipzig", patient, List.of(Modality.IMAGING));
        var again = carePlans.register(step, "leipzig", patient, List.of(Modality.IMAGING));

        assertThat(again).isEqualTo(first);
        Patient registered = single(records("leipzig").search(Patient.class, "identifier=urn:oncotwin:twin|" + twinId));
        CarePlan plan = single(records("leipzig").search(CarePlan.class, "subject=" + idOf(registered)));
        assertThat(targets(records("leipzig"), plan)).hasSize(1);
    }

    @Test
    void aStatusChangeTheFlowForbidsIsRefusedNotApplied() {
        var started = startPathway("dresden");
        String step = awaitStep(started.processInstanceId());
        handOver(step);
        var answer = awaitUserTask(step, ANSWER_REFERRAL);
        // read before the rejection: the step then chooses another centre and refers there (a new Task id)
        String taskId = (String) stepVariable(step, REFERRAL_TASK_ID);
        completeAs("dresden-staff", answer, Map.of(REFERRAL_DECISION, "rejected", REJECTION_REASON, "No capacity"));
        await("the rejection at the centre", () -> "rejected".equals(
                records("dresden").read(Task.class, taskId).getStatus().toCode()));

        var accept = new StepContext(started.twinId(), TREATMENT_STEP, step, ACCEPT_REFERRAL, "tester");
        Assertions.assertThatThrownBy(() ->
                        referrals.changeStatus(accept, "dresden", taskId, TaskStatus.ACCEPTED, null))
                .hasMessageContaining("cannot move from rejected to accepted");
        assertThat(records("dresden").read(Task.class, taskId).getStatus()).isEqualTo(TaskStatus.REJECTED);
        cleanUp(started.processInstanceId());
    }
}

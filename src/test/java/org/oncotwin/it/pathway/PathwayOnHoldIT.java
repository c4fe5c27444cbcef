package org.oncotwin.it.pathway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oncotwin.process.Activities.*;
import static org.oncotwin.process.VariableNames.*;

import java.util.Date;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;
import org.oncotwin.testing.AbstractPathwayIT;
import org.oncotwin.testing.CentreRecords;
import org.springframework.http.HttpStatus;

/**
 * A pathway on hold reaches the centres: its open referral goes on-hold with the reason and back on resume; a centre
 * that moves a held referral on is not overruled, and its change is applied once the pathway runs again.
 */
class PathwayOnHoldIT extends AbstractPathwayIT {

    private static final String REASON = "Patient admitted to intensive care";

    @Test
    void holdSetsTheReferralOnHoldWithTheReasonAndResumeSetsItBack() {
        var started = startPathway("dresden");
        String step = acceptedAtDresden(started);
        CentreRecords dresden = records("dresden");

        var held = api().postForEntity(path(started, "hold"), Map.of("reason", REASON), Map.class);
        assertThat(held.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat((List<?>) held.getBody().get("informed")).hasSize(1);
        Task referral = referralAt(dresden, started.twinId());
        assertThat(referral.getStatus()).isEqualTo(TaskStatus.ONHOLD);
        assertThat(referral.getStatusReason().getText()).isEqualTo(REASON);
        assertThat(notices(dresden, referral, "On hold")).singleElement().satisfies(notice ->
                assertThat(notice.getPayloadFirstRep().getContentStringType().getValue()).contains(REASON));
        var again = api().postForEntity(path(started, "hold"), Map.of("reason", REASON), Map.class);
        assertThat(again.getStatusCode()).as("holding twice changes nothing more").isEqualTo(HttpStatus.OK);
        assertThat(notices(dresden, referral, "On hold")).hasSize(1);

        var resumed = api().postForEntity(path(started, "resume"), null, Map.class);
        assertThat(resumed.getStatusCode()).isEqualTo(HttpStatus.OK);
        referral = referralAt(dresden, started.twinId());
        assertThat(referral.getStatus()).isEqualTo(TaskStatus.ACCEPTED);
        assertThat(referral.hasStatusReason()).isFalse();
        assertThat(notices(dresden, referral, "Resumed")).hasSize(1);
        assertThat(stepVariable(step, REFERRAL_STATUS)).isEqualTo("accepted");

        // the step runs on as before: the centre starts the treatment
        setStatus(dresden, referral, TaskStatus.INPROGRESS);
        await("the step follows the centre after resume", () -> "in-progress".equals(stepVariable(step,
                REFERRAL_STATUS)));
        assertThat(runtime.createIncidentQuery().processInstanceId(step).count()).isZero();
        cleanUp(started.processInstanceId());
    }

    @Test
    void aCentreThatMovesAHeldReferralOnIsNotOverruledAndItsChangeAppliesAfterResume() throws Exception {
        var started = startPathway("dresden");
        String step = acceptedAtDresden(started);
        CentreRecords dresden = records("dresden");
        assertThat(api().postForEntity(path(started, "hold"), Map.of("reason", REASON), Map.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);

        setStatus(dresden, referralAt(dresden, started.twinId()), TaskStatus.INPROGRESS);
        Thread.sleep(3000); // the watcher sees the change (poll every second in the tests) but the step is held
        assertThat(stepVariable(step, REFERRAL_STATUS)).as("a held step takes no message").isEqualTo("on-hold");

        assertThat(api().postForEntity(path(started, "resume"), null, Map.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(referralAt(dresden, started.twinId()).getStatus()).as("the centre's change stands")
                .isEqualTo(TaskStatus.INPROGRESS);
        await("the centre's change applied after resume", () -> "in-progress".equals(stepVariable(step,
                REFERRAL_STATUS)));
        assertThat(runtime.createIncidentQuery().processInstanceId(step).count()).isZero();
        cleanUp(started.processInstanceId());
    }

    @Test
    void onlyCoordinatorsPutPathwaysOnHold() {
        var started = startPathway("dresden");
        for (String user : List.of("manager", "leipzig-physician", "dresden-staff")) {
            assertThat(as(user).postForEntity(path(started, "hold"), Map.of("reason", REASON), String.class)
                    .getStatusCode()).as(user).isEqualTo(HttpStatus.FORBIDDEN);
        }
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(started.processInstanceId()).active()
                .count()).isEqualTo(1);
        cleanUp(started.processInstanceId());
    }

    private String acceptedAtDresden(StartedPathway started) {
        String step = awaitStep(started.processInstanceId());
        handOver(step);
        CentreRecords dresden = records("dresden");
        await("the referral sent", () -> !dresden.search(Patient.class, "identifier=urn:oncotwin:twin|"
                + started.twinId()).isEmpty() && stepVariable(step, REFERRAL_TASK_ID) != null);
        setStatus(dresden, referralAt(dresden, started.twinId()), TaskStatus.ACCEPTED);
        awaitUserTask(step, CONFIRM_TREATMENT_START);
        return step;
    }

    private static String path(StartedPathway started, String action) {
        return "/api/pathways/" + started.processInstanceId() + "/" + action;
    }

    private static List<Communication> notices(CentreRecords centre, Task referral, String topic) {
        return centre.search(Communication.class, "subject=" + referral.getFor().getReference()).stream()
                .filter(c -> c.getTopic().getText().startsWith(topic))
                .filter(c -> idOf(referral).equals(c.getAboutFirstRep().getReference()))
                .toList();
    }
}

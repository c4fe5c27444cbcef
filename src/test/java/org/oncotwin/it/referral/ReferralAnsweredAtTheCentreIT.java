package org.oncotwin.it.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oncotwin.process.Activities.*;
import static org.oncotwin.process.VariableNames.*;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;
import org.oncotwin.testing.AbstractPathwayIT;
import org.oncotwin.testing.CentreRecords;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A centre answers in its own system, by updating the referral Task on its FHIR server; OncoTwin notices (the
 * centre's subscription notifies it, or it polls) and the pathway moves on. Illegal transitions are reported, not applied.
 */
class ReferralAnsweredAtTheCentreIT extends AbstractPathwayIT {

    @Test
    void theCentreAcceptsStartsAndCompletesInItsOwnSystemAndThePathwayFollows() {
        var started = startPathway("dresden");
        String step = referralWaitingAtDresden(started);
        CentreRecords dresden = records("dresden");
        Task referral = referralAt(dresden, started.twinId());

        referral = setStatus(dresden, referral, TaskStatus.ACCEPTED);
        awaitUserTask(step, CONFIRM_TREATMENT_START);
        referral = setStatus(dresden, referral, TaskStatus.INPROGRESS);
        awaitUserTask(step, REPORT_OUTCOME);
        Procedure procedure = new Procedure();
        procedure.setStatus(Procedure.ProcedureStatus.COMPLETED);
        procedure.setCode(new CodeableConcept().setText("MRI skull base, recorded in Dresden's own system"));
        procedure.setSubject(referral.getFor());
        String procedureId = dresden.client().create().resource(procedure).execute().getId()
                .toUnqualifiedVersionless().getValue();
        referral.addOutput().setType(new CodeableConcept().setText("Procedure performed"))
                .setValue(new Reference(procedureId));
        setStatus(dresden, referral, TaskStatus.COMPLETED);

        awaitEnd(step);
        awaitUserTask(started.processInstanceId(), TUMOUR_BOARD);
        assertThat(stepVariable(step, PROCEDURE_ID)).isEqualTo(procedureId);
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(step)
                .activityId(RECORD_OUTCOME).count()).as("OncoTwin wrote no outcome of its own").isZero();
        assertThat(dresden.search(Procedure.class, "subject=" + referral.getFor().getReference())).hasSize(1);

        var detail = api().getForObject("/api/referrals/" + step, Map.class);
        assertThat(detail.get("status")).isEqualTo("completed");
        assertThat((List<Map<String, Object>>) detail.get("statusHistory")).extracting(c -> c.get("status"))
                .containsExactly("requested", "accepted", "in-progress", "completed");
        var atDresden = api().getForObject("/api/referrals?centre=dresden&status=completed", List.class);
        assertThat(atDresden).anySatisfy(r -> assertThat(((Map<?, ?>) r).get("id")).isEqualTo(step));
        cleanUp(started.processInstanceId());
    }

    @Test
    void statusChangesFasterThanThePollAreAllApplied() {
        var started = startPathway("dresden");
        String step = referralWaitingAtDresden(started);
        CentreRecords dresden = records("dresden");
        Task referral = referralAt(dresden, started.twinId());

        referral = setStatus(dresden, referral, TaskStatus.ACCEPTED);
        referral = setStatus(dresden, referral, TaskStatus.INPROGRESS);
        setStatus(dresden, referral, TaskStatus.FAILED);

        await("the failed step to end", () -> runtime.createProcessInstanceQuery().processInstanceId(step).count() == 0);
        awaitUserTask(started.processInstanceId(), TUMOUR_BOARD);
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(step)
                .activityId(STEP_FAILED).count()).isEqualTo(1);
        cleanUp(started.processInstanceId());
    }

    @Test
    void anIllegalTransitionAtTheCentreIsReportedAsAnIncidentAndNotApplied() {
        var started = startPathway("dresden");
        String step = referralWaitingAtDresden(started);
        CentreRecords dresden = records("dresden");

        setStatus(dresden, referralAt(dresden, started.twinId()), TaskStatus.COMPLETED);

        await("an incident on the step", () -> runtime.createIncidentQuery().processInstanceId(step)
                .incidentType("referralUpdate").count() == 1);
        var incident = runtime.createIncidentQuery().processInstanceId(step).singleResult();
        assertThat(incident.getIncidentMessage()).contains("from requested to completed");
        assertThat(tasks.createTaskQuery().processInstanceId(step).taskDefinitionKey(ANSWER_REFERRAL).count())
                .isEqualTo(1);
        cleanUp(started.processInstanceId());
    }

    /** A pathway whose diagnostics referral waits for Dresden's answer; returns the step. */
    @Test
    void aChangeNoPathwayWaitsForIsLoggedAndOneSeenTwiceIsAppliedOnce() {
        CentreRecords dresden = records("dresden");
        Task stray = new Task();
        stray.addIdentifier().setSystem("urn:oncotwin:pathway-resource")
                .setValue("stray-" + UUID.randomUUID() + "/x/" + SEND_REFERRAL + "/task-dresden");
        stray.setStatus(TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER);
        String strayId = dresden.client().create().resource(stray).execute().getId().toUnqualifiedVersionless()
                .getValue();
        double unmatched = updates("unmatched");
        setStatus(dresden, dresden.read(Task.class, strayId), TaskStatus.ACCEPTED);
        await("the stray change seen", () -> updates("unmatched") > unmatched);

        var started = startPathway("dresden");
        String step = referralWaitingAtDresden(started);
        Task referral = setStatus(dresden, referralAt(dresden, started.twinId()), TaskStatus.ACCEPTED);
        awaitUserTask(step, CONFIRM_TREATMENT_START);
        double known = updates("known");
        referral.addNote().setText("Accepted, confirmed again by the ward");
        setStatus(dresden, referral, TaskStatus.ACCEPTED); // the same status arrives a second time
        await("the repeated change seen", () -> updates("known") > known);

        assertThat(tasks.createTaskQuery().processInstanceId(step).taskDefinitionKey(CONFIRM_TREATMENT_START)
                .count()).isEqualTo(1);
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(step)
                .activityId(REFERRAL_ACCEPTED_AT_CENTRE).count()).as("acceptance applied once").isEqualTo(1);
        assertThat(runtime.createIncidentQuery().processInstanceId(step).count()).isZero();
        cleanUp(started.processInstanceId());
    }

    @Test
    void aCentreOnSubscriptionNotifiesItsChangeAndOneOnPollIsSearched() {
        await("Dresden's subscription websocket bound", () -> gauge("oncotwin.referral.subscription.connected",
                "dresden") == 1);
        var started = startPathway("dresden");
        String step = referralWaitingAtDresden(started);
        CentreRecords dresden = records("dresden");
        double notified = counter("oncotwin.referral.notifications", "dresden");

        Instant changed = Instant.now();
        setStatus(dresden, referralAt(dresden, started.twinId()), TaskStatus.ACCEPTED);
        awaitUserTask(step, CONFIRM_TREATMENT_START);
        System.out.printf("Dresden (subscription): Task update to message correlated in %d ms%n",
                Duration.between(changed, Instant.now()).toMillis());
        assertThat(counter("oncotwin.referral.notifications", "dresden")).isGreaterThan(notified);

        var toPrague = startPathway("prague");
        String pragueStep = awaitStep(toPrague.processInstanceId());
        handOver(pragueStep);
        CentreRecords prague = records("prague");
        setStatus(prague, referralAt(prague, toPrague.twinId()), TaskStatus.ACCEPTED);
        awaitUserTask(pragueStep, CONFIRM_TREATMENT_START);
        assertThat(gauge("oncotwin.referral.subscription.connected", "prague")).as("Prague is polled").isZero();
        assertThat(counter("oncotwin.referral.notifications", "prague")).isZero();
        cleanUp(started.processInstanceId());
        cleanUp(toPrague.processInstanceId());
    }

    @Test
    void aCentreOnRestHookSendsTheChangedTaskAndTheStepTakesItsOutputsFromIt() {
        await("Leipzig's rest-hook subscription in place", () -> gauge("oncotwin.referral.subscription.connected",
                "leipzig") == 1);
        var started = startPathway("leipzig");
        String step = awaitStep(started.processInstanceId());
        handOver(step);
        CentreRecords leipzig = records("leipzig");
        // other installations sharing the centre (the cluster test's nodes) keep Subscriptions of their own
        String endpoint = http.getRootUri() + "/centre-notifications/leipzig";
        assertThat(leipzig.search(Subscription.class, "_tag=urn:oncotwin:subscription|referral-updates"))
                .filteredOn(subscription -> endpoint.equals(subscription.getChannel().getEndpoint()))
                .singleElement().satisfies(subscription -> assertThat(subscription.getChannel().getType())
                        .isEqualTo(Subscription.SubscriptionChannelType.RESTHOOK));
        double notified = counter("oncotwin.referral.notifications", "leipzig");

        Task referral = setStatus(leipzig, referralAt(leipzig, started.twinId()), TaskStatus.ACCEPTED);
        awaitUserTask(step, CONFIRM_TREATMENT_START);
        // the step may already have taken the change from a search (Leipzig is searched every poll interval while
        // Tasks of other tests wait on its re-check list); the centre's delivery arrives all the same
        await("the centre sent the Task", () -> counter("oncotwin.referral.notifications", "leipzig") > notified);
        referral = setStatus(leipzig, referral, TaskStatus.INPROGRESS);
        Procedure procedure = new Procedure().setStatus(Procedure.ProcedureStatus.COMPLETED)
                .setSubject(referral.getFor()).setCode(new CodeableConcept().setText("CT thorax"));
        String procedureId = leipzig.client().create().resource(procedure).execute().getId().toUnqualifiedVersionless()
                .getValue();
        referral.addOutput().setType(new CodeableConcept().setText("procedure")).setValue(new Reference(procedureId));
        setStatus(leipzig, referral, TaskStatus.COMPLETED);
        await("the step ended", () -> runtime.createProcessInstanceQuery().processInstanceId(step).count() == 0);

        assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(step).variableName(PROCEDURE_ID)
                .singleResult().getValue()).isEqualTo(procedureId);
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(step)
                .activityId(REFERRAL_ACCEPTED_AT_CENTRE).count()).as("acceptance applied once").isEqualTo(1);
        cleanUp(started.processInstanceId());
    }

    @Test
    void onlyTheCentreWithItsSecretMayDeliverNotifications() {
        String task = "{\"resourceType\":\"Task\",\"id\":\"1\",\"meta\":{\"versionId\":\"2\"},"
                + "\"status\":\"completed\",\"intent\":\"order\"}";
        assertThat(deliver("leipzig", null, task).getStatusCode()).as("no secret").isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(deliver("leipzig", "Bearer guessed", task).getStatusCode()).as("a wrong secret")
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        var coordinator = as("coordinator").exchange("/centre-notifications/leipzig/Task/1", HttpMethod.PUT,
                new HttpEntity<>(task, fhirJson()), String.class);
        assertThat(coordinator.getStatusCode()).as("a person's login").isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(deliver("dresden", "Bearer it-leipzig-notification-secret", task).getStatusCode())
                .as("a centre on websocket takes no rest-hook").isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(deliver("leipzig", "Bearer it-leipzig-notification-secret", "{\"resourceType\":\"Patient\"}")
                .getStatusCode()).as("not a Task").isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(deliver("leipzig", "Bearer it-leipzig-notification-secret", task).getStatusCode())
                .as("a Task that is not OncoTwin's referral: taken note of, nothing applied").isEqualTo(HttpStatus.OK);
    }

    private ResponseEntity<String> deliver(String centre, String authorization, String body) {
        HttpHeaders headers = fhirJson();
        if (authorization != null) {
            headers.set(HttpHeaders.AUTHORIZATION, authorization);
        }
        return http.exchange("/centre-notifications/" + centre + "/Task/1", HttpMethod.PUT,
                new HttpEntity<>(body, headers), String.class);
    }

    private static HttpHeaders fhirJson() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("application/fhir+json"));
        return headers;
    }

    private double gauge(String name, String centre) {
        var gauge = meters.find(name).tag("centre", centre).gauge();
        return gauge == null ? -1 : gauge.value();
    }

    private double counter(String name, String centre) {
        var counter = meters.find(name).tag("centre", centre).counter();
        return counter == null ? 0 : counter.count();
    }

    @Autowired
    MeterRegistry meters;

    private double updates(String outcome) {
        var counter = meters.find("oncotwin.referral.updates").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private String referralWaitingAtDresden(StartedPathway started) {
        String step = awaitStep(started.processInstanceId());
        handOver(step);
        return step;
    }
}

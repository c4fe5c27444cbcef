package org.oncotwin.demo;

import static org.oncotwin.process.Activities.*;
import static org.oncotwin.process.VariableNames.*;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.oncotwin.centre.Centre;
import org.oncotwin.centre.CentreDirectory;
import org.oncotwin.testing.centres.DemoCentres;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * What the demo's people and centres do, through the same doors they use: the coordinator through OncoTwin's API,
 * physicians and centre staff through Tasklist's engine calls (with their authorizations), a centre's own system
 * through its FHIR server.
 */
final class DemoActions {

    static final Duration PATIENCE = Duration.ofSeconds(60);

    private final RestClient api;
    private final TaskService tasks;
    private final RuntimeService runtime;
    private final ManagementService management;
    private final IdentityService identity;
    private final DemoCentres centres;
    private final FhirContext fhirContext;
    private final CentreDirectory directory;

    DemoActions(int port, TaskService tasks, RuntimeService runtime, ManagementService management,
                IdentityService identity, DemoCentres centres, FhirContext fhirContext, CentreDirectory directory) {
        this.directory = directory;
        this.api = RestClient.builder().baseUrl("http://localhost:" + port).build();
        this.tasks = tasks;
        this.runtime = runtime;
        this.management = management;
        this.identity = identity;
        this.centres = centres;
        this.fhirContext = fhirContext;
    }

    record Started(String twinId, String processInstanceId) {
    }

    /** The coordinator starts a pathway through {@code POST /api/pathways}. */
    Started start(String model, DemoPatient patient, String reason, String diagnosticsCentre) {
        var intake = new HashMap<String, Object>(Map.of(PATIENT_FAMILY_NAME, patient.family(),
                PATIENT_GIVEN_NAME, patient.given(), PATIENT_BIRTH_DATE, patient.birthDate(),
                PATIENT_GENDER, patient.gender(), PATIENT_MRN, patient.mrn(), REFERRAL_REASON, reason,
                URGENCY, patient.urgent() ? "urgent" : "routine", COORDINATING_CENTRE, patient.coordinatingCentre()));
        if (diagnosticsCentre != null) {
            intake.put(DIAGNOSTICS_CENTRE, diagnosticsCentre);
        }
        intake.put(CONSENT_RESEARCH, patient.consentResearch());
        intake.put(CONSENT_CARE_SHARING, patient.consentCareSharing());
        intake.put(CONSENT_DATE, engineToday()); // the story's day, which may lie in the past
        @SuppressWarnings("unchecked")
        Map<String, Object> started = api.post().uri("/api/pathways?pathway={model}", model)
                .header("Authorization", basic("coordinator")).contentType(MediaType.APPLICATION_JSON)
                .body(intake).retrieve().body(Map.class);
        return new Started((String) started.get("twinId"), (String) started.get("processInstanceId"));
    }

    void withdraw(Started pathway, String reason) {
        api.post().uri("/api/pathways/{id}/withdrawal", pathway.processInstanceId())
                .header("Authorization", basic("coordinator")).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("reason", reason)).retrieve().toBodilessEntity();
        await("withdrawal of " + pathway.twinId(), () -> runtime.createProcessInstanceQuery()
                .processInstanceId(pathway.processInstanceId()).count() == 0);
    }

    /** The patient withdraws a consent; the coordinator records it through the API, dated the story's day. */
    void withdrawConsent(Started pathway, String scope, String reason) {
        api.post().uri("/api/twins/{twin}/consents/{scope}/withdrawal", pathway.twinId(), scope)
                .header("Authorization", basic("coordinator")).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("date", engineToday(), "reason", reason)).retrieve().toBodilessEntity();
    }

    private static String engineToday() {
        return java.time.LocalDate.ofInstant(ClockUtil.getCurrentTime().toInstant(),
                java.time.ZoneOffset.UTC).toString();
    }

    void hold(Started pathway, String reason) {
        api.post().uri("/api/pathways/{id}/hold", pathway.processInstanceId())
                .header("Authorization", basic("coordinator")).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("reason", reason)).retrieve().toBodilessEntity();
    }

    /** Earlier records of the patient, as the centre's own export, imported into the twin. */
    void importRecords(Started pathway, String centre, String export) {
        api.post().uri("/api/twins/{twin}/records?centre={centre}", pathway.twinId(), centre)
                .header("Authorization", basic("coordinator")).contentType(MediaType.valueOf("application/fhir+json"))
                .body(export).retrieve().toBodilessEntity();
    }

    /** Waits for the pathway (or one of its steps) to reach the user task, then returns it. */
    Task awaitTask(Started pathway, String taskKey) {
        await(taskKey + " of " + pathway.twinId(), () -> openTask(pathway, taskKey).isPresent());
        return openTask(pathway, taskKey).orElseThrow();
    }

    Optional<Task> openTask(Started pathway, String taskKey) {
        return tasks.createTaskQuery().processInstanceBusinessKey(pathway.twinId()).taskDefinitionKey(taskKey)
                .list().stream().findFirst();
    }

    /** Completes the task the way Tasklist does, as the user (claim, then complete with the form's fields). */
    void complete(String userId, Task task, Map<String, Object> fields) {
        List<String> groups = identity.createGroupQuery().groupMember(userId).list().stream().map(Group::getId)
                .toList();
        identity.setAuthentication(userId, groups);
        try {
            tasks.claim(task.getId(), userId);
            tasks.complete(task.getId(), fields);
        } finally {
            identity.clearAuthentication();
        }
    }

    /** The centre the task's staff belong to (its candidate group {@code staff-<centre>}). */
    String centreOf(Task task) {
        return tasks.getIdentityLinksForTask(task.getId()).stream().map(IdentityLink::getGroupId)
                .filter(group -> group != null && group.startsWith("staff-")).map(g -> g.substring(6))
                .findFirst().orElseThrow(() -> new IllegalStateException("No centre staff on " + task.getName()));
    }

    /** The physician who writes this handover: one of the coordinating centre's (candidate group). */
    String physicianOf(Task handover) {
        return tasks.getIdentityLinksForTask(handover.getId()).stream().map(IdentityLink::getGroupId)
                .filter(group -> group != null && group.startsWith("physicians-"))
                .map(g -> g.substring("physicians-".length()) + "-physician")
                .findFirst().orElseThrow(() -> new IllegalStateException("No physicians on " + handover.getName()));
    }

    /** The physician hands over: the referral goes out. */
    void handOver(Started pathway, String physician, String summary, String findings) {
        complete(physician, awaitTask(pathway, HANDOVER), Map.of(CLINICAL_SUMMARY, summary,
                REFERRAL_REASON, "Please see the clinical summary", URGENCY, "routine",
                RELEVANT_FINDINGS, findings, OPEN_QUESTIONS, "Earliest possible date?"));
    }

    /** @return the centre that answered */
    String answer(Started pathway, boolean accept, String rejectionReason) {
        Task task = awaitTask(pathway, ANSWER_REFERRAL);
        String centre = centreOf(task);
        complete(centre + "-staff", task, accept ? Map.of(REFERRAL_DECISION, "accepted")
                : Map.of(REFERRAL_DECISION, "rejected", REJECTION_REASON, rejectionReason));
        return centre;
    }

    void confirmStart(Started pathway) {
        Task task = awaitTask(pathway, CONFIRM_TREATMENT_START);
        complete(centreOf(task) + "-staff", task, Map.of("treatmentStartDate", today()));
    }

    void reportOutcome(Started pathway, String procedure, String findings) {
        Task task = awaitTask(pathway, REPORT_OUTCOME);
        complete(centreOf(task) + "-staff", task, Map.of(PROCEDURE_PERFORMED, procedure, PROCEDURE_DATE, today(),
                KEY_FINDINGS, findings));
    }

    /** Waits until the pathway has an incident (a step whose retries ran out). */
    void awaitIncident(Started pathway) {
        await("an incident of " + pathway.twinId(), () -> {
            List<String> instances = runtime.createProcessInstanceQuery().processInstanceBusinessKey(pathway.twinId())
                    .list().stream().map(p -> p.getId()).toList();
            // the retries are minutes apart; the demo lets them come at once rather than wait for them
            instances.forEach(instance -> management.createJobQuery().processInstanceId(instance).withException()
                    .withRetriesLeft().list().stream()
                    .filter(job -> job.getDuedate() != null && job.getDuedate().after(ClockUtil.getCurrentTime()))
                    .forEach(job -> management.setJobDuedate(job.getId(), ClockUtil.getCurrentTime())));
            return instances.stream().anyMatch(id -> runtime.createIncidentQuery().processInstanceId(id).count() > 0);
        });
    }

    /** Waits until no job is due: what was started has run as far as it goes without people. */
    void awaitQuiet() {
        await("the job executor to run every due job", () -> management.createJobQuery().executable().count() == 0);
    }

    IGenericClient centre(String id) {
        return fhirContext.newRestfulGenericClient(centres.centre(id).baseUrl());
    }

    Centre centreSettings(String id) {
        return directory.require(id);
    }

    DemoCentres centres() {
        return centres;
    }

    FhirContext fhirContext() {
        return fhirContext;
    }

    static String today() {
        return LocalDate.ofInstant(ClockUtil.getCurrentTime().toInstant(), ZoneOffset.UTC).toString();
    }

    static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Demo network: waited " + PATIENCE.toSeconds() + " s for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Demo network interrupted waiting for " + what, e);
            }
        }
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + DemoSetup.DEMO_PASSWORD).getBytes());
    }
}

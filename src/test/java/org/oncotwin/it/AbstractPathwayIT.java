package org.oncotwin.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.Provenance;
import org.springframework.http.HttpStatus;

import ca.uhn.fhir.context.FhirContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.oncotwin.OncoTwinApplication;
import org.oncotwin.centres.CentreServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.oncotwin.demo.DemoSetup;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * OncoTwin end to end: Camunda on PostgreSQL, the job executor running, three real HAPI FHIR JPA servers as centres.
 * All integration tests share this one Spring context and the centres.
 */
@SpringBootTest(classes = OncoTwinApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("it")
@Import(DemoSetup.class)
// metrics export (Prometheus) is off in Spring Boot tests unless asked for; OperationsIT reads it
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability(tracing = false)
abstract class AbstractPathwayIT {

    static final Duration PATIENCE = Duration.ofSeconds(60);

    @Autowired
    RuntimeService runtime;
    @Autowired
    TaskService tasks;
    @Autowired
    HistoryService history;
    @Autowired
    ManagementService management;
    @Autowired
    IdentityService identity;
    @Autowired
    FhirContext fhirContext;
    @Autowired
    TestRestTemplate http;

    @DynamicPropertySource
    static void centres(DynamicPropertyRegistry registry) {
        SharedCentres.get().properties().forEach((name, value) -> registry.add(name, () -> value));
    }

    CentreServer centre(String id) {
        return SharedCentres.get().centre(id);
    }

    CentreRecords records(String centreId) {
        return new CentreRecords(fhirContext, centre(centreId));
    }

    static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out after " + PATIENCE.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted waiting for " + what);
            }
        }
    }

    /** Waits for the pathway to reach a user task (the job executor runs the service tasks before it). */
    Task awaitUserTask(String processInstanceId, String taskDefinitionKey) {
        await(taskDefinitionKey + " in " + processInstanceId, () -> tasks.createTaskQuery()
                .processInstanceId(processInstanceId).taskDefinitionKey(taskDefinitionKey).count() == 1);
        return tasks.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(taskDefinitionKey)
                .singleResult();
    }

    void awaitEnd(String processInstanceId) {
        await("end of " + processInstanceId, () -> runtime.createProcessInstanceQuery()
                .processInstanceId(processInstanceId).count() == 0);
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId).singleResult()
                .getState()).isEqualTo("COMPLETED");
    }

    /** The API as the demo coordinator (every demo user's password is "demo"). */
    TestRestTemplate api() {
        return as("coordinator");
    }

    TestRestTemplate as(String userId) {
        return http.withBasicAuth(userId, "demo");
    }

    /** Completes a user task as the given user, the way Tasklist does (Camunda's authorizations apply). */
    void completeAs(String userId, Task task, Map<String, Object> variables) {
        identity.setAuthentication(userId, groupsOf(userId));
        try {
            tasks.claim(task.getId(), userId);
            tasks.complete(task.getId(), variables);
        } finally {
            identity.clearAuthentication();
        }
    }

    /** Starts an OncologyPathway through the API; {@code diagnosticsCentre} may be null (the selection chooses). */
    List<String> groupsOf(String userId) {
        return identity.createGroupQuery().groupMember(userId).list().stream()
                .map(org.camunda.bpm.engine.identity.Group::getId).toList();
    }

    StartedPathway startPathway(String diagnosticsCentre) {
        String mrn = "LE-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        var intake = new java.util.HashMap<String, Object>(Map.of(
                "patientFamilyName", "Novak", "patientGivenName", "Jana", "patientBirthDate", "1961-04-23",
                "patientGender", "female", "patientMrn", mrn, "referralReason", "Suspected skull base chordoma",
                "urgency", "routine"));
        if (diagnosticsCentre != null) {
            intake.put("diagnosticsCentre", diagnosticsCentre);
        }
        var response = api().postForEntity("/api/pathways", intake, StartedPathway.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return new StartedPathway(response.getBody().twinId(), response.getBody().processInstanceId(), mrn);
    }

    /** The TreatmentStep the pathway runs now (waits until there is exactly one). */
    String awaitStep(String pathwayInstanceId) {
        await("a treatment step of " + pathwayInstanceId, () -> runtime.createProcessInstanceQuery()
                .superProcessInstanceId(pathwayInstanceId).count() == 1);
        return runtime.createProcessInstanceQuery().superProcessInstanceId(pathwayInstanceId).singleResult().getId();
    }

    /** The referring physician hands over; the referral goes out; returns when the centre's answer is awaited. */
    void handOver(String stepId) {
        completeAs("leipzig-physician", awaitUserTask(stepId, "Task_Handover"), Map.of(
                "clinicalSummary", "62-year-old woman, clival mass on MRI", "referralReason", "Staging and biopsy",
                "urgency", "routine", "relevantFindings", "MRI 2026-11-20", "openQuestions", "Biopsy feasible?"));
        awaitUserTask(stepId, "Task_AnswerReferral");
    }

    /** The receiving centre's staff run the step in Tasklist: accept, start, report the outcome. */
    void runStepInTasklist(String stepId, String staff, String procedure) {
        completeAs(staff, awaitUserTask(stepId, "Task_AnswerReferral"), Map.of("referralDecision", "accepted"));
        completeAs(staff, awaitUserTask(stepId, "Task_ConfirmTreatmentStart"),
                Map.of("treatmentStartDate", "2026-12-01"));
        completeAs(staff, awaitUserTask(stepId, "Task_ReportOutcome"), Map.of("procedurePerformed", procedure,
                "procedureDate", "2026-12-20", "keyFindings", "As planned"));
        awaitEnd(stepId);
    }

    /**
     * Ends a pathway a test left running, after its assertions; the job executor may be moving it at the same moment
     * (optimistic locking, or a constraint while a job commits), so it tries again a few times.
     */
    void cleanUp(String processInstanceId) {
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                if (runtime.createProcessInstanceQuery().processInstanceId(processInstanceId).count() > 0) {
                    runtime.deleteProcessInstance(processInstanceId, "test finished");
                }
                return;
            } catch (org.camunda.bpm.engine.ProcessEngineException e) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    Object stepVariable(String stepId, String name) {
        var variable = history.createHistoricVariableInstanceQuery().processInstanceId(stepId).variableName(name)
                .singleResult();
        return variable == null ? null : variable.getValue();
    }

    record StartedPathway(String twinId, String processInstanceId, String mrn) {
    }

    static <T> T single(List<T> resources) {
        assertThat(resources).hasSize(1);
        return resources.get(0);
    }

    static String idOf(org.hl7.fhir.r4.model.Resource resource) {
        return resource.getIdElement().toUnqualifiedVersionless().getValue();
    }

    static List<Provenance> targets(CentreRecords centre, org.hl7.fhir.r4.model.Resource target) {
        return centre.search(Provenance.class, "target=" + idOf(target));
    }
}

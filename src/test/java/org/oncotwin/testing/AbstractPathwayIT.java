package org.oncotwin.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oncotwin.process.Activities.*;
import static org.oncotwin.process.VariableNames.*;

import ca.uhn.fhir.context.FhirContext;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.task.Task;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Resource;
import org.oncotwin.OncoTwinApplication;
import org.oncotwin.demo.DemoSetup;
import org.oncotwin.testing.centres.CentreServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
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
@AutoConfigureObservability(tracing = false)
public abstract class AbstractPathwayIT {

    static final Duration PATIENCE = Duration.ofSeconds(60);

    @Autowired
    protected RuntimeService runtime;
    @Autowired
    protected TaskService tasks;
    @Autowired
    protected HistoryService history;
    @Autowired
    protected ManagementService management;
    @Autowired
    protected IdentityService identity;
    @Autowired
    protected FhirContext fhirContext;
    @Autowired
    protected TestRestTemplate http;

    @DynamicPropertySource
    static void centres(DynamicPropertyRegistry registry) {
        SharedCentres.properties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /** The centre's FHIR base URL, wherever the centres run. */
    protected static String centreBaseUrl(String centreId) {
        return SharedCentres.baseUrl(centreId);
    }

    /** The centre's server in this JVM, for tests that reach into it (faults, outages, interceptors). */
    protected CentreServer centre(String id) {
        return SharedCentres.get().centre(id);
    }

    protected CentreRecords records(String centreId) {
        return new CentreRecords(fhirContext, centreBaseUrl(centreId));
    }

    protected static void await(String what, BooleanSupplier condition) {
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
    protected Task awaitUserTask(String processInstanceId, String taskDefinitionKey) {
        await(taskDefinitionKey + " in " + processInstanceId, () -> tasks.createTaskQuery()
                .processInstanceId(processInstanceId).taskDefinitionKey(taskDefinitionKey).count() == 1);
        return tasks.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(taskDefinitionKey)
                .singleResult();
    }

    protected void awaitEnd(String processInstanceId) {
        await("end of " + processInstanceId, () -> runtime.createProcessInstanceQuery()
                .processInstanceId(processInstanceId).count() == 0);
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId).singleResult()
                .getState()).isEqualTo("COMPLETED");
    }

    /** The API as the demo coordinator (every demo user's password is "demo"). */
    protected TestRestTemplate api() {
        return as("coordinator");
    }

    protected TestRestTemplate as(String userId) {
        return http.withBasicAuth(userId, "demo");
    }

    /** Completes a user task as the given user, the way Tasklist does (Camunda's authorizations apply). */
    protected void completeAs(String userId, Task task, Map<String, Object> variables) {
        identity.setAuthentication(userId, groupsOf(userId));
        try {
            tasks.claim(task.getId(), userId);
            tasks.complete(task.getId(), variables);
        } finally {
            identity.clearAuthentication();
        }
    }

    protected List<String> groupsOf(String userId) {
        return identity.createGroupQuery().groupMember(userId).list().stream()
                .map(Group::getId).toList();
    }

    /** Starts an OncologyPathway through the API; {@code diagnosticsCentre} may be null (the selection chooses). */
    protected StartedPathway startPathway(String diagnosticsCentre) {
        return startPathway(diagnosticsCentre, api());
    }

    /** Starts an OncologyPathway through the API as the caller {@code as} logs in. */
    protected StartedPathway startPathway(String diagnosticsCentre, TestRestTemplate as) {
        String mrn = "LE-" + UUID.randomUUID().toString().substring(0, 8);
        var intake = new HashMap<String, Object>(Map.of(
                PATIENT_FAMILY_NAME, "Novak", PATIENT_GIVEN_NAME, "Jana", PATIENT_BIRTH_DATE, "1961-04-23",
                PATIENT_GENDER, "female", PATIENT_MRN, mrn, REFERRAL_REASON, "Suspected skull base chordoma",
                URGENCY, "routine"));
        if (diagnosticsCentre != null) {
            intake.put(DIAGNOSTICS_CENTRE, diagnosticsCentre);
        }
        var response = as.postForEntity("/api/pathways", intake, StartedPathway.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return new StartedPathway(response.getBody().twinId(), response.getBody().processInstanceId(), mrn);
    }

    /** The TreatmentStep the pathway runs now (waits until there is exactly one). */
    protected String awaitStep(String pathwayInstanceId) {
        await("a treatment step of " + pathwayInstanceId, () -> runtime.createProcessInstanceQuery()
                .superProcessInstanceId(pathwayInstanceId).count() == 1);
        return runtime.createProcessInstanceQuery().superProcessInstanceId(pathwayInstanceId).singleResult().getId();
    }

    /** The referring physician hands over; the referral goes out; returns when the centre's answer is awaited. */
    protected void handOver(String stepId) {
        completeAs("leipzig-physician", awaitUserTask(stepId, HANDOVER), Map.of(
                CLINICAL_SUMMARY, "62-year-old woman, clival mass on MRI", REFERRAL_REASON, "Staging and biopsy",
                URGENCY, "routine", RELEVANT_FINDINGS, "MRI 2026-11-20", OPEN_QUESTIONS, "Biopsy feasible?"));
        awaitUserTask(stepId, ANSWER_REFERRAL);
    }

    /** The receiving centre's staff run the step in Tasklist: accept, start, report the outcome. */
    protected void runStepInTasklist(String stepId, String staff, String procedure) {
        completeAs(staff, awaitUserTask(stepId, ANSWER_REFERRAL), Map.of(REFERRAL_DECISION, "accepted"));
        completeAs(staff, awaitUserTask(stepId, CONFIRM_TREATMENT_START),
                Map.of("treatmentStartDate", "2026-12-01"));
        completeAs(staff, awaitUserTask(stepId, REPORT_OUTCOME), Map.of(PROCEDURE_PERFORMED, procedure,
                PROCEDURE_DATE, "2026-12-20", KEY_FINDINGS, "As planned"));
        awaitEnd(stepId);
    }

    /**
     * Ends a pathway a test left running, after its assertions; the job executor may be moving it at the same moment
     * (optimistic locking, or a constraint while a job commits), so it tries again a few times.
     */
    protected void cleanUp(String processInstanceId) {
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                if (runtime.createProcessInstanceQuery().processInstanceId(processInstanceId).count() > 0) {
                    runtime.deleteProcessInstance(processInstanceId, "test finished");
                }
                return;
            } catch (ProcessEngineException e) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    protected Object stepVariable(String stepId, String name) {
        var variable = history.createHistoricVariableInstanceQuery().processInstanceId(stepId).variableName(name)
                .singleResult();
        return variable == null ? null : variable.getValue();
    }

    public record StartedPathway(String twinId, String processInstanceId, String mrn) {
    }

    /** A JSON request body. */
    protected static HttpEntity<Object> json(Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(body, headers);
    }

    /** The referral Task OncoTwin sent to the centre for the twin (the only one there). */
    protected org.hl7.fhir.r4.model.Task referralAt(CentreRecords centre, String twinId) {
        Patient patient = single(centre.search(Patient.class, "identifier=urn:oncotwin:twin|" + twinId));
        return single(centre.search(org.hl7.fhir.r4.model.Task.class, "patient=" + idOf(patient)));
    }

    /** What the centre's own system does: a plain update of its Task. @return the Task as stored now */
    protected static org.hl7.fhir.r4.model.Task setStatus(CentreRecords centre, org.hl7.fhir.r4.model.Task task,
                                                          org.hl7.fhir.r4.model.Task.TaskStatus status) {
        task.setStatus(status);
        task.setLastModified(new java.util.Date());
        task.setId(task.getIdElement().toUnqualifiedVersionless());
        centre.client().update().resource(task).execute();
        return centre.read(org.hl7.fhir.r4.model.Task.class, task.getIdElement().getValue());
    }

    protected static <T> T single(List<T> resources) {
        assertThat(resources).hasSize(1);
        return resources.get(0);
    }

    protected static String idOf(Resource resource) {
        return resource.getIdElement().toUnqualifiedVersionless().getValue();
    }

    protected static List<Provenance> targets(CentreRecords centre, Resource target) {
        return centre.search(Provenance.class, "target=" + idOf(target));
    }
}

package org.oncotwin.it.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oncotwin.process.Activities.*;
import static org.oncotwin.process.VariableNames.*;

import java.time.Duration;
import java.util.Date;
import java.util.Map;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.oncotwin.testing.AbstractPathwayIT;
import org.oncotwin.testing.centres.CentreFaults;

/**
 * A centre that fails turns the step into a failed job that retries, then an incident; nothing is half-written; once
 * the centre works again and the incident is retried, the pathway goes on.
 */
class CentreFailureIT extends AbstractPathwayIT {

    @AfterEach
    void healCentres() {
        centre("dresden").faults().clear();
        centre("dresden").resumeListening();
    }

    @Test
    void aTransactionFailingHalfWayWritesNothingAndEndsInAnIncidentUntilRetried() {
        var started = startPathway("dresden");
        String pi = awaitStep(started.processInstanceId());
        centre("dresden").faults().set(CentreFaults.Mode.FAIL_WHEN_STORING_TASK);
        completeAs("leipzig-physician", awaitUserTask(pi, HANDOVER), Map.of(CLINICAL_SUMMARY, "x"));

        Job job = awaitFailedJob(pi);
        assertThat(job.getExceptionMessage()).contains("Injected fault: storing the Task failed");
        assertThat(records("dresden").search(Patient.class, "identifier=urn:oncotwin:twin|" + started.twinId()))
                .as("Patient stored earlier in the same transaction is rolled back").isEmpty();
        assertThat(records("dresden").search(ServiceRequest.class, "identifier=urn:oncotwin:pathway-resource|"
                + started.twinId() + "/" + pi + "/" + SEND_REFERRAL + "/servicerequest-dresden")).isEmpty();

        exhaustRetries(job.getId());
        Incident incident = runtime.createIncidentQuery()
                .processInstanceId(pi).singleResult();
        assertThat(incident).isNotNull();
        assertThat(incident.getActivityId()).isEqualTo(SEND_REFERRAL);
        assertThat(incident.getIncidentMessage()).contains("Injected fault");

        centre("dresden").faults().clear();
        retryNow(job.getId());
        awaitUserTask(pi, ANSWER_REFERRAL);
        assertThat(runtime.createIncidentQuery().processInstanceId(pi).count()).isZero();
        Patient patient = single(records("dresden").search(Patient.class,
                "identifier=urn:oncotwin:twin|" + started.twinId()));
        single(records("dresden").search(Task.class, "patient=" + idOf(patient)));
        cleanUp(started.processInstanceId());
    }

    @Test
    void aCentreThatIsDownMakesTheStepRetryAndGoOnWhenItIsBack() {
        var started = startPathway("prague");
        String pi = awaitStep(started.processInstanceId());
        centre("prague").stopListening();
        try {
            completeAs("leipzig-physician", awaitUserTask(pi, HANDOVER), Map.of(CLINICAL_SUMMARY, "x"));

            Job job = awaitFailedJob(pi);
            assertThat(job.getExceptionMessage()).containsIgnoringCase("prague").doesNotContain("Injected");
            assertThat(job.getRetries()).isPositive();

            centre("prague").resumeListening();
            retryNow(job.getId());
            awaitUserTask(pi, ANSWER_REFERRAL);
            single(records("prague").search(Patient.class, "identifier=urn:oncotwin:twin|" + started.twinId()));
            cleanUp(started.processInstanceId());
        } finally {
            centre("prague").resumeListening();
        }
    }

    @Test
    void aSlowCentreDoesNotHoldUpTheOthers() {
        centre("dresden").faults().delayEveryRequest(Duration.ofSeconds(8));
        try {
            var toSlow = startPathway("dresden");
            var toFast = startPathway("leipzig");
            String slowStep = awaitStep(toSlow.processInstanceId());
            String fastStep = awaitStep(toFast.processInstanceId());
            completeAs("leipzig-physician", awaitUserTask(slowStep, HANDOVER), Map.of(CLINICAL_SUMMARY, "x"));
            completeAs("leipzig-physician", awaitUserTask(fastStep, HANDOVER), Map.of(CLINICAL_SUMMARY, "x"));

            awaitUserTask(fastStep, ANSWER_REFERRAL);
            assertThat(tasks.createTaskQuery().processInstanceId(slowStep).taskDefinitionKey(ANSWER_REFERRAL)
                    .count()).as("Dresden still answering slowly").isZero();
            awaitUserTask(slowStep, ANSWER_REFERRAL); // slow, not stuck
            cleanUp(toSlow.processInstanceId());
            cleanUp(toFast.processInstanceId());
        } finally {
            centre("dresden").faults().clear();
        }
    }

    @ParameterizedTest
    @EnumSource(value = CentreFaults.Mode.class, names = {"MALFORMED_BODY", "UNEXPECTED_RESOURCE_TYPE",
        "REFUSE_AS_INVALID"})
    void aBadAnswerFromTheCentreFailsTheStepWithAMessageNamingTheCentreAndTheStepRecovers(CentreFaults.Mode fault) {
        var started = startPathway("dresden");
        String pi = awaitStep(started.processInstanceId());
        centre("dresden").faults().set(fault);
        completeAs("leipzig-physician", awaitUserTask(pi, HANDOVER), Map.of(CLINICAL_SUMMARY, "x"));

        Job job = awaitFailedJob(pi);
        assertThat(job.getExceptionMessage()).startsWith("Centre dresden (Dresden Proton Centre): transaction of "
                + SEND_REFERRAL + " failed");
        switch (fault) {
            case MALFORMED_BODY -> assertThat(job.getExceptionMessage()).contains("Failed to parse");
            case REFUSE_AS_INVALID -> assertThat(job.getExceptionMessage()).contains("HTTP 422",
                    "the centre refuses this data");
            default -> assertThat(job.getExceptionMessage()).doesNotContain("null");
        }
        exhaustRetries(job.getId());
        assertThat(runtime.createIncidentQuery().processInstanceId(pi).singleResult().getIncidentMessage())
                .startsWith("Centre dresden");

        centre("dresden").faults().clear();
        retryNow(job.getId());
        awaitUserTask(pi, ANSWER_REFERRAL);
        Patient patient = single(records("dresden").search(Patient.class,
                "identifier=urn:oncotwin:twin|" + started.twinId()));
        single(records("dresden").search(Task.class, "patient=" + idOf(patient)));
        cleanUp(started.processInstanceId());
    }

    private Job awaitFailedJob(String processInstanceId) {
        await("a failed job in " + processInstanceId, () -> management.createJobQuery()
                .processInstanceId(processInstanceId).withException().count() == 1);
        return management.createJobQuery().processInstanceId(processInstanceId).withException().singleResult();
    }

    /** What the job executor would do over the next minutes of the retry cycle, done now. */
    private void exhaustRetries(String jobId) {
        for (int attempt = 0; attempt < 10 && jobRetries(jobId) > 0; attempt++) {
            try {
                management.executeJob(jobId);
            } catch (RuntimeException expected) {
                // the centre still fails
            }
        }
        assertThat(jobRetries(jobId)).isZero();
    }

    private int jobRetries(String jobId) {
        return management.createJobQuery().jobId(jobId).singleResult().getRetries();
    }

    /** What an operator does in Cockpit: retry the failed job, now. */
    private void retryNow(String jobId) {
        management.setJobRetries(jobId, 1);
        management.setJobDuedate(jobId, new Date());
    }
}

package org.oncotwin.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.oncotwin.process.Activities.*;
import static org.oncotwin.process.VariableNames.*;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationException;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.oncotwin.testing.AbstractPathwayIT;
import org.springframework.http.HttpStatus;

/**
 * Who sees and works on what: a physician or staff member of one centre cannot list, claim or complete another
 * centre's task (engine API and /engine-rest); anonymous callers get nothing; bad form data is refused on the server.
 */
class AccessIT extends AbstractPathwayIT {

    @Test
    void aPhysicianOfAnotherCentreCannotListClaimOrCompleteTheHandover() {
        var started = startPathway("dresden");
        String step = awaitStep(started.processInstanceId());
        var handover = awaitUserTask(step, HANDOVER);

        identity.setAuthentication("dresden-physician", groupsOf("dresden-physician"));
        try {
            assertThat(tasks.createTaskQuery().processInstanceId(step).list()).isEmpty();
            assertThatThrownBy(() -> tasks.claim(handover.getId(), "dresden-physician"))
                    .isInstanceOf(AuthorizationException.class);
            assertThatThrownBy(() -> tasks.complete(handover.getId(), Map.of(CLINICAL_SUMMARY, "x")))
                    .isInstanceOf(AuthorizationException.class);
        } finally {
            identity.clearAuthentication();
        }
        identity.setAuthentication("leipzig-physician", groupsOf("leipzig-physician"));
        try {
            assertThat(tasks.createTaskQuery().processInstanceId(step).list()).hasSize(1);
        } finally {
            identity.clearAuthentication();
        }

        var asDresden = as("dresden-physician");
        assertThat(asDresden.getForObject("/engine-rest/task?processInstanceId=" + step, List.class)).isEmpty();
        assertThat(asDresden.postForEntity("/engine-rest/task/" + handover.getId() + "/claim",
                json(Map.of("userId", "dresden-physician")), String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(asDresden.postForEntity("/engine-rest/task/" + handover.getId() + "/complete",
                json(Map.of("variables", Map.of())), String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(as("leipzig-physician").getForObject("/engine-rest/task?processInstanceId=" + step, List.class))
                .hasSize(1);
        cleanUp(started.processInstanceId());
    }

    @Test
    void staffSeeOnlyTheReferralsOfTheirOwnCentre() {
        var started = startPathway("dresden");
        String step = awaitStep(started.processInstanceId());
        handOver(step);

        assertThat(as("prague-staff").getForObject("/engine-rest/task?processInstanceId=" + step, List.class))
                .isEmpty();
        assertThat(as("dresden-staff").getForObject("/engine-rest/task?processInstanceId=" + step, List.class))
                .hasSize(1);
        cleanUp(started.processInstanceId());
    }

    @Test
    void anonymousCallersAndManagersAreRefused() {
        assertThat(http.getForEntity("/engine-rest/task", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.getForEntity("/api/referrals", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.postForEntity("/api/pathways", Map.of(), String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(as("manager").postForEntity("/api/pathways", Map.of(), String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        // a wrong password counts against the user (Camunda delays further logins): a user no other test needs
        assertThat(http.withBasicAuth("prague-physician", "wrong").getForEntity("/api/referrals", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.getForEntity("/actuator/health", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void everyOtherEndpointNeedsALogin() {
        // APIs answer 401; pages (and the OpenAPI description) send people to the login form
        for (String path : List.of("/api/twins/some-twin", "/api/dashboard/active-pathways", "/v3/api-docs",
                "/actuator/prometheus", "/actuator/metrics", "/engine-rest/process-instance", "/twin.html",
                "/dashboard", "/twins/some-twin", "/swagger-ui.html")) {
            var response = http.getForEntity(path, String.class);
            String body = response.getBody() == null ? "" : response.getBody();
            assertThat(response.getStatusCode().value() == 401 || response.getStatusCode().is3xxRedirection()
                    || body.contains("name=\"username\"")).as(path + " answered " + response.getStatusCode())
                    .isTrue();
            assertThat(body).as(path).doesNotContain("kpi-median", "openapi", "oncotwin_pathways", "swagger-ui-bundle");
        }
    }

    @Test
    void badHandoverDataIsRefusedOnTheServerTheTaskStaysOpenAndNothingReachesTheCentre() {
        var started = startPathway("dresden");
        String step = awaitStep(started.processInstanceId());
        var handover = awaitUserTask(step, HANDOVER);
        var physician = as("leipzig-physician");
        physician.postForEntity("/engine-rest/task/" + handover.getId() + "/claim",
                json(Map.of("userId", "leipzig-physician")), String.class);

        var refused = physician.postForEntity("/engine-rest/task/" + handover.getId() + "/complete", json(Map.of(
                "variables", Map.of(
                        CLINICAL_SUMMARY, Map.of("value", "", "type", "String"),
                        URGENCY, Map.of("value", "tomorrow", "type", "String"),
                        OPEN_QUESTIONS, Map.of("value", "x".repeat(3000), "type", "String")))), Map.class);

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((String) refused.getBody().get("message")).contains("Clinical summary is required")
                .contains("Urgency must be one of [routine, urgent]")
                .contains("Open questions to the receiving centre may be at most 2000 characters long");
        assertThat(tasks.createTaskQuery().taskId(handover.getId()).count()).isEqualTo(1);
        assertThat(records("dresden").search(Patient.class, "identifier=urn:oncotwin:twin|" + started.twinId()))
                .isEmpty();
        cleanUp(started.processInstanceId());
    }

    @Test
    void anUnknownDiagnosisCodeIsRefusedAtTheTumourBoard() {
        var started = startPathway("dresden");
        String step = awaitStep(started.processInstanceId());
        handOver(step);
        runStepInTasklist(step, "dresden-staff", "MRI");
        var board = awaitUserTask(started.processInstanceId(), TUMOUR_BOARD);

        assertThatThrownBy(() -> completeAs("coordinator", board, Map.of(DIAGNOSIS_CODE, "Z99.9",
                DIAGNOSIS_TEXT, "Not a neoplasm", TNM_T, "T9")))
                .hasMessageContaining("Diagnosis (ICD-10 code): 'Z99.9' is not a known code (icd10-neoplasms)")
                .hasMessageContaining("TNM: T: 'T9' is not a known code (tnm-t)");
        assertThat(tasks.createTaskQuery().taskId(board.getId()).count()).isEqualTo(1);
        cleanUp(started.processInstanceId());
    }

}

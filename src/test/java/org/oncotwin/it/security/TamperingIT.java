package org.oncotwin.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oncotwin.process.Activities.HANDOVER;
import static org.oncotwin.process.VariableNames.*;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.oncotwin.process.Messages;
import org.oncotwin.process.ProcessKeys;
import org.oncotwin.testing.AbstractPathwayIT;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import java.util.LinkedHashMap;
import java.util.UUID;

/**
 * Nobody steers a pathway except through its model: a task's candidates may complete it with its form's fields and
 * nothing else, on the engine API and on the web apps' API; variables, messages, process-instance modification,
 * deployments and building blocks are for operators only. Starting is idempotent, and a patient gets one running
 * pathway of a model.
 */
class TamperingIT extends AbstractPathwayIT {

    @Test
    void aHandoverCandidateCannotRerouteTheReferralOrForgeTheTwin() {
        var started = startPathway("dresden");
        String step = awaitStep(started.processInstanceId());
        Task handover = awaitUserTask(step, HANDOVER);
        var physician = as("leipzig-physician");
        assertThat(physician.postForEntity("/engine-rest/task/" + handover.getId() + "/claim",
                json(Map.of("userId", "leipzig-physician")), String.class).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);

        for (String variable : List.of(RECEIVING_CENTRE, TWIN_ID)) {
            var put = physician.exchange("/engine-rest/task/" + handover.getId() + "/variables/" + variable,
                    HttpMethod.PUT, json(Map.of("value", "prague", "type", "String")), String.class);
            assertThat(put.getStatusCode()).as("PUT task variable " + variable).isEqualTo(HttpStatus.FORBIDDEN);
        }
        var forged = physician.postForEntity("/engine-rest/task/" + handover.getId() + "/complete",
                json(Map.of("variables", handoverFields(Map.of(RECEIVING_CENTRE, "prague")))), Map.class);
        assertThat(forged.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat((String) forged.getBody().get("detail")).contains(RECEIVING_CENTRE);

        assertThat(tasks.createTaskQuery().taskId(handover.getId()).count()).isEqualTo(1);
        assertThat(stepVariable(step, RECEIVING_CENTRE)).isEqualTo("dresden");
        assertThat(stepVariable(step, TWIN_ID)).isEqualTo(started.twinId());

        // the form's own fields are accepted
        var handedOver = physician.postForEntity("/engine-rest/task/" + handover.getId() + "/complete",
                json(Map.of("variables", handoverFields(Map.of()))), String.class);
        assertThat(handedOver.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        cleanUp(started.processInstanceId());
    }

    @Test
    void theWebAppsEngineApiHasTheSameRules() {
        var started = startPathway("dresden");
        String step = awaitStep(started.processInstanceId());
        Task handover = awaitUserTask(step, HANDOVER);
        var session = WebAppSession.login(http, "leipzig-physician");
        String base = "/camunda/api/engine/engine/default/task/" + handover.getId();
        var claim = session.post(base + "/claim", Map.of("userId", "leipzig-physician"));
        assertThat(claim.getStatusCode()).as(claim.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(session.post(base + "/submit-form", Map.of("variables",
                handoverFields(Map.of(TWIN_ID, "3f1d2c1e-0000-4000-8000-000000000000")))).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(session.post("/camunda/api/engine/engine/default/message", Map.of("messageName",
                Messages.PATIENT_WITHDREW, "processInstanceId", started.processInstanceId())).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(tasks.createTaskQuery().taskId(handover.getId()).count()).isEqualTo(1);
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(started.processInstanceId()).count())
                .isEqualTo(1);
        cleanUp(started.processInstanceId());
    }

    @Test
    void variablesMessagesModificationsDeploymentsAndBuildingBlocksAreForOperatorsOnly() {
        var started = startPathway("dresden");
        String pathway = started.processInstanceId();
        var coordinator = as("coordinator");

        Map<String, Object> requests = new HashMap<>();
        requests.put("/engine-rest/process-instance/" + pathway + "/variables",
                Map.of("modifications", Map.of(COORDINATING_CENTRE, Map.of("value", "prague"))));
        requests.put("/engine-rest/process-instance/" + pathway + "/modification",
                Map.of("instructions", List.of(Map.of("type", "cancel", "activityId", "CallActivity_Diagnostics"))));
        requests.put("/engine-rest/message", Map.of("messageName", Messages.PATIENT_WITHDREW,
                "processInstanceId", pathway));
        requests.put("/engine-rest/process-definition/key/" + ProcessKeys.TREATMENT_STEP + "/start",
                Map.of("variables", Map.of()));
        for (var request : requests.entrySet()) {
            var answer = coordinator.postForEntity(request.getKey(), json(request.getValue()), String.class);
            assertThat(answer.getStatusCode()).as(request.getKey()).isEqualTo(HttpStatus.FORBIDDEN);
        }
        assertThat(coordinator.exchange("/engine-rest/job/some-job/retries", HttpMethod.PUT,
                json(Map.of("retries", 3)), String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        var deployment = new LinkedMultiValueMap<String, Object>();
        deployment.add("deployment-name", "evil");
        HttpHeaders multipart = new HttpHeaders();
        multipart.setContentType(MediaType.MULTIPART_FORM_DATA);
        assertThat(coordinator.postForEntity("/engine-rest/deployment/create", new HttpEntity<>(deployment, multipart),
                String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        // a start may carry the start form's fields only
        var forgedStart = coordinator.postForEntity("/engine-rest/process-definition/key/"
                + ProcessKeys.ONCOLOGY_PATHWAY + "/start", json(Map.of("variables", Map.of(
                        PATIENT_FAMILY_NAME, Map.of("value", "Novak"), CARE_PLAN_ID, Map.of("value", "CarePlan/1")))),
                String.class);
        assertThat(forgedStart.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        assertThat(runtime.createProcessInstanceQuery().processInstanceId(pathway).count()).isEqualTo(1);
        assertThat(runtime.getVariable(pathway, COORDINATING_CENTRE)).isEqualTo("leipzig");
        // operators may (the guard lets them through to Camunda, which answers for itself)
        assertThat(as("admin").postForEntity("/engine-rest/message", json(Map.of("messageName", "Msg_NoSuchMessage")),
                String.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        cleanUp(pathway);
    }

    @Test
    void aRetriedStartAnswersTheFirstAnswerAndASecondRunningPathwayIsRefused() {
        var intake = new HashMap<String, Object>(Map.of(PATIENT_FAMILY_NAME, "Novak", PATIENT_GIVEN_NAME, "Jana",
                PATIENT_BIRTH_DATE, "1961-04-23", PATIENT_MRN, "LE-IDEM-1", TWIN_ID,
                UUID.randomUUID().toString()));
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("Idempotency-Key", "retry-" + intake.get(TWIN_ID));
        var first = api().postForEntity("/api/pathways", new HttpEntity<>(intake, headers), Map.class);
        var repeat = api().postForEntity("/api/pathways", new HttpEntity<>(intake, headers), Map.class);
        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(repeat.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(repeat.getBody()).isEqualTo(first.getBody());
        assertThat(repeat.getHeaders().getLocation()).isEqualTo(first.getHeaders().getLocation());

        var second = api().postForEntity("/api/pathways", json(intake), Map.class);
        assertThat(second.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat((String) second.getBody().get("runningPathway"))
                .isEqualTo("/api/pathways/" + first.getBody().get("processInstanceId"));
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey((String) intake.get(TWIN_ID))
                .processDefinitionKey(ProcessKeys.ONCOLOGY_PATHWAY).count()).isEqualTo(1);
        cleanUp((String) first.getBody().get("processInstanceId"));
    }

    @Test
    void theSetupWizardIsClosed() {
        var wizard = http.postForEntity("/camunda/api/admin/setup/default/user/create", json(Map.of(
                "profile", Map.of("id", "intruder", "firstName", "I", "lastName", "N", "email", "i@n.invalid"),
                "credentials", Map.of("password", "intruder-password"))), String.class);
        assertThat(wizard.getStatusCode().is4xxClientError()).as(wizard.getStatusCode().toString()).isTrue();
        assertThat(identity.createUserQuery().userId("intruder").count()).isZero();
    }

    private static Map<String, Object> handoverFields(Map<String, String> extra) {
        Map<String, Object> fields = new HashMap<>();
        fields.put(CLINICAL_SUMMARY, Map.of("value", "62-year-old woman, clival mass on MRI", "type", "String"));
        fields.put(REFERRAL_REASON, Map.of("value", "Staging and biopsy", "type", "String"));
        fields.put(URGENCY, Map.of("value", "routine", "type", "String"));
        extra.forEach((name, value) -> fields.put(name, Map.of("value", value, "type", "String")));
        return fields;
    }


    /** A logged-in session of Camunda's web apps (cookie and CSRF token), as Tasklist holds one. */
    record WebAppSession(TestRestTemplate http, String cookies, String csrfToken) {

        static WebAppSession login(TestRestTemplate http, String userId) {
            ResponseEntity<String> page = http.getForEntity("/camunda/app/tasklist/default/", String.class);
            String cookies = cookies(page.getHeaders(), "");
            String token = token(page.getHeaders());
            HttpHeaders headers = headers(cookies, token);
            headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
            var form = new LinkedMultiValueMap<String, String>();
            form.add("username", userId);
            form.add("password", "demo");
            var login = http.postForEntity("/camunda/api/admin/auth/user/default/login/tasklist",
                    new HttpEntity<>(form, headers), String.class);
            assertThat(login.getStatusCode()).as("web app login " + login.getBody()).isEqualTo(HttpStatus.OK);
            String sessionCookies = cookies(login.getHeaders(), cookies);
            // the login starts a new session, and the CSRF token belongs to the session: fetch the new one
            var reload = http.exchange("/camunda/app/tasklist/default/", HttpMethod.GET,
                    new HttpEntity<>(headers(sessionCookies, null)), String.class);
            String sessionToken = token(reload.getHeaders());
            return new WebAppSession(http, cookies(reload.getHeaders(), sessionCookies),
                    sessionToken != null ? sessionToken : token);
        }

        ResponseEntity<String> post(String path, Object body) {
            HttpHeaders headers = headers(cookies, csrfToken);
            headers.setContentType(MediaType.APPLICATION_JSON);
            return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
        }

        private static HttpHeaders headers(String cookies, String token) {
            HttpHeaders headers = new HttpHeaders();
            if (!cookies.isEmpty()) {
                headers.set(HttpHeaders.COOKIE, cookies);
            }
            if (token != null) {
                headers.set("X-XSRF-TOKEN", token);
            }
            return headers;
        }

        private static String cookies(HttpHeaders response, String earlier) {
            Map<String, String> jar = new LinkedHashMap<>();
            for (String cookie : earlier.split("; ")) {
                if (cookie.contains("=")) {
                    jar.put(cookie.substring(0, cookie.indexOf('=')), cookie);
                }
            }
            for (String header : response.getOrEmpty(HttpHeaders.SET_COOKIE)) {
                String cookie = header.split(";", 2)[0];
                jar.put(cookie.substring(0, cookie.indexOf('=')), cookie);
            }
            return String.join("; ", jar.values());
        }

        private static String token(HttpHeaders response) {
            String token = response.getFirst("X-XSRF-TOKEN");
            if (token != null) {
                return token;
            }
            return response.getOrEmpty(HttpHeaders.SET_COOKIE).stream().filter(c -> c.startsWith("XSRF-TOKEN="))
                    .map(c -> c.substring("XSRF-TOKEN=".length()).split(";", 2)[0]).findFirst().orElse(null);
        }
    }
}

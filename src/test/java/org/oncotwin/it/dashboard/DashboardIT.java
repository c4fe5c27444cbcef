package org.oncotwin.it.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oncotwin.process.Activities.*;
import static org.oncotwin.process.ProcessKeys.*;
import static org.oncotwin.process.VariableNames.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oncotwin.process.InputParameters;
import org.oncotwin.testing.AbstractPathwayIT;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The dashboard API on real pathways: three neoadjuvant pathways on PostgreSQL with the centres' FHIR servers; one is
 * treated, one waits past its answer deadline, one is rejected by a centre and referred on. The figures are read
 * back as a manager would, filtered to the neoadjuvant model (the other integration tests run the oncology pathway).
 */
class DashboardIT extends AbstractPathwayIT {

    static final String MODEL = "model=" + NEOADJUVANT_PATHWAY;

    @Autowired
    JdbcTemplate jdbc;
    private final List<String> started = new ArrayList<>();

    @BeforeEach
    void forgetEarlierRunsOfThisTest() {
        jdbc.update("delete from ot_referral where model = ?", NEOADJUVANT_PATHWAY);
        jdbc.update("delete from ot_pathway where model = ?", NEOADJUVANT_PATHWAY);
    }

    @AfterEach
    void endPathways() {
        started.forEach(this::cleanUp);
    }

    @Test
    void figuresFollowTreatedOverdueAndRejectedReferrals() {
        StartedPathway treated = startNeoadjuvant();
        StartedPathway overdue = startNeoadjuvant();
        StartedPathway rejected = startNeoadjuvant();

        String treatedStep = awaitStep(treated.processInstanceId());
        handOver(treatedStep);
        String treatedAt = (String) stepVariable(treatedStep, RECEIVING_CENTRE);
        completeAs(treatedAt + "-staff", awaitUserTask(treatedStep, ANSWER_REFERRAL),
                Map.of(REFERRAL_DECISION, "accepted"));
        completeAs(treatedAt + "-staff", awaitUserTask(treatedStep, CONFIRM_TREATMENT_START),
                Map.of("treatmentStartDate", "2026-12-01"));
        awaitUserTask(treatedStep, REPORT_OUTCOME);

        String overdueStep = awaitStep(overdue.processInstanceId());
        completeAs("leipzig-physician", awaitUserTask(overdueStep, HANDOVER), Map.of(
                CLINICAL_SUMMARY, "Locally advanced rectal cancer", REFERRAL_REASON, "Neoadjuvant chemotherapy",
                URGENCY, "urgent", RELEVANT_FINDINGS, "MRI: T3 N1", OPEN_QUESTIONS, "none",
                InputParameters.ACCEPT_WITHIN, "PT1S"));
        awaitUserTask(overdueStep, ESCALATE_UNANSWERED); // the answer deadline passed

        String rejectedStep = awaitStep(rejected.processInstanceId());
        handOver(rejectedStep);
        String rejectedBy = (String) stepVariable(rejectedStep, RECEIVING_CENTRE);
        completeAs(rejectedBy + "-staff", awaitUserTask(rejectedStep, ANSWER_REFERRAL),
                Map.of(REFERRAL_DECISION, "rejected", REJECTION_REASON, "No chemotherapy slot before January"));
        await("referral to a second centre", () -> !rejectedBy.equals(
                stepVariable(rejectedStep, RECEIVING_CENTRE))
                && tasks.createTaskQuery().processInstanceId(rejectedStep).taskDefinitionKey(ANSWER_REFERRAL)
                .count() == 1);

        JsonNode active = figures("active-pathways?" + MODEL);
        assertThat(active.get("total").asLong()).isEqualTo(3);
        assertThat(active.get("byStageAndCentre").findValuesAsText("stage")).containsOnly("treatment");

        JsonNode treatment = figures("time-to-treatment?" + MODEL);
        assertThat(treatment.at("/referralToTreatment/patients").asLong()).isEqualTo(1);
        assertThat(treatment.at("/referralToTreatment/withinTarget").asLong()).isEqualTo(1);
        assertThat(treatment.at("/referralToTreatment/shareWithinTarget").asDouble()).isEqualTo(1.0);
        assertThat(treatment.at("/referralToTreatment/median").asDouble()).isBetween(0.0, 1.0);
        assertThat(treatment.at("/decisionToTreatment/patients").asLong()).isEqualTo(1);
        assertThat(treatment.get("trend")).hasSize(1);

        JsonNode handovers = figures("handovers?" + MODEL);
        long referrals = 0;
        for (JsonNode pair : handovers.get("pairs")) {
            referrals += pair.get("referrals").asLong();
        }
        assertThat(referrals).isEqualTo(4);
        JsonNode treatedPair = pairTo(handovers, treatedAt);
        assertThat(treatedPair.get("medianHoursToAccept").isNumber()).isTrue();

        JsonNode open = figures("open-referrals?" + MODEL);
        assertThat(open.get("overdueTotal").asLong()).isEqualTo(1);
        assertThat(open.at("/overdue/0/twinId").asText()).isEqualTo(overdue.twinId());
        assertThat(open.at("/overdue/0/twinLink").asText()).isEqualTo("/twins/" + overdue.twinId());
        assertThat(open.at("/overdue/0/cockpitLink").asText()).contains(overdue.processInstanceId());
        assertThat(open.at("/overdue/0/pathwayLink").asText()).isEqualTo("/pathways/" + overdue.processInstanceId());
        assertThat(statusCount(open, "in-progress")).isEqualTo(1);
        assertThat(statusCount(open, "requested")).isEqualTo(2);

        JsonNode rejections = figures("rejections?" + MODEL);
        assertThat(rejections).hasSize(1);
        assertThat(rejections.at("/0/centre").asText()).isEqualTo(rejectedBy);
        assertThat(rejections.at("/0/status").asText()).isEqualTo("rejected");
        assertThat(rejections.at("/0/reason").asText()).isEqualTo("No chemotherapy slot before January");

        // a centre that took part in none of the three sees none of their figures
        assertThat(figures("time-to-treatment?" + MODEL + "&centre=dresden")
                .at("/referralToTreatment/patients").asLong()).isZero();
        assertThat(figures("handovers?" + MODEL + "&centre=dresden").get("pairs")).isEmpty();
        // a period before the pathways has no treated patient
        assertThat(figures("time-to-treatment?" + MODEL + "&from=2020-01-01&to=2020-12-31")
                .at("/referralToTreatment/patients").asLong()).isZero();

        var csv = as("manager").getForEntity("/api/dashboard/overdue-referrals?format=csv&" + MODEL, String.class);
        assertThat(csv.getHeaders().getContentType().isCompatibleWith(MediaType.parseMediaType("text/csv"))).isTrue();
        assertThat(csv.getBody()).startsWith("pathwayId,twinId,stepId,").contains(overdue.twinId());
    }

    @Test
    void openIncidentsAreListedWithALinkToCockpit() {
        StartedPathway pathway = startNeoadjuvant();
        String step = awaitStep(pathway.processInstanceId());
        var task = awaitUserTask(step, HANDOVER);
        String message = "Centre moved referral Task/" + UUID.randomUUID() + " back to requested (test)";
        var incident = runtime.createIncident("referralUpdate", task.getExecutionId(), "dashboard-it", message);
        try {
            JsonNode incidents = figures("incidents");
            assertThat(incidents.get("open").asLong()).isPositive();
            JsonNode listed = null;
            for (JsonNode newest : incidents.get("newest")) {
                if (message.equals(newest.path("message").asText())) {
                    listed = newest;
                }
            }
            assertThat(listed).isNotNull();
            assertThat(listed.get("cockpitLink").asText()).contains("/camunda/app/cockpit/default/#/process-instance/"
                    + step);
        } finally {
            runtime.resolveIncident(incident.getId());
        }
    }

    @Test
    void onlyManagersSeeTheFiguresAndBadFiltersAreExplained() {
        assertThat(as("leipzig-physician").getForEntity("/api/dashboard/active-pathways", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(as("coordinator").getForEntity("/api/dashboard/active-pathways", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(http.getForEntity("/api/dashboard/active-pathways", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);

        for (String bad : List.of("from=2026-12-01&to=2026-01-01", "centre=atlantis", "model=" + TREATMENT_STEP,
                "from=yesterday", "format=xml")) {
            var response = as("manager").getForEntity("/api/dashboard/handovers?" + bad, JsonNode.class);
            assertThat(response.getStatusCode()).as(bad).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(response.getHeaders().getContentType().toString()).as(bad).contains("problem+json");
            assertThat(response.getBody().get("status").asInt()).as(bad).isEqualTo(400);
        }
        assertThat(as("manager").getForEntity("/api/dashboard/time-to-treatment?bucket=year", JsonNode.class)
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void theApiIsDescribedByOpenApi() {
        JsonNode description = as("manager").getForObject("/v3/api-docs", JsonNode.class);
        assertThat(description.at("/info/title").asText()).isEqualTo("OncoTwin API");
        for (String path : List.of("active-pathways", "time-to-treatment", "handovers", "open-referrals",
                "overdue-referrals", "rejections", "incidents", "settings")) {
            assertThat(description.at("/paths/~1api~1dashboard~1" + path + "/get").isMissingNode()).as(path).isFalse();
        }
        assertThat(description.at("/paths/~1api~1dashboard~1handovers/get/parameters").findValuesAsText("name"))
                .contains("from", "to", "centre", "model", "format");
    }

    private StartedPathway startNeoadjuvant() {
        String mrn = "LE-" + UUID.randomUUID().toString().substring(0, 8);
        var intake = new HashMap<String, Object>(Map.of(
                PATIENT_FAMILY_NAME, "Horák", PATIENT_GIVEN_NAME, "Petr", PATIENT_BIRTH_DATE, "1958-02-11",
                PATIENT_GENDER, "male", PATIENT_MRN, mrn, REFERRAL_REASON, "Locally advanced rectal cancer",
                URGENCY, "urgent"));
        var response = api().postForEntity("/api/pathways?pathway=" + NEOADJUVANT_PATHWAY, intake,
                StartedPathway.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        started.add(response.getBody().processInstanceId());
        return new StartedPathway(response.getBody().twinId(), response.getBody().processInstanceId(), mrn);
    }

    private JsonNode figures(String pathAndQuery) {
        var response = as("manager").getForEntity("/api/dashboard/" + pathAndQuery, JsonNode.class);
        assertThat(response.getStatusCode()).as(pathAndQuery).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    private static JsonNode pairTo(JsonNode handovers, String centre) {
        for (JsonNode pair : handovers.get("pairs")) {
            if (centre.equals(pair.get("toCentre").asText())) {
                return pair;
            }
        }
        throw new AssertionError("no handover to " + centre + " in " + handovers);
    }

    private static long statusCount(JsonNode open, String status) {
        for (JsonNode byStatus : open.get("byStatus")) {
            if (status.equals(byStatus.get("status").asText())) {
                return byStatus.get("total").asLong();
            }
        }
        return 0;
    }
}

package org.oncotwin.it.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oncotwin.process.Activities.*;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.oncotwin.testing.AbstractPathwayIT;
import org.springframework.http.HttpStatus;

/** What an operator watches: health with each centre's reachability, and Prometheus metrics of the pathways. */
class OperationsIT extends AbstractPathwayIT {

    @Test
    void healthNamesACentreThatIsDownWithoutTakingOncoTwinDown() {
        await("every centre up", () -> "UP".equals(health().at("/components/centres/status").asText()));
        assertThat(health().get("status").asText()).isEqualTo("UP");

        centre("dresden").stopListening();
        try {
            await("Dresden reported down", () -> "DEGRADED".equals(health().at("/components/centres/status")
                    .asText()));
            var response = http.getForEntity("/actuator/health", JsonNode.class);
            assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK); // degraded, still serving
            assertThat(response.getBody().get("status").asText()).isEqualTo("DEGRADED");
            assertThat(response.getBody().at("/components/centres/details").isMissingNode())
                    .as("details only after login").isTrue();
            JsonNode details = as("admin").getForObject("/actuator/health", JsonNode.class)
                    .at("/components/centres/details");
            assertThat(details.get("dresden").asText()).startsWith("DOWN");
            assertThat(details.get("leipzig").asText()).isEqualTo("UP");
        } finally {
            centre("dresden").resumeListening();
        }
        await("Dresden back", () -> "UP".equals(health().at("/components/centres/status").asText()));
        assertThat(http.getForEntity("/actuator/health/liveness", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }

    @Test
    void prometheusShowsPathwaysFhirCallsAndIncidents() {
        var started = startPathway("dresden");
        try {
            awaitUserTask(awaitStep(started.processInstanceId()), HANDOVER);
            assertThat(http.getForEntity("/actuator/prometheus", String.class).getStatusCode())
                    .isEqualTo(HttpStatus.UNAUTHORIZED);
            String metrics = as("admin").getForObject("/actuator/prometheus", String.class);
            assertThat(metrics).contains("oncotwin_pathways_started_total{", "model=\"OncologyPathway\"",
                    "oncotwin_pathways_active", "oncotwin_referrals_overdue", "oncotwin_incidents_open",
                    "oncotwin_fhir_step_transactions_total{", "centre=\"leipzig\"",
                    "oncotwin_fhir_calls_seconds_count{");
            assertThat(metrics).containsPattern("oncotwin_fhir_calls_seconds_count\\{[^}]*centre=\"leipzig\"[^}]*"
                    + "outcome=\"success\"");
        } finally {
            cleanUp(started.processInstanceId());
        }
    }

    private JsonNode health() {
        return http.getForObject("/actuator/health", JsonNode.class);
    }
}

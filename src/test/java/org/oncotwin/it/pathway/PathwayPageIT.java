package org.oncotwin.it.pathway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oncotwin.testing.AbstractPathwayIT;
import org.springframework.http.HttpStatus;

/** The pathway page and its data: for those who treat the patient, and nobody else. */
class PathwayPageIT extends AbstractPathwayIT {

    @Test
    @SuppressWarnings("unchecked")
    void thePathwayPageShowsStepsReferralsAndOpenTasksToThoseWhoTreatThePatient() {
        var started = startPathway("dresden");
        String step = awaitStep(started.processInstanceId());
        handOver(step);
        String overview = "/api/pathways/" + started.processInstanceId() + "/overview";

        var answer = as("coordinator").getForEntity(overview, Map.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody().get("twinId")).isEqualTo(started.twinId());
        var steps = (List<Map<String, Object>>) answer.getBody().get("steps");
        assertThat(steps).singleElement().satisfies(s -> {
            assertThat(s.get("receivingCentre")).isEqualTo("dresden");
            assertThat(s.get("kindOfCare")).isEqualTo("imaging");
            assertThat(s.get("referralStatus")).isEqualTo("requested");
            assertThat(s.get("answerBy")).isNotNull();
        });
        assertThat((List<Map<String, Object>>) answer.getBody().get("openTasks")).singleElement()
                .satisfies(t -> assertThat((String) t.get("name")).startsWith("Answer referral"));
        assertThat(as("dresden-staff").getForEntity(overview, Map.class).getStatusCode())
                .as("the receiving centre treats the patient").isEqualTo(HttpStatus.OK);
        var page = as("coordinator").getForEntity("/pathways/" + started.processInstanceId(), String.class);
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(page.getBody()).contains("/api/pathways/", "/overview");

        for (String user : List.of("prague-staff", "manager")) {
            assertThat(as(user).getForEntity(overview, String.class).getStatusCode()).as(user)
                    .isEqualTo(HttpStatus.FORBIDDEN);
        }
        assertThat(http.getForEntity(overview, String.class).getStatusCode()).as("anonymous")
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(as("coordinator").getForEntity("/api/pathways/no-such-pathway/overview", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        cleanUp(started.processInstanceId());
    }
}

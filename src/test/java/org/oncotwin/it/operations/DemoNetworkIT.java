package org.oncotwin.it.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oncotwin.process.Activities.PATHWAY_COMPLETED;
import static org.oncotwin.process.Activities.WITHDRAWN;
import static org.oncotwin.process.ProcessKeys.NEOADJUVANT_PATHWAY;
import static org.oncotwin.process.ProcessKeys.ONCOLOGY_PATHWAY;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oncotwin.testing.Browser;
import org.oncotwin.testing.OncoTwinNode;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The README's run command as a newcomer meets it: the demo configuration in a process of its own (three real HAPI
 * centres, OncoTwin, the demo users). With the demo network every dashboard figure and every demo user's task list
 * fills once the stories are written (some 40 s on this machine kind, alone; the test waits up to {@link #PATIENCE}
 * because CI's machine under load is slower, and prints the time it took); switched off, not one pathway or patient is
 * written.
 */
class DemoNetworkIT {

    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final List<String> USERS_WITH_TASKS = List.of("coordinator", "admin", "leipzig-staff",
            "dresden-staff", "prague-staff", "leipzig-physician", "dresden-physician", "prague-physician");
    private static final Path LOGS = Path.of("target", "nodes");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theDemoNetworkFillsTheDashboardAndEveryUsersTasks() throws Exception {
        try (var demo = OncoTwinNode.startDemo("demo", centrePorts(), true, LOGS.resolve("demo.log"))) {
            Instant answering = Instant.now();
            Map<String, Boolean> figures = Map.of();
            while (Instant.now().isBefore(answering.plus(PATIENCE))) {
                figures = figures(demo.baseUrl());
                if (!figures.containsValue(false)) {
                    break;
                }
                Thread.sleep(2000);
            }
            assertThat(figures).as("what is shown within %s s of OncoTwin answering (see %s)",
                    PATIENCE.toSeconds(), LOGS.resolve("demo.log")).doesNotContainValue(false);
            System.out.printf("DemoNetworkIT: every figure and task list shown %d s after OncoTwin answered%n",
                    Duration.between(answering, Instant.now()).toSeconds());
            walkThrough(demo.baseUrl());
        }
    }

    /**
     * The user guide's five-minute walkthrough, in a browser: the manager's dashboard, the coordinator's Tasklist, an
     * overdue referral's pathway page and the patient's twin (screenshots in target/screenshots/demo-*.png).
     */
    private void walkThrough(String base) throws Exception {
        JsonNode overdue = get(base + "/api/dashboard/open-referrals", "manager").path("overdue").path(0);
        try (var browser = new Browser()) {
            browser.driver.manage().window().setSize(new Dimension(1400, 1900));
            browser.openPageAs(base + "/dashboard", "manager");
            browser.wait.until(driver -> driver.findElements(By.cssSelector("#overdue-table tbody a"))
                    .stream().anyMatch(link -> link.getAttribute("href").endsWith(overdue.path("pathwayLink")
                            .asText())));
            Thread.sleep(1500); // the charts finish their animation
            browser.screenshot(SCREENSHOTS.resolve("demo-dashboard.png"));
        }
        try (var browser = new Browser()) {
            browser.driver.manage().window().setSize(new Dimension(1400, 1200));
            browser.logInToTasklist(URI.create(base).getPort(), "coordinator");
            browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("ol.tasks-list > li.task")));
            browser.screenshot(SCREENSHOTS.resolve("demo-tasklist.png"));
            browser.openPageAs(base + overdue.path("pathwayLink").asText(), "coordinator");
            browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#steps tbody tr td")));
            assertThat(browser.driver.findElement(By.id("steps")).getText()).contains("requested");
            browser.screenshot(SCREENSHOTS.resolve("demo-pathway.png"));
            browser.click(browser.driver.findElement(By.id("twin-link")));
            browser.wait.until(ExpectedConditions.not(ExpectedConditions.textToBe(By.id("summary-now"), "–")));
            browser.driver.executeScript("window.scrollTo(0, 0)");
            browser.screenshot(SCREENSHOTS.resolve("demo-twin.png"));
        }
    }

    @Test
    void switchedOffTheDemoWritesNoPathwayAndNoPatient() throws Exception {
        List<Integer> ports = centrePorts();
        try (var demo = OncoTwinNode.startDemo("demo-off", ports, false, LOGS.resolve("demo-off.log"))) {
            Thread.sleep(10_000); // the demo network would have started its first stories by now
            assertThat(get(demo.baseUrl() + "/engine-rest/history/process-instance/count", "admin")
                    .path("count").asLong()).isZero();
            assertThat(get(demo.baseUrl() + "/api/dashboard/active-pathways", "manager").path("total").asLong())
                    .isZero();
            for (int port : ports) {
                JsonNode patients = get("http://localhost:" + port + "/fhir/Patient?_summary=count", null);
                assertThat(patients.path("total").asLong()).as("Patients at the centre on port %s", port).isZero();
            }
        }
    }

    /** Each figure the demo promises, and whether it shows something. */
    private Map<String, Boolean> figures(String base) throws Exception {
        Map<String, Boolean> shown = new LinkedHashMap<>();
        JsonNode active = get(base + "/api/dashboard/active-pathways", "manager");
        shown.put("active pathways", active.path("total").asLong() > 0);
        JsonNode ttt = get(base + "/api/dashboard/time-to-treatment", "manager");
        JsonNode referralToTreatment = ttt.path("referralToTreatment");
        long treated = referralToTreatment.path("patients").asLong();
        long withinTarget = referralToTreatment.path("withinTarget").asLong();
        shown.put("treated within the target", withinTarget > 0);
        shown.put("treated beyond the target", treated - withinTarget > 0);
        shown.put("waiting beyond the target", ttt.path("waitingBeyondTarget").asLong() > 0);
        shown.put("time-to-treatment trend", ttt.path("trend").size() > 1);
        shown.put("handovers between centres", get(base + "/api/dashboard/handovers", "manager")
                .path("pairs").size() > 0);
        JsonNode open = get(base + "/api/dashboard/open-referrals", "manager");
        List<String> statuses = new ArrayList<>();
        open.path("byStatus").forEach(status -> statuses.add(status.path("status").asText()));
        for (String status : List.of("requested", "accepted", "in-progress", "on-hold")) {
            shown.put("open referrals " + status, statuses.contains(status));
        }
        shown.put("overdue referrals", open.path("overdueTotal").asLong() > 0);
        shown.put("rejections", get(base + "/api/dashboard/rejections", "manager").size() > 0);
        shown.put("incidents", get(base + "/api/dashboard/incidents", "manager").path("open").asLong() > 0);
        shown.put("completed pathways", pathwaysThatReached(base, PATHWAY_COMPLETED) > 0);
        shown.put("withdrawn pathways", pathwaysThatReached(base, WITHDRAWN) > 0);
        for (String user : USERS_WITH_TASKS) {
            shown.put("tasks of " + user, get(base + "/engine-rest/task/count", user).path("count").asLong() > 0);
        }
        return shown;
    }

    private long pathwaysThatReached(String base, String endEvent) throws Exception {
        return get(base + "/engine-rest/history/process-instance/count?executedActivityIdIn=" + endEvent
                + "&processDefinitionKeyIn=" + ONCOLOGY_PATHWAY + "," + NEOADJUVANT_PATHWAY, "admin")
                .path("count").asLong();
    }

    private JsonNode get(String url, String user) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":demo").getBytes()));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s as %s: %s", url, user, response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static List<Integer> centrePorts() throws Exception {
        return List.of(OncoTwinNode.freePort(), OncoTwinNode.freePort(), OncoTwinNode.freePort());
    }
}

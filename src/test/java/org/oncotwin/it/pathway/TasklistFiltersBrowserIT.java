package org.oncotwin.it.pathway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oncotwin.process.Activities.ANSWER_REFERRAL;
import static org.oncotwin.process.Activities.HANDOVER;
import static org.oncotwin.process.VariableNames.*;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.oncotwin.testing.AbstractPathwayIT;
import org.oncotwin.testing.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;

/**
 * Coordinators and centre staff work from Tasklist all day: with 50 open tasks across patients, a coordinator opens
 * "Overdue" and finds the urgent overdue task of a named patient at the top, with the patient and the centre in the
 * list; centre staff see only their centre's filters and their centre's referrals.
 */
class TasklistFiltersBrowserIT extends AbstractPathwayIT {

    private static final int OPEN_TASKS = 50;

    @LocalServerPort
    int port;
    private final List<String> pathways = new ArrayList<>();
    private Browser browser;

    @AfterEach
    void cleanUpPathways() {
        if (browser != null) {
            browser.close();
        }
        pathways.forEach(this::cleanUp);
    }

    @Test
    void theCoordinatorFindsTheUrgentOverdueTaskAtTheTopAndStaffSeeOnlyTheirCentre() throws Exception {
        String urgentOverdue = start("Horak", "Petra", "urgent", "dresden");
        String olderRoutine = start("Dvorak", "Karel", "routine", "dresden");
        List<String> toDresden = List.of(start("Bauer", "Greta", "routine", "dresden"),
                start("Weber", "Lena", "urgent", "dresden"));
        String toPrague = start("Svoboda", "Marie", "routine", "prague");
        while (pathways.size() < OPEN_TASKS) {
            start("Patient" + pathways.size(), "Test", "routine", "dresden");
        }
        // time passed: two handovers are overdue, the routine one for longer than the urgent one
        overdue(urgentOverdue, Duration.ofHours(3));
        overdue(olderRoutine, Duration.ofDays(2));
        for (String pathway : toDresden) {
            handOver(awaitStep(pathway));
        }
        handOver(awaitStep(toPrague));
        await("50 open tasks", () -> tasks.createTaskQuery().processInstanceBusinessKeyIn(twinIds()).count()
                >= OPEN_TASKS);

        browser = new Browser();
        logIn("coordinator");
        openFilter("Overdue");
        WebElement top = firstTask();
        assertThat(top.getAttribute("textContent").replaceAll("\\s+", " ")).contains("Hand over Horak, Petra → Dresden Proton Centre (imaging)", "Horak",
                "Petra");
        assertThat(taskTexts()).anySatisfy(text -> assertThat(text).contains("Dvorak, Karel"));
        browser.screenshot(Path.of("target", "screenshots", "tasklist-filters.png"));

        logOut();
        logIn("dresden-staff");
        String filters = filterTexts();
        assertThat(filters).contains("Referrals to answer – Dresden Proton Centre",
                "Treatments to start – Dresden Proton Centre", "Outcomes to report – Dresden Proton Centre")
                .doesNotContain("Prague", "Leipzig", "Overdue", "All tasks", "Handovers to write");
        openFilter("Referrals to answer – Dresden Proton Centre");
        await("Dresden's referrals in the list", () -> taskTexts().stream()
                .anyMatch(text -> text.contains("Weber, Lena")) && taskTexts().stream()
                .anyMatch(text -> text.contains("Bauer, Greta")));
        assertThat(taskTexts()).allSatisfy(text -> assertThat(text).contains("Answer referral:"))
                .noneSatisfy(text -> assertThat(text).contains("Svoboda"));
        browser.screenshot(Path.of("target", "screenshots", "tasklist-filters-staff.png"));
    }

    private String start(String family, String given, String urgency, String diagnosticsCentre) {
        var intake = new HashMap<String, Object>(Map.of(PATIENT_FAMILY_NAME, family, PATIENT_GIVEN_NAME, given,
                PATIENT_BIRTH_DATE, "1961-04-23", PATIENT_MRN, "LE-" + UUID.randomUUID().toString().substring(0, 8),
                URGENCY, urgency, DIAGNOSTICS_CENTRE, diagnosticsCentre, REFERRAL_REASON, "Staging"));
        var response = api().postForEntity("/api/pathways", intake, Map.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String pathway = (String) response.getBody().get("processInstanceId");
        pathways.add(pathway);
        return pathway;
    }

    private void overdue(String pathway, Duration by) {
        var handover = awaitUserTask(awaitStep(pathway), HANDOVER);
        tasks.setDueDate(handover.getId(), Date.from(Instant.now().minus(by)));
    }

    private String[] twinIds() {
        return pathways.stream().map(id -> history.createHistoricProcessInstanceQuery().processInstanceId(id)
                .singleResult().getBusinessKey()).toArray(String[]::new);
    }

    private void logIn(String user) {
        browser.logInToTasklist(port, user);
        browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".task-filters .task-filter")));
    }

    private void logOut() {
        browser.driver.manage().deleteAllCookies();
    }

    private String filterTexts() {
        return String.join(" | ", browser.driver.findElements(By.cssSelector(".task-filter h4.name")).stream()
                .map(filter -> filter.getAttribute("textContent").replaceAll("\\s+", " ").trim()).toList());
    }

    private void openFilter(String name) {
        By filterItem = By.xpath("//div[contains(concat(' ', normalize-space(@class), ' '), ' task-filter ')]"
                + "[.//h4[contains(@class, 'name')]/a[starts-with(normalize-space(.), '" + name + "')]]");
        WebElement filter = browser.wait.until(ExpectedConditions.presenceOfElementLocated(filterItem));
        browser.click(filter.findElement(By.cssSelector("h4.name a")));
        browser.wait.until(ExpectedConditions.attributeContains(filterItem, "class", "active"));
    }

    private WebElement firstTask() {
        return browser.wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("ol.tasks-list > li.task")));
    }

    private List<String> taskTexts() {
        return browser.driver.findElements(By.cssSelector("ol.tasks-list > li.task")).stream()
                .map(task -> task.getAttribute("textContent").replaceAll("\\s+", " ")).toList();
    }
}

package org.oncotwin.it.research;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.oncotwin.testing.AbstractPathwayIT;
import org.oncotwin.testing.Browser;
import org.oncotwin.testing.SyntheticCohort;
import org.oncotwin.testing.SyntheticCohort.Question;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * A researcher opens the research page in headless Chromium, asks for breast cancers diagnosed 1981–1985 and sees the
 * same counts as the API answers, equal to the generated ground truth where shown; the chart is drawn; bad criteria
 * are listed beside the form; a manager gets no page. The patients are generated (diagnosed 1981–1985, apart from
 * every other test's patients).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResearchPageBrowserIT extends AbstractPathwayIT {

    private static final List<String> CENTRES = List.of("leipzig", "dresden", "prague");
    private static final LocalDate FROM = LocalDate.of(1981, 1, 1);
    private static final LocalDate TO = LocalDate.of(1985, 12, 31);
    private static final Question BREAST_CANCERS = new Question("C50", null, null, null, null, FROM, TO, null, null,
            null);

    @LocalServerPort
    int port;
    private List<SyntheticCohort.SyntheticPatient> patients;
    private Browser browser;

    @BeforeAll
    void generate() {
        patients = SyntheticCohort.generate(150, 1981, 1981, 1985, CENTRES);
        Map<String, String> urls = new LinkedHashMap<>();
        CENTRES.forEach(centre -> urls.put(centre, centre(centre).baseUrl()));
        SyntheticCohort.write(fhirContext, urls, patients, 50);
    }

    @BeforeEach
    void openBrowser() throws Exception {
        browser = new Browser();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aResearcherSeesTheCountsOfTheApiAndTheGroundTruthInTableAndChart() throws Exception {
        openAsResearcher();
        field("diagnosis").sendKeys("C50");
        browser.type(field("from"), FROM.toString());
        browser.type(field("to"), TO.toString());
        browser.click(field("ask"));
        browser.wait.until(driver -> "1".equals(bodyData("data-answers")));
        browser.wait.until(driver -> "1".equals(bodyData("data-chart-finished")));

        Map<String, Object> answer = askApi(BREAST_CANCERS);
        var truth = SyntheticCohort.truth(patients, BREAST_CANCERS, CENTRES);
        assertThat(answer.get("complete")).isEqualTo(true);
        assertThat(field("total").getText()).isEqualTo(answer.get("total")).isEqualTo(shown(truth.total()));
        Map<String, String> shownInTable = tableCounts();
        assertThat(shownInTable).hasSize(CENTRES.size());
        int exact = 0;
        for (Map<String, Object> centre : centres(answer)) {
            String count = (String) centre.get("count");
            assertThat(shownInTable.get((String) centre.get("name"))).as("%s", centre).isEqualTo(count);
            if (!count.startsWith("<")) {
                assertThat(count).isEqualTo(Integer.toString(truth.perCentre().get((String) centre.get("centre"))));
                exact++;
            }
        }
        assertThat(exact).as("centres with a count shown exactly").isPositive();
        assertThat(field("incomplete").isDisplayed()).isFalse();
        assertThat(field("result").getText()).contains("Counts below 5 are shown as <5");
        Object bars = browser.driver.executeScript("return echarts.getInstanceByDom("
                + "document.getElementById('chart-centres')).getOption().series[0].data.map(d => d.shown);");
        assertThat((List<Object>) bars).containsExactlyElementsOf(
                centres(answer).stream().map(c -> c.get("count")).toList());
        assertThat(field("export").isDisplayed()).isTrue();

        browser.driver.executeScript("document.activeElement.blur();");
        browser.driver.manage().window().setSize(new Dimension(1400, 1200));
        Thread.sleep(1000); // the chart resizes and finishes its animation
        browser.screenshot(Path.of("target", "screenshots", "research.png"));
    }

    @Test
    void criteriaThatCannotBeAskedAreListedBesideTheForm() {
        openAsResearcher();
        field("diagnosis").sendKeys("breast");
        field("minAge").sendKeys("70");
        field("maxAge").sendKeys("40");
        browser.click(field("ask"));
        WebElement errors = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("errors")));
        assertThat(errors.findElements(By.tagName("li"))).extracting(WebElement::getText).hasSize(2)
                .anyMatch(problem -> problem.contains("ICD-10")).anyMatch(problem -> problem.contains("youngest age"));
        assertThat(field("result").isDisplayed()).isFalse();
    }

    @Test
    void aManagerGetsNoPage() {
        browser.openPageAs("http://localhost:" + port + "/research", "manager");
        WebElement refused = browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("refused")));
        assertThat(refused.getText()).contains("research page for researchers");
        assertThat(browser.driver.findElements(By.id("criteria"))).isEmpty();
    }

    private void openAsResearcher() {
        browser.openPageAs("http://localhost:" + port + "/research", "researcher");
        browser.wait.until(driver -> "true".equals(bodyData("data-ready")));
    }

    private WebElement field(String id) {
        return browser.driver.findElement(By.id(id));
    }

    private String bodyData(String attribute) {
        return browser.driver.findElement(By.tagName("body")).getAttribute(attribute);
    }

    private Map<String, String> tableCounts() {
        Map<String, String> counts = new LinkedHashMap<>();
        for (WebElement row : browser.driver.findElements(By.cssSelector("#centres-table tbody tr"))) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            counts.put(cells.get(0).getText(), cells.get(1).getText());
        }
        return counts;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> askApi(Question q) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("diagnosis", q.diagnosis());
        body.put("from", q.from().toString());
        body.put("to", q.to().toString());
        ResponseEntity<Map> answer = as("researcher").postForEntity("/api/research/feasibility", json(body),
                Map.class);
        assertThat(answer.getStatusCode()).as("feasibility %s", answer.getBody()).isEqualTo(HttpStatus.OK);
        return answer.getBody();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> centres(Map<String, Object> answer) {
        return (List<Map<String, Object>>) answer.get("centres");
    }

    private static String shown(int count) {
        return count > 0 && count < 5 ? "<5" : Integer.toString(count);
    }
}

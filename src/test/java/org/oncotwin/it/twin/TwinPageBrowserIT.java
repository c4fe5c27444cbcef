package org.oncotwin.it.twin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oncotwin.testing.AbstractPathwayIT;
import org.oncotwin.testing.Browser;
import org.oncotwin.testing.OncologyExport;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * The twin page as a clinician opens it, in a real browser: a patient whose earlier records a hospital exported
 * (imported at Prague) and whose pathway now waits for a handover; the page starts with the summary (diagnosis with
 * stage, performance status, biomarkers, what the pathway waits for, medication), then sections by kind and the
 * timeline with one lane per centre.
 */
class TwinPageBrowserIT extends AbstractPathwayIT {

    @LocalServerPort
    int port;
    private Browser browser;

    @BeforeEach
    void openBrowser() throws Exception {
        browser = new Browser();
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void theTwinPageStartsWithASummaryAClinicianCanRead() throws Exception {
        String twinId = UUID.randomUUID().toString();
        var export = new OncologyExport("urn:prague:mrn", "PR-" + twinId.substring(0, 8), 12);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("application/fhir+json"));
        headers.setAccept(List.of(MediaType.APPLICATION_JSON));
        assertThat(api().postForEntity("/api/twins/" + twinId + "/records?centre=prague",
                new HttpEntity<>(export.json(fhirContext, OncologyExport.Kind.COLLECTION), headers), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);
        var intake = new HashMap<String, Object>(Map.of("twinId", twinId, "patientFamilyName", "Novak",
                "patientGivenName", "Jana", "patientBirthDate", "1961-04-23", "patientGender", "female",
                "patientMrn", "LE-" + twinId.substring(0, 8), "referralReason", "Known breast cancer",
                "urgency", "routine", "diagnosticsCentre", "dresden"));
        var started = api().postForEntity("/api/pathways", intake, StartedPathway.class).getBody();
        awaitUserTask(awaitStep(started.processInstanceId()), org.oncotwin.process.Activities.HANDOVER);

        browser.openPageAs("http://localhost:" + port + "/twins/" + twinId, "coordinator");
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("summary-diagnosis"),
                "Malignant neoplasm"));
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("summary-now"), "Hand over"));

        assertThat(text("summary-diagnosis")).contains("upper-outer quadrant of breast", "prague");
        assertThat(text("summary-stage")).contains("cT2", "cN1", "cM0");
        assertThat(text("summary-performance")).contains("ECOG 1");
        assertThat(text("summary-biomarkers")).isNotEqualTo("–");
        assertThat(text("summary-medication")).containsIgnoringCase("docetaxel");
        assertThat(browser.driver.findElements(By.cssSelector("#kinds details"))).hasSizeGreaterThan(3);
        assertThat(browser.driver.findElements(By.cssSelector("#lanes canvas"))).as("the lane chart is drawn")
                .isNotEmpty();

        browser.driver.manage().window().setSize(new Dimension(1200, 1400));
        Thread.sleep(1000); // the chart's animation
        browser.screenshot(Path.of("target", "screenshots", "twin.png"));
        cleanUp(started.processInstanceId());
    }

    /** An export is not trusted: a title that is markup is shown as text, also in the chart's tooltip (HTML). */
    @Test
    void markupInAnImportedRecordIsShownAsTextNeverRun() throws Exception {
        String twinId = UUID.randomUUID().toString();
        String payload = "<img src=x onerror=\"window.injected=1\">Tumour marker";
        String export = """
                {"resourceType": "Bundle", "type": "collection", "entry": [
                  {"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient",
                    "identifier": [{"system": "urn:prague:mrn", "value": "PR-%s"}],
                    "name": [{"family": "Novak", "given": ["Jana"]}], "birthDate": "1961-04-23"}},
                  {"fullUrl": "urn:uuid:o1", "resource": {"resourceType": "Observation", "status": "final",
                    "identifier": [{"system": "urn:prague:lab", "value": "XSS-%s"}],
                    "code": {"text": %s}, "subject": {"reference": "urn:uuid:p1"},
                    "effectiveDateTime": "2026-03-02", "valueString": "raised"}}]}
                """.formatted(twinId.substring(0, 8), twinId.substring(0, 8),
                new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(payload));
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("application/fhir+json"));
        headers.setAccept(List.of(MediaType.APPLICATION_JSON));
        assertThat(api().postForEntity("/api/twins/" + twinId + "/records?centre=prague",
                new HttpEntity<>(export, headers), String.class).getStatusCode()).isEqualTo(HttpStatus.CREATED);

        browser.openPageAs("http://localhost:" + port + "/twins/" + twinId, "coordinator");
        browser.wait.until(driver -> Boolean.TRUE.equals(browser.driver.executeScript(
                "return document.getElementById('kinds').textContent.includes('onerror')")));
        browser.wait.until(driver -> Boolean.TRUE.equals(browser.driver.executeScript("""
                const chart = typeof echarts !== 'undefined' && echarts.getInstanceByDom(document.getElementById('lanes'));
                if (!chart) return false;
                const series = chart.getOption().series;
                for (let s = 0; s < series.length; s++) {
                  const i = series[s].data.findIndex(d => d.title && d.title.includes('onerror'));
                  if (i >= 0) { chart.dispatchAction({ type: 'showTip', seriesIndex: s, dataIndex: i }); return true; }
                }
                return false;""")));
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("lanes"), "Tumour marker"));
        Thread.sleep(500); // an injected image would have failed to load by now

        assertThat(text("lanes")).as("the tooltip shows the title as text").contains("<img src=x");
        assertThat(browser.driver.executeScript("return window.injected === undefined")).isEqualTo(true);
        assertThat(browser.driver.executeScript("return document.querySelector('#kinds li').textContent"))
                .asString().contains("<img src=x");
        assertThat(browser.driver.findElements(By.cssSelector("#kinds img, #lanes img"))).isEmpty();
    }

    private String text(String id) {
        return browser.driver.findElement(By.id(id)).getText();
    }
}

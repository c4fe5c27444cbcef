package org.oncotwin.it.pathway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oncotwin.process.Activities.*;
import static org.oncotwin.process.VariableNames.*;

import java.nio.file.Path;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oncotwin.testing.AbstractPathwayIT;
import org.oncotwin.testing.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A referring physician works in Camunda Tasklist as a person does: logs in, opens the handover task, claims it,
 * fills the Camunda Form and completes it; the handover reaches the receiving centre's FHIR server. Invalid data is
 * refused with a message and nothing reaches the centre.
 */
class TasklistHandoverBrowserIT extends AbstractPathwayIT {

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
    void aPhysicianHandsOverInTasklistAndTheHandoverReachesTheReceivingCentre() throws Exception {
        var started = startPathway("dresden");
        String step = awaitStep(started.processInstanceId());
        var handover = awaitUserTask(step, HANDOVER);

        browser.logInToTasklist(port, "leipzig-physician");
        openAndClaim(handover.getId());
        fill(CLINICAL_SUMMARY, "58-year-old woman, clival mass 3 cm on MRI, no neurological deficit");
        fill(RELEVANT_FINDINGS, "MRI 2026-11-20: T2-hyperintense lesion of the clivus");
        fill(OPEN_QUESTIONS, "Is a biopsy feasible before proton therapy?");
        browser.screenshot(Path.of("target", "screenshots", "tasklist-handover.png"));
        String twinPage = browser.driver.findElement(By.partialLinkText("Open the patient twin")).getAttribute("href");
        String pathwayState = browser.driver.findElement(By.partialLinkText("Where the pathway stands"))
                .getAttribute("href");
        assertThat(twinPage).endsWith("/twins/" + started.twinId());
        assertThat(pathwayState).endsWith("/twins/" + started.twinId() + "#pathways");
        complete();

        awaitUserTask(step, ANSWER_REFERRAL);
        browser.openPageAs(pathwayState, "leipzig-physician");
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pathway-list"),
                "Answer referral:"));
        assertThat(browser.driver.findElement(By.id("pathway-list")).getText())
                .contains("Oncology pathway", "Answer referral:").doesNotContain("Hand over");
        Patient patient = single(records("dresden").search(Patient.class,
                "identifier=urn:oncotwin:twin|" + started.twinId()));
        Communication received = single(records("dresden").search(Communication.class, "subject=" + idOf(patient)));
        assertThat(received.getPayload()).extracting(p -> p.getContentStringType().getValue())
                .contains("Clinical summary: 58-year-old woman, clival mass 3 cm on MRI, no neurological deficit",
                        "Open questions: Is a biopsy feasible before proton therapy?");
        cleanUp(started.processInstanceId());
    }

    @Test
    void invalidDataIsRefusedWithAMessageAndNothingReachesTheCentre() throws Exception {
        var started = startPathway("dresden");
        String step = awaitStep(started.processInstanceId());
        var handover = awaitUserTask(step, HANDOVER);

        browser.logInToTasklist(port, "leipzig-physician");
        openAndClaim(handover.getId());
        fill(OPEN_QUESTIONS, "x".repeat(2100));
        complete();

        WebElement error = browser.wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("[id$='openQuestions-error-message']")));
        browser.driver.executeScript("arguments[0].scrollIntoView({block: 'center'});", error);
        browser.screenshot(Path.of("target", "screenshots", "tasklist-handover-invalid.png"));
        assertThat(error.getAttribute("textContent")).contains("maximum length of 2000");
        pause();
        assertThat(tasks.createTaskQuery().taskId(handover.getId()).count()).isEqualTo(1);
        assertThat(records("dresden").search(Patient.class, "identifier=urn:oncotwin:twin|" + started.twinId()))
                .isEmpty();
        cleanUp(started.processInstanceId());
    }

    private void openAndClaim(String taskId) {
        browser.driver.get("http://localhost:" + port + "/camunda/app/tasklist/default/#/?task=" + taskId);
        browser.click(browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath(
                "//*[self::a or self::button][normalize-space()='Claim']"))));
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[id$='clinicalSummary']")));
    }

    private void fill(String key, String text) {
        browser.type(browser.wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[id$='" + key + "']"))), text);
        pause(); // form-js takes a field's input after a short debounce, as when a person moves to the next field
    }

    private static void pause() {
        try {
            Thread.sleep(700);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void complete() {
        browser.click(browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath(
                "//button[normalize-space()='Complete']"))));
    }
}

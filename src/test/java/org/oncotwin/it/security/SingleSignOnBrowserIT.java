package org.oncotwin.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oncotwin.process.Activities.HANDOVER;
import static org.oncotwin.process.VariableNames.CLINICAL_SUMMARY;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oncotwin.testing.AbstractSingleSignOnIT;
import org.oncotwin.testing.Browser;
import org.oncotwin.testing.TestOpenIdProvider;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * People log in at the hospital's OpenID provider in headless Chromium: a physician opens Tasklist, sees the handover
 * meant for the physicians of the coordinating centre and claims it, and is refused the dashboard; a manager opens
 * the dashboard; an operator opens Cockpit, and logging out of it ends the session. None of them exists in Camunda's
 * user table: the groups come from the provider's tokens.
 */
class SingleSignOnBrowserIT extends AbstractSingleSignOnIT {

    @LocalServerPort
    int port;
    private Browser browser;

    @BeforeEach
    void openBrowser() throws Exception {
        assertThat(identity.createUserQuery().userIdIn(TestOpenIdProvider.PEOPLE.keySet().toArray(String[]::new))
                .count()).isZero();
        browser = new Browser();
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void aPhysicianLogsInAtTheProviderAndClaimsTheHandoverInTasklist() throws Exception {
        var started = startPathway("dresden", asSystem("sso-referral-system"));
        var handover = awaitUserTask(awaitStep(started.processInstanceId()), HANDOVER);

        open("/camunda/app/tasklist/default/");
        logInAtProvider("sso-physician");
        browser.wait.until(ExpectedConditions.urlContains(oncoTwin("/camunda/app/tasklist/")));
        browser.driver.get(oncoTwin("/camunda/app/tasklist/default/#/?task=" + handover.getId()));
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".tasks-list"),
                handover.getName()));
        By claim = By.xpath("//*[self::a or self::button][normalize-space()='Claim']");
        browser.click(browser.wait.until(ExpectedConditions.visibilityOfElementLocated(claim)));
        await("the physician's claim", () -> "sso-physician".equals(
                tasks.createTaskQuery().taskId(handover.getId()).singleResult().getAssignee()));
        browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(claim));
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[id$='" + CLINICAL_SUMMARY + "']")));
        browser.screenshot(Path.of("target", "screenshots", "tasklist-single-sign-on.png"));

        open("/dashboard");
        assertThat(browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("refused"))).getText())
                .contains("dashboard is for managers");
        cleanUp(started.processInstanceId());
    }

    @Test
    void aManagerLogsInAtTheProviderAndSeesTheDashboard() {
        open("/dashboard");
        logInAtProvider("sso-manager");
        browser.wait.until(ExpectedConditions.urlContains(oncoTwin("/dashboard")));
        browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kpi-median")));
        assertThat(browser.driver.findElements(By.id("refused"))).isEmpty();
    }

    @Test
    void anOperatorLogsInAtTheProviderOpensCockpitAndLogsOut() {
        open("/camunda/app/cockpit/default/");
        logInAtProvider("sso-operator");
        browser.wait.until(ExpectedConditions.urlContains(oncoTwin("/camunda/app/cockpit/")));
        open("/camunda/app/cockpit/default/#/processes");
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Oncology pathway"));
        assertThat(camundaUser()).contains("\"userId\":\"sso-operator\"", "cockpit", "admin");

        // refused by OncoTwin (closed wizard), before Camunda would look for an administrator in its tables
        assertThat(postFromPage("/camunda/api/admin/setup/default/user/create")).as("Camunda's setup wizard")
                .startsWith("403 ").doesNotContain("Setup action not available");
        assertThat(postFromPage("/camunda/api/admin/auth/user/default/logout")).as("Cockpit's logout")
                .startsWith("200");
        assertThat(camundaUser()).isEqualTo("401");
    }

    /** Posts an empty JSON body from the open web app, as it does (with Camunda's CSRF token): status and body. */
    private String postFromPage(String path) {
        return (String) browser.driver.executeAsyncScript("const done = arguments[1];"
                + "const token = document.cookie.match(/XSRF-TOKEN=([^;]+)/)[1];"
                + "fetch(arguments[0], {method: 'POST', body: '{}', headers: {'X-XSRF-TOKEN': token,"
                + " 'Content-Type': 'application/json'}}).then(r => r.text().then(body => done(r.status + ' ' + body)));",
                path);
    }

    /** Who Camunda's web apps take the browser's user for, as Camunda's own API answers it (or its status). */
    private String camundaUser() {
        return (String) browser.driver.executeAsyncScript("const done = arguments[0];"
                + "fetch('/camunda/api/admin/auth/user/default').then(r => r.ok ? r.text() : String(r.status))"
                + ".then(done);");
    }

    /** OncoTwin at 127.0.0.1: the provider is at localhost, so the browser keeps the two sessions apart. */
    private String oncoTwin(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private void open(String path) {
        browser.driver.get(oncoTwin(path));
    }

    /** The provider's own login page is a plain form: it takes normal key events. */
    private void logInAtProvider(String person) {
        browser.wait.until(ExpectedConditions.urlContains(provider().issuer() + "/login"));
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(person);
        browser.driver.findElement(By.id("password")).sendKeys(TestOpenIdProvider.PASSWORD);
        browser.driver.findElement(By.cssSelector("button[type='submit']")).click();
    }
}

package org.oncotwin.it.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oncotwin.process.ProcessKeys.*;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oncotwin.dashboard.PathwayReadModel;
import org.oncotwin.dashboard.PathwayReadModel.ReferralChange;
import org.oncotwin.testing.AbstractPathwayIT;
import org.oncotwin.testing.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A manager opens the dashboard in headless Chromium: logs in, sees the figures of a known set of pathways, narrows
 * them with the filters and sees new figures arrive without reloading. A physician is refused. The pathways are
 * written straight into the read model (synthetic, dated 2025, ids {@code browser-*}), so their figures are known.
 */
class DashboardBrowserIT extends AbstractPathwayIT {

    static final Instant MARCH = Instant.parse("2025-03-03T09:00:00Z");
    /** days from referral to first treatment in March 2025; the last two were treated at Prague */
    static final int[] MARCH_DAYS = {10, 20, 30, 40, 70};

    @LocalServerPort
    int port;
    @Autowired
    PathwayReadModel readModel;
    @Autowired
    JdbcTemplate jdbc;
    private Browser browser;
    private int seeded;

    @BeforeEach
    void seedAndOpenBrowser() throws Exception {
        removeSeeded();
        for (int i = 0; i < MARCH_DAYS.length; i++) {
            Instant treated = MARCH.plus(Duration.ofDays(3L * i));
            treatedPathway(treated.minus(Duration.ofDays(MARCH_DAYS[i])), treated, i < 3 ? "dresden" : "prague", 4 + i);
        }
        seedFirstHalfOf2025();
        seedActive();
        browser = new Browser();
    }

    @AfterEach
    void closeBrowserAndRemoveSeeded() {
        if (browser != null) {
            browser.close();
        }
        removeSeeded();
    }

    @Test
    void aManagerSeesFiguresFiltersThemAndSeesUpdatesWithoutReloading() throws Exception {
        logIn("manager", "/dashboard");
        awaitLoads(1);

        setPeriod("2025-03-01", "2025-03-31");
        awaitText("kpi-median", "30.0");
        assertThat(text("kpi-p90")).isEqualTo("58.0"); // rank 3.6 between 40 and 70
        assertThat(text("kpi-within")).isEqualTo("80 %");
        assertThat(text("kpi-decision-median")).isEqualTo("25.0");
        Object medianSeries = browser.driver.executeScript("return echarts.getInstanceByDom("
                + "document.getElementById('chart-trend')).getOption().series[0].data;");
        assertThat((List<?>) medianSeries).isNotEmpty();
        assertThat(tableText("handovers-table")).contains("leipzig", "dresden", "prague");

        select("filter-centre", "prague");
        awaitText("kpi-median", "55.0"); // 40 and 70

        select("filter-centre", "");
        int loads = loads();
        Instant treated = MARCH.plus(Duration.ofDays(20));
        treatedPathway(treated.minus(Duration.ofDays(50)), treated, "dresden", 6);
        awaitLoads(loads + 1); // auto-refresh, no reload
        awaitText("kpi-median", "35.0"); // 10, 20, 30, 40, 50, 70

        setPeriod("2025-01-01", "2025-06-30");
        awaitLoads(loads() + 1);
        browser.driver.manage().window().setSize(new Dimension(1400, 1900));
        Thread.sleep(1500); // charts resize and finish their animation
        browser.screenshot(Path.of("target", "screenshots", "dashboard.png"));
        var csvLink = browser.driver.findElement(By.cssSelector("a.csv[data-csv='handovers']"));
        assertThat(csvLink.getAttribute("href")).contains("format=csv", "from=2025-01-01");
    }

    @Test
    void aPhysicianIsRefused() {
        logIn("leipzig-physician", "/dashboard");
        WebElement refused = browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("refused")));
        assertThat(refused.getText()).contains("dashboard is for managers");
        assertThat(browser.driver.findElements(By.id("kpi-median"))).isEmpty();
    }

    private void logIn(String user, String page) {
        browser.driver.get("http://localhost:" + port + page);
        browser.type(browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))), user);
        browser.type(browser.driver.findElement(By.id("password")), "demo");
        browser.click(browser.driver.findElement(By.cssSelector("button[type='submit']")));
        browser.wait.until(ExpectedConditions.urlContains(page));
    }

    private void setPeriod(String from, String to) {
        browser.type(browser.driver.findElement(By.id("filter-from")), from);
        browser.type(browser.driver.findElement(By.id("filter-to")), to);
    }

    private void select(String id, String value) {
        browser.driver.executeScript("const s = document.getElementById(arguments[0]); s.value = arguments[1];"
                + "s.dispatchEvent(new Event('change', {bubbles: true}));", id, value);
    }

    private String text(String id) {
        return browser.driver.findElement(By.id(id)).getText();
    }

    private String tableText(String id) {
        return browser.driver.findElement(By.id(id)).getText();
    }

    private void awaitText(String id, String expected) {
        browser.wait.until(ExpectedConditions.textToBe(By.id(id), expected));
    }

    private int loads() {
        String loads = browser.driver.findElement(By.tagName("body")).getAttribute("data-loads");
        return loads == null ? 0 : Integer.parseInt(loads);
    }

    private void awaitLoads(int atLeast) {
        browser.wait.until(driver -> loads() >= atLeast);
    }

    /** A finished pathway coordinated by Leipzig, treated at {@code centre}; decided 5 days after referral. */
    private void treatedPathway(Instant referred, Instant treated, String centre, int hoursToAccept) {
        String pathway = "browser-" + (++seeded);
        readModel.pathwayStarted(pathway, "twin-" + pathway, ONCOLOGY_PATHWAY, referred);
        readModel.coordinatingCentre(pathway, "leipzig");
        Instant decided = referred.plus(Duration.ofDays(5));
        readModel.stageEntered(pathway, "treatment", decided);
        String step = pathway + "-step";
        Instant sent = treated.minus(Duration.ofDays(4));
        readModel.referralChanged(new ReferralChange(step, pathway, "leipzig", centre, "surgery", "requested", null,
                sent.plus(Duration.ofDays(2)), sent));
        change(step, pathway, centre, "accepted", sent.plus(Duration.ofHours(hoursToAccept)));
        change(step, pathway, centre, "in-progress", treated);
        change(step, pathway, centre, "completed", treated.plus(Duration.ofDays(1)));
        readModel.pathwayEnded(pathway, "completed", treated.plus(Duration.ofDays(30)));
    }

    /** Weekly pathways over January to June 2025, some rejected first; they make the screenshot a realistic one. */
    private void seedFirstHalfOf2025() {
        String[] centres = {"dresden", "prague", "leipzig"};
        String[] reasons = {"No capacity within the requested time", "Patient not eligible (ECOG 3)",
                "Therapy not offered for this indication"};
        Instant monday = Instant.parse("2025-01-06T09:00:00Z");
        for (int week = 0; week < 25; week++) {
            if (week >= 8 && week <= 12) {
                continue; // March is the known set above
            }
            for (int k = 0; k < 3; k++) {
                Instant treated = monday.plus(Duration.ofDays(7L * week + 2L * k));
                int days = 25 + (week * 7 + k * 13) % 55;
                String centre = centres[(week + k) % 3];
                if ((week + k) % 5 == 0) {
                    String pathway = "browser-" + (++seeded) + "-rejected";
                    readModel.pathwayStarted(pathway, "twin-" + pathway, ONCOLOGY_PATHWAY, treated);
                    readModel.coordinatingCentre(pathway, "leipzig");
                    String step = pathway + "-step";
                    readModel.referralChanged(new ReferralChange(step, pathway, "leipzig", centre, "radiotherapy",
                            "requested", null, treated.plus(Duration.ofDays(2)), treated));
                    readModel.referralChanged(new ReferralChange(step, pathway, "leipzig", centre, "radiotherapy",
                            "rejected", reasons[week % 3], null, treated.plus(Duration.ofDays(1))));
                    readModel.pathwayEnded(pathway, "ended", treated.plus(Duration.ofDays(2)));
                }
                treatedPathway(treated.minus(Duration.ofDays(days)), treated, centre, 2 + (week * 5 + k * 3) % 40);
            }
        }
    }

    /** Pathways running now at each stage, some referrals waiting for an answer, two of them past the deadline. */
    private void seedActive() {
        String[][] active = {{"diagnostics", "dresden"}, {"diagnostics", "leipzig"}, {"tumour-board", null},
            {"tumour-board", null}, {"treatment", "prague"}, {"treatment", "dresden"}, {"treatment", "prague"},
            {"follow-up", null}};
        Instant now = Instant.now();
        for (int i = 0; i < active.length; i++) {
            String pathway = "browser-" + (++seeded) + "-active";
            Instant referred = now.minus(Duration.ofDays(3L + 9L * i));
            readModel.pathwayStarted(pathway, "twin-" + pathway, ONCOLOGY_PATHWAY, referred);
            readModel.coordinatingCentre(pathway, "leipzig");
            readModel.stageEntered(pathway, active[i][0], referred.plus(Duration.ofDays(1)));
            if (active[i][1] != null) {
                String step = pathway + "-step";
                Instant sent = now.minus(Duration.ofHours(20L + 30L * i));
                readModel.referralChanged(new ReferralChange(step, pathway, "leipzig", active[i][1],
                        "diagnostics".equals(active[i][0]) ? "imaging" : "radiotherapy", "requested", null,
                        sent.plus(Duration.ofDays(2)), sent));
                if (i % 2 == 1) {
                    change(step, pathway, active[i][1], "accepted", sent.plus(Duration.ofHours(6)));
                }
            }
        }
    }

    private void change(String step, String pathway, String centre, String status, Instant at) {
        readModel.referralChanged(new ReferralChange(step, pathway, "leipzig", centre, null, status, null, null, at));
    }

    private void removeSeeded() {
        jdbc.update("delete from ot_referral where pathway_id like 'browser-%'");
        jdbc.update("delete from ot_pathway where id like 'browser-%'");
    }
}

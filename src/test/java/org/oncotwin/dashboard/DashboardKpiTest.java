package org.oncotwin.dashboard;

import org.oncotwin.OncoTwinTables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.oncotwin.process.ProcessKeys.*;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oncotwin.dashboard.DashboardFigures.HandoverWait;
import org.oncotwin.dashboard.DashboardFigures.OpenByStatus;
import org.oncotwin.dashboard.PathwayReadModel.ReferralChange;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Every dashboard figure on hand-made event sequences whose answers are worked out by hand. */
class DashboardKpiTest {

    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");
    static final DashboardFilter ALL = new DashboardFilter(Instant.parse("2020-01-01T00:00:00Z"),
            Instant.parse("2030-01-01T00:00:00Z"), null, null);

    PathwayReadModel readModel;
    DashboardQueries queries;
    int referralCounter;

    @BeforeEach
    void emptyReadModel() {
        var dataSource = new DriverManagerDataSource("jdbc:h2:mem:kpi-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        OncoTwinTables.migrate(dataSource);
        readModel = new PathwayReadModel(new JdbcTemplate(dataSource));
        queries = new DashboardQueries(new NamedParameterJdbcTemplate(dataSource),
                new DashboardProperties(null, null, null, null), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void referralToTreatmentMedianPercentileAndShareWithinTarget() {
        // first treatment 10, 20, 30, 40, 70 days after referral; decision to treat 5 days after referral
        for (int days : new int[] {10, 20, 30, 40, 70}) {
            treatedPathway(ONCOLOGY_PATHWAY, "leipzig", "dresden", T0, T0.plus(days(5)), T0.plus(days(days)));
        }

        var figures = queries.timeToTreatment(ALL, "week");

        assertThat(figures.targetDays()).isEqualTo(62);
        assertThat(figures.referralToTreatment().patients()).isEqualTo(5);
        assertThat(figures.referralToTreatment().median()).isEqualTo(30);
        // rank (5 - 1) * 0.9 = 3.6 lies between 40 and 70: 40 + 0.6 * 30
        assertThat(figures.referralToTreatment().p90()).isCloseTo(58, within(0.01));
        assertThat(figures.referralToTreatment().withinTarget()).isEqualTo(4);
        assertThat(figures.referralToTreatment().shareWithinTarget()).isEqualTo(0.8);
        // decision to treatment: 5, 15, 25, 35, 65 days; the 31-day target is met by 3 of 5
        assertThat(figures.decisionToTreatment().median()).isEqualTo(25);
        assertThat(figures.decisionToTreatment().withinTarget()).isEqualTo(3);
        assertThat(figures.decisionToTreatment().shareWithinTarget()).isEqualTo(0.6);
    }

    @Test
    void trendGroupsFirstTreatmentsByIsoWeekOrMonth() {
        // Monday 2026-06-15 and Friday 2026-06-19 are ISO week 25; Monday 2026-06-22 is week 26
        treatedPathway(ONCOLOGY_PATHWAY, "leipzig", "dresden", T0, T0, Instant.parse("2026-06-15T09:00:00Z"));
        treatedPathway(ONCOLOGY_PATHWAY, "leipzig", "dresden", T0, T0, Instant.parse("2026-06-19T09:00:00Z"));
        treatedPathway(ONCOLOGY_PATHWAY, "leipzig", "dresden", T0, T0, Instant.parse("2026-06-22T09:00:00Z"));

        var weekly = queries.timeToTreatment(ALL, "week").trend();
        var monthly = queries.timeToTreatment(ALL, "month").trend();

        assertThat(weekly).extracting(p -> p.period() + ":" + p.patients())
                .containsExactly("2026-W25:2", "2026-W26:1");
        assertThat(weekly.get(0).median()).isCloseTo(16.04, within(0.005)); // 14 d 1 h and 18 d 1 h;
        assertThat(monthly).extracting(p -> p.period() + ":" + p.patients()).containsExactly("2026-06:3");
    }

    @Test
    void diagnosticsDoNotCountAsFirstTreatment() {
        String pathway = startedPathway(ONCOLOGY_PATHWAY, "leipzig", T0);
        readModel.stageEntered(pathway, "diagnostics", T0);
        String diagnostics = referral(pathway, "leipzig", "dresden", "imaging", T0, T0.plus(days(2)));
        change(diagnostics, pathway, "dresden", "accepted", T0.plus(Duration.ofHours(3)));
        change(diagnostics, pathway, "dresden", "in-progress", T0.plus(days(1)));
        change(diagnostics, pathway, "dresden", "completed", T0.plus(days(2)));

        assertThat(queries.timeToTreatment(ALL, "week").referralToTreatment().patients()).isZero();
    }

    @Test
    void untreatedPathwaysBeyondTheTargetAreCountedAsWaiting() {
        startedPathway(ONCOLOGY_PATHWAY, "leipzig", NOW.minus(days(70)));
        startedPathway(ONCOLOGY_PATHWAY, "leipzig", NOW.minus(days(10)));
        String ended = startedPathway(ONCOLOGY_PATHWAY, "leipzig", NOW.minus(days(80)));
        readModel.pathwayEnded(ended, "withdrawn", NOW.minus(days(1)));

        assertThat(queries.timeToTreatment(ALL, "week").waitingBeyondTarget()).isEqualTo(1);
    }

    @Test
    void handoverWaitingPerCentrePair() {
        String pathway = startedPathway(ONCOLOGY_PATHWAY, "leipzig", T0);
        readModel.stageEntered(pathway, "treatment", T0);
        // leipzig -> dresden accepted after 2, 4 and 12 hours; started 24 and 48 hours after acceptance (one not yet)
        acceptedAndStarted(pathway, "dresden", 2, 24);
        acceptedAndStarted(pathway, "dresden", 4, 48);
        acceptedAndStarted(pathway, "dresden", 12, -1);
        acceptedAndStarted(pathway, "prague", 1, 1);

        var pairs = queries.handovers(ALL).pairs();

        assertThat(pairs).extracting(HandoverWait::toCentre).containsExactly("dresden", "prague");
        HandoverWait dresden = pairs.get(0);
        assertThat(dresden.fromCentre()).isEqualTo("leipzig");
        assertThat(dresden.referrals()).isEqualTo(3);
        assertThat(dresden.medianHoursToAccept()).isEqualTo(4);
        // rank 2 * 0.9 = 1.8 between 4 and 12: 4 + 0.8 * 8
        assertThat(dresden.p90HoursToAccept()).isCloseTo(10.4, within(0.01));
        assertThat(dresden.medianHoursToStart()).isEqualTo(36);
    }

    @Test
    void repeatedEventsDoNotChangeTheFigures() {
        String pathway = startedPathway(ONCOLOGY_PATHWAY, "leipzig", T0);
        readModel.pathwayStarted(pathway, "twin", ONCOLOGY_PATHWAY, T0.plus(days(1)));
        readModel.stageEntered(pathway, "treatment", T0.plus(days(5)));
        readModel.stageEntered(pathway, "treatment", T0.plus(days(6)));
        String referral = referral(pathway, "leipzig", "dresden", "surgery", T0.plus(days(5)), T0.plus(days(7)));
        change(referral, pathway, "dresden", "requested", T0.plus(days(5)));
        change(referral, pathway, "dresden", "accepted", T0.plus(days(6)));
        change(referral, pathway, "dresden", "accepted", T0.plus(days(8)));
        change(referral, pathway, "dresden", "in-progress", T0.plus(days(10)));
        change(referral, pathway, "dresden", "in-progress", T0.plus(days(12)));
        change(referral, pathway, "dresden", "completed", T0.plus(days(20)));

        var treatment = queries.timeToTreatment(ALL, "week");
        assertThat(treatment.referralToTreatment().patients()).isEqualTo(1);
        assertThat(treatment.referralToTreatment().median()).isEqualTo(10);
        assertThat(treatment.decisionToTreatment().median()).isEqualTo(5);
        assertThat(queries.handovers(ALL).pairs().get(0).medianHoursToAccept()).isEqualTo(24);
    }

    @Test
    void openReferralsByStatusAndAgeAndOverdueOnesListed() {
        String pathway = startedPathway(ONCOLOGY_PATHWAY, "leipzig", NOW.minus(days(20)));
        readModel.referralChanged(new ReferralChange("s-1", pathway, "leipzig", "dresden", "imaging", "requested",
                null, NOW.minus(days(1)), NOW.minus(days(2)))); // overdue by one day
        readModel.referralChanged(new ReferralChange("s-2", pathway, "leipzig", "prague", "surgery", "requested",
                null, NOW.plus(days(1)), NOW.minus(Duration.ofHours(5)))); // not due yet
        String accepted = referral(pathway, "leipzig", "dresden", "radiotherapy", NOW.minus(days(10)),
                NOW.minus(days(8)));
        change(accepted, pathway, "dresden", "accepted", NOW.minus(days(9))); // answered: not overdue
        String done = referral(pathway, "leipzig", "prague", "chemotherapy", NOW.minus(days(4)), NOW.minus(days(3)));
        change(done, pathway, "prague", "rejected", NOW.minus(days(4)));

        var open = queries.openReferrals(ALL);

        assertThat(open.byStatus()).extracting(OpenByStatus::status).containsExactly("accepted", "requested");
        OpenByStatus requested = open.byStatus().get(1);
        assertThat(requested.underOneDay()).isEqualTo(1);
        assertThat(requested.oneToThreeDays()).isEqualTo(1);
        assertThat(requested.total()).isEqualTo(2);
        assertThat(open.byStatus().get(0).overSevenDays()).isEqualTo(1);
        assertThat(open.overdueTotal()).isEqualTo(1);
        var overdue = open.overdue().get(0);
        assertThat(overdue.stepId()).isEqualTo("s-1");
        assertThat(overdue.daysOverdue()).isEqualTo(1);
        assertThat(overdue.twinLink()).isEqualTo("/twins/twin-" + pathway);
        assertThat(overdue.cockpitLink()).endsWith("/#/process-instance/" + pathway + "/runtime");
    }

    @Test
    void rejectionsAndFailuresByCentreAndReason() {
        String pathway = startedPathway(ONCOLOGY_PATHWAY, "leipzig", T0);
        String first = referral(pathway, "leipzig", "dresden", "surgery", T0, T0.plus(days(2)));
        readModel.referralChanged(new ReferralChange(first, pathway, "leipzig", "dresden", "surgery", "rejected",
                "No capacity", null, T0.plus(days(1))));
        String second = referral(pathway, "leipzig", "dresden", "radiotherapy", T0, T0.plus(days(2)));
        change(second, pathway, "dresden", "rejected", T0.plus(days(1)));
        readModel.reasonGiven(second, "No capacity"); // the reason arrived after the status
        String third = referral(pathway, "leipzig", "prague", "surgery", T0, T0.plus(days(2)));
        change(third, pathway, "prague", "accepted", T0.plus(days(1)));
        change(third, pathway, "prague", "failed", T0.plus(days(3)));

        var problems = queries.rejectionsAndFailures(ALL);

        assertThat(problems).extracting(p -> p.centre() + "/" + p.status() + "/" + p.reason() + ":" + p.referrals())
                .containsExactly("dresden/rejected/No capacity:2", "prague/failed/(no reason given):1");
    }

    @Test
    void activePathwaysByStageAndCentreWithFilters() {
        String atDresden = startedPathway(ONCOLOGY_PATHWAY, "leipzig", T0);
        readModel.stageEntered(atDresden, "diagnostics", T0);
        referral(atDresden, "leipzig", "dresden", "imaging", T0, T0.plus(days(2)));
        String atBoard = startedPathway(ONCOLOGY_PATHWAY, "leipzig", T0);
        readModel.stageEntered(atBoard, "tumour-board", T0);
        String neoadjuvant = startedPathway(NEOADJUVANT_PATHWAY, "leipzig", T0);
        readModel.stageEntered(neoadjuvant, "treatment", T0);
        referral(neoadjuvant, "leipzig", "prague", "chemotherapy", T0, T0.plus(days(2)));
        String ended = startedPathway(ONCOLOGY_PATHWAY, "leipzig", T0);
        readModel.pathwayEnded(ended, "completed", T0.plus(days(90)));

        var all = queries.activePathways(ALL);
        assertThat(all.total()).isEqualTo(3);
        assertThat(all.byStageAndCentre()).extracting(c -> c.stage() + "@" + c.centre() + ":" + c.pathways())
                .containsExactly("diagnostics@dresden:1", "treatment@prague:1", "tumour-board@leipzig:1");
        assertThat(queries.activePathways(new DashboardFilter(ALL.from(), ALL.to(), null, NEOADJUVANT_PATHWAY))
                .total()).isEqualTo(1);
        assertThat(queries.activePathways(new DashboardFilter(ALL.from(), ALL.to(), "dresden", null)).total())
                .isEqualTo(1);
    }

    @Test
    void periodAndCentreFiltersNarrowTheTreatedPathways() {
        treatedPathway(ONCOLOGY_PATHWAY, "leipzig", "dresden", T0, T0, T0.plus(days(10)));
        treatedPathway(ONCOLOGY_PATHWAY, "leipzig", "prague", T0, T0, T0.plus(days(40)));
        treatedPathway(NEOADJUVANT_PATHWAY, "leipzig", "prague", T0, T0, T0.plus(days(100)));

        var june = new DashboardFilter(T0, T0.plus(days(30)), null, null);
        var prague = new DashboardFilter(ALL.from(), ALL.to(), "prague", null);
        var neoadjuvant = new DashboardFilter(ALL.from(), ALL.to(), null, NEOADJUVANT_PATHWAY);

        assertThat(queries.timeToTreatment(june, "week").referralToTreatment().patients()).isEqualTo(1);
        assertThat(queries.timeToTreatment(prague, "week").referralToTreatment().median()).isEqualTo(70);
        assertThat(queries.timeToTreatment(neoadjuvant, "week").referralToTreatment().median()).isEqualTo(100);
        assertThat(queries.handovers(prague).pairs()).extracting(HandoverWait::toCentre).containsOnly("prague");
    }

    private String startedPathway(String model, String coordinatingCentre, Instant referredAt) {
        String id = "pathway-" + UUID.randomUUID();
        readModel.pathwayStarted(id, "twin-" + id, model, referredAt);
        readModel.coordinatingCentre(id, coordinatingCentre);
        return id;
    }

    private void treatedPathway(String model, String from, String to, Instant referredAt, Instant decidedAt,
                                Instant treatedAt) {
        String pathway = startedPathway(model, from, referredAt);
        readModel.stageEntered(pathway, "treatment", decidedAt);
        String step = referral(pathway, from, to, "surgery", decidedAt, decidedAt.plus(days(2)));
        change(step, pathway, to, "accepted", decidedAt);
        change(step, pathway, to, "in-progress", treatedAt);
    }

    private void acceptedAndStarted(String pathway, String to, int hoursToAccept, int hoursToStart) {
        String step = referral(pathway, "leipzig", to, "surgery", T0, T0.plus(days(2)));
        Instant accepted = T0.plus(Duration.ofHours(hoursToAccept));
        change(step, pathway, to, "accepted", accepted);
        if (hoursToStart >= 0) {
            change(step, pathway, to, "in-progress", accepted.plus(Duration.ofHours(hoursToStart)));
        }
    }

    /** Sends a referral; returns the step id. */
    private String referral(String pathway, String from, String to, String modality, Instant sentAt, Instant dueAt) {
        String step = "step-" + (++referralCounter);
        readModel.referralChanged(new ReferralChange(step, pathway, from, to, modality, "requested", null, dueAt,
                sentAt));
        return step;
    }

    private void change(String step, String pathway, String to, String status, Instant at) {
        readModel.referralChanged(new ReferralChange(step, pathway, "leipzig", to, null, status, null, null, at));
    }

    private static Duration days(int days) {
        return Duration.ofDays(days);
    }
}

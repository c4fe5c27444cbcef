package org.oncotwin.benchmark;

import org.oncotwin.OncoTwinTables;
import static org.oncotwin.process.ProcessKeys.*;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.oncotwin.dashboard.DashboardFilter;
import org.oncotwin.dashboard.DashboardProperties;
import org.oncotwin.dashboard.DashboardQueries;
import org.oncotwin.dashboard.PathwayReadModel;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Dashboard figures over a large read model on PostgreSQL: {@code finished} finished and {@code active} running
 * pathways (about 2.5 referrals each) are generated in a schema of their own, then every dashboard query runs
 * repeatedly with and without filters; prints p50 and p95 per query. Not a test: no timing is asserted.
 */
public class DashboardBenchmark {

    private static final String SCHEMA = "bench_dashboard";
    private static final String[] CENTRES = {"leipzig", "dresden", "prague"};
    private static final String[] MODELS = {ONCOLOGY_PATHWAY, NEOADJUVANT_PATHWAY};
    private static final String[] STAGES = {"diagnostics", "tumour-board", "treatment", "follow-up"};
    private static final String[] REASONS = {"No capacity within the requested time", "Patient not eligible",
            "Therapy not offered for this indication"};
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);

    public record Result(String query, double p50Millis, double p95Millis) {
    }

    /** {@code mvn -Pbenchmark verify}; sizes by {@code -Doncotwin.benchmark.finished=... .active=... .rounds=...} */
    @Test
    void dashboardFigures() throws Exception {
        int finished = Integer.getInteger("oncotwin.benchmark.finished", 100_000);
        int active = Integer.getInteger("oncotwin.benchmark.active", 10_000);
        int rounds = Integer.getInteger("oncotwin.benchmark.rounds", 40);
        var report = new StringBuilder(String.format("Dashboard queries, %d finished and %d active pathways, "
                + "%d rounds each (PostgreSQL)%n", finished, active, rounds));
        run(BenchmarkDatabase.url(), finished, active, rounds).forEach(r -> report.append(String.format(
                "  %-44s p50 %7.1f ms   p95 %7.1f ms%n", r.query(), r.p50Millis(), r.p95Millis())));
        BenchmarkReport.print("dashboard", report.toString());
    }

    public static List<Result> run(String url, int finished, int active, int rounds) throws Exception {
        var admin = new JdbcTemplate(new DriverManagerDataSource(url, BenchmarkDatabase.user(), ""));
        admin.execute("drop schema if exists " + SCHEMA + " cascade");
        admin.execute("create schema " + SCHEMA);
        DataSource dataSource = new DriverManagerDataSource(url + (url.contains("?") ? "&" : "?")
                + "currentSchema=" + SCHEMA, BenchmarkDatabase.user(), "");
        try {
            OncoTwinTables.migrate(dataSource);
            Instant now = Instant.parse("2026-11-30T12:00:00Z");
            long started = System.nanoTime();
            generate(dataSource, finished, active, now);
            new JdbcTemplate(dataSource).execute("analyze");
            System.out.printf("generated %d finished and %d active pathways in %.1f s%n", finished, active,
                    (System.nanoTime() - started) / 1e9);
            return measure(new DashboardQueries(new NamedParameterJdbcTemplate(dataSource),
                    new DashboardProperties(null, null, null, null), Clock.fixed(now, ZoneOffset.UTC)), now, rounds);
        } finally {
            admin.execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    private static List<Result> measure(DashboardQueries queries, Instant now, int rounds) {
        var year = new DashboardFilter(now.minus(Duration.ofDays(365)), now, null, null);
        var prague = new DashboardFilter(year.from(), year.to(), "prague", null);
        var neoadjuvantQuarter = new DashboardFilter(now.minus(Duration.ofDays(90)), now, null, NEOADJUVANT_PATHWAY);
        Map<String, Supplier<Object>> calls = new LinkedHashMap<>();
        calls.put("active-pathways", () -> queries.activePathways(year));
        calls.put("active-pathways centre", () -> queries.activePathways(prague));
        calls.put("time-to-treatment week (12 months)", () -> queries.timeToTreatment(year, "week"));
        calls.put("time-to-treatment month centre", () -> queries.timeToTreatment(prague, "month"));
        calls.put("time-to-treatment model, 90 days", () -> queries.timeToTreatment(neoadjuvantQuarter, "week"));
        calls.put("handovers", () -> queries.handovers(year));
        calls.put("handovers centre", () -> queries.handovers(prague));
        calls.put("open-referrals (and overdue list)", () -> queries.openReferrals(year));
        calls.put("open-referrals centre", () -> queries.openReferrals(prague));
        calls.put("rejections", () -> queries.rejectionsAndFailures(year));
        List<Result> results = new ArrayList<>();
        calls.forEach((name, call) -> {
            for (int i = 0; i < 3; i++) {
                call.get(); // warm-up: connection, plan cache
            }
            double[] millis = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                long start = System.nanoTime();
                call.get();
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(millis);
            results.add(new Result(name, percentile(millis, 0.5), percentile(millis, 0.95)));
        });
        return results;
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }

    /** Pathways referred over the last two years, as the read model holds them (synthetic, seeded). */
    private static void generate(DataSource dataSource, int finished, int active, Instant now) throws Exception {
        var random = new Random(42);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement pathway = connection.prepareStatement("insert into ot_pathway (id, business_key, "
                    + "model, coordinating_centre, urgent, referred_at, stage, stage_centre, decided_at, "
                    + "first_treatment_at, days_to_treatment, days_decision_to_treatment, treatment_week, "
                    + "treatment_month, ended_at, outcome, centres) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement referral = connection.prepareStatement("insert into ot_referral (id, step_id, "
                         + "pathway_id, model, stage, modality, from_centre, to_centre, status, sent_at, due_at, "
                         + "accepted_at, started_at, closed_at, hours_to_accept, hours_to_start, reason) "
                         + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < finished + active; i++) {
                    boolean running = i >= finished;
                    String id = "p" + i;
                    String model = MODELS[random.nextInt(10) < 8 ? 0 : 1];
                    String coordinating = CENTRES[random.nextInt(CENTRES.length)];
                    Instant referred = running ? now.minus(Duration.ofHours(1 + random.nextInt(24 * 120)))
                            : now.minus(Duration.ofHours(24 * 60 + random.nextInt(24 * 670)));
                    Instant decided = referred.plus(Duration.ofHours(24 * 7 + random.nextInt(24 * 21)));
                    double days = 14 + random.nextGaussian() * 15 + random.nextInt(50);
                    Instant treated = referred.plus(Duration.ofMinutes((long) (Math.max(days, 8) * 1440)));
                    boolean isTreated = !running || treated.isBefore(now) && random.nextBoolean();
                    String stage = running ? STAGES[random.nextInt(STAGES.length)] : "follow-up";
                    String atCentre = CENTRES[random.nextInt(CENTRES.length)];
                    pathway.setString(1, id);
                    pathway.setString(2, "twin-" + id);
                    pathway.setString(3, model);
                    pathway.setString(4, coordinating);
                    pathway.setBoolean(5, random.nextInt(4) == 0);
                    pathway.setTimestamp(6, Timestamp.from(referred));
                    pathway.setString(7, stage);
                    pathway.setString(8, atCentre);
                    pathway.setTimestamp(9, Timestamp.from(decided));
                    pathway.setTimestamp(10, isTreated ? Timestamp.from(treated) : null);
                    pathway.setObject(11, isTreated ? Duration.between(referred, treated).toMinutes() / 1440.0 : null);
                    pathway.setObject(12, isTreated ? Duration.between(decided, treated).toMinutes() / 1440.0 : null);
                    pathway.setString(13, isTreated ? PathwayReadModel.week(treated) : null);
                    pathway.setString(14, isTreated ? MONTH.format(treated) : null);
                    pathway.setTimestamp(15, running ? null : Timestamp.from(treated.plus(Duration.ofDays(200))));
                    pathway.setString(16, running ? null : "completed");
                    int referrals = 1 + random.nextInt(4);
                    var involved = new LinkedHashSet<String>(List.of(coordinating));
                    for (int r = 0; r < referrals; r++) {
                        involved.add(addReferral(referral, random, id, model, coordinating,
                                referred.plus(Duration.ofDays(7L * r)), running && r == referrals - 1, now));
                    }
                    pathway.setString(17, "|" + String.join("|", involved) + "|");
                    pathway.addBatch();
                    if (i % 1000 == 999) {
                        pathway.executeBatch();
                        referral.executeBatch();
                    }
                }
                pathway.executeBatch();
                referral.executeBatch();
            }
            connection.commit();
        }
    }

    /** @return the receiving centre */
    private static String addReferral(PreparedStatement referral, Random random, String pathwayId, String model,
                                    String from, Instant sent, boolean open, Instant now) throws Exception {
        String to = CENTRES[random.nextInt(CENTRES.length)];
        String step = pathwayId + "-s" + random.nextInt(1_000_000);
        double hoursToAccept = 1 + random.nextInt(72);
        double hoursToStart = 24 + random.nextInt(24 * 14);
        int outcome = random.nextInt(20);
        String status = open ? new String[] {"requested", "accepted", "in-progress"}[random.nextInt(3)]
                : outcome == 0 ? "rejected" : outcome == 1 ? "failed" : "completed";
        if (sent.isAfter(now)) {
            sent = now.minus(Duration.ofHours(1 + random.nextInt(72)));
        }
        Instant accepted = sent.plus(Duration.ofMinutes((long) (hoursToAccept * 60)));
        Instant started = accepted.plus(Duration.ofMinutes((long) (hoursToStart * 60)));
        boolean wasAccepted = !"requested".equals(status) && !"rejected".equals(status);
        boolean wasStarted = "in-progress".equals(status) || "completed".equals(status);
        referral.setString(1, step + "/" + to);
        referral.setString(2, step);
        referral.setString(3, pathwayId);
        referral.setString(4, model);
        referral.setString(5, random.nextInt(3) == 0 ? "diagnostics" : "treatment");
        referral.setString(6, "surgery");
        referral.setString(7, from);
        referral.setString(8, to);
        referral.setString(9, status);
        referral.setTimestamp(10, Timestamp.from(sent));
        referral.setTimestamp(11, Timestamp.from(sent.plus(Duration.ofDays(2))));
        referral.setTimestamp(12, wasAccepted ? Timestamp.from(accepted) : null);
        referral.setTimestamp(13, wasStarted ? Timestamp.from(started) : null);
        referral.setTimestamp(14, open ? null : Timestamp.from(started.plus(Duration.ofDays(3))));
        referral.setObject(15, wasAccepted ? hoursToAccept : null);
        referral.setObject(16, wasStarted ? hoursToStart : null);
        referral.setString(17, "rejected".equals(status) || "failed".equals(status)
                ? REASONS[random.nextInt(REASONS.length)] : null);
        referral.addBatch();
        return to;
    }
}

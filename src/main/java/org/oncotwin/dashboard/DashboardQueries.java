package org.oncotwin.dashboard;

import static org.oncotwin.dashboard.DashboardFigures.*;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.oncotwin.referral.TaskStatusFlow;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The dashboard's figures, aggregated by the database from the read model (indexed tables, one row per pathway and
 * per referral), never from the engine's history. Percentiles are {@code percentile_cont}: linear interpolation.
 */
public class DashboardQueries {

    static final int OVERDUE_LIST_LIMIT = 100;
    private static final String OPEN = sqlList(TaskStatusFlow.openCodes());
    private static final String AWAITING_ANSWER = sqlList(TaskStatusFlow.awaitingAnswerCodes());
    private static final String DECLINED = sqlList(TaskStatusFlow.declinedCodes());

    private final NamedParameterJdbcTemplate jdbc;
    private final DashboardProperties properties;
    private final Clock clock;

    public DashboardQueries(NamedParameterJdbcTemplate jdbc, DashboardProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    public ActivePathways activePathways(DashboardFilter filter) {
        var sql = new Sql("select stage, stage_centre, count(*) as pathways from ot_pathway p where ended_at is null");
        sql.model("p", filter).centreNow(filter);
        List<StageCount> counts = jdbc.query(sql.text + " group by stage, stage_centre order by stage, stage_centre",
                sql.params, (rs, row) -> new StageCount(rs.getString(1), rs.getString(2), rs.getLong(3)));
        return new ActivePathways(counts.stream().mapToLong(StageCount::pathways).sum(), counts);
    }

    /** {@code bucket} is {@code week} (ISO weeks) or {@code month}, of the first treatment. */
    public TimeToTreatment timeToTreatment(DashboardFilter filter, String bucket) {
        double target = properties.referralToTreatmentTargetDays();
        double decisionTarget = properties.decisionToTreatmentTargetDays();
        var measures = treatedIn(filter, measureColumns("days_to_treatment", "target") + ", "
                + measureColumns("days_decision_to_treatment", "decisionTarget"));
        measures.params.addValue("target", target).addValue("decisionTarget", decisionTarget);
        List<Measure> both = jdbc.queryForObject(measures.text, measures.params,
                (rs, row) -> List.of(measure(rs, 1), measure(rs, 5)));
        Measure referral = both.get(0);
        Measure decision = both.get(1);
        String column = "month".equals(bucket) ? "treatment_month" : "treatment_week";
        var trendSql = treatedIn(filter, column + ", count(*), "
                + "percentile_cont(0.5) within group (order by days_to_treatment), "
                + "percentile_cont(0.9) within group (order by days_to_treatment), "
                + "sum(case when days_to_treatment <= :target then 1 else 0 end)");
        trendSql.params.addValue("target", target);
        List<TrendPoint> trend = jdbc.query(trendSql.text + " group by " + column + " order by " + column,
                trendSql.params, (rs, row) -> new TrendPoint(rs.getString(1), rs.getLong(2), number(rs, 3),
                        number(rs, 4), share(rs.getLong(5), rs.getLong(2))));
        var waiting = new Sql("select count(*) from ot_pathway p where ended_at is null "
                + "and first_treatment_at is null and referred_at < :targetPassed");
        waiting.params.addValue("targetPassed", Timestamp.from(now().minus(properties.referralToTreatmentTarget())));
        waiting.model("p", filter).centreInvolved(filter);
        long waitingBeyondTarget = jdbc.queryForObject(waiting.text, waiting.params, Long.class);
        return new TimeToTreatment(target, decisionTarget, referral, decision, waitingBeyondTarget,
                "month".equals(bucket) ? "month" : "week", trend);
    }

    public Handovers handovers(DashboardFilter filter) {
        var sql = new Sql("select from_centre, to_centre, count(*), "
                + "percentile_cont(0.5) within group (order by hours_to_accept), "
                + "percentile_cont(0.9) within group (order by hours_to_accept), "
                + "percentile_cont(0.5) within group (order by hours_to_start), "
                + "percentile_cont(0.9) within group (order by hours_to_start) "
                + "from ot_referral r where sent_at >= :from and sent_at < :to");
        sql.period(filter).model("r", filter).centreEitherSide(filter);
        return new Handovers(jdbc.query(sql.text + " group by from_centre, to_centre order by from_centre, to_centre",
                sql.params, (rs, row) -> new HandoverWait(rs.getString(1), rs.getString(2), rs.getLong(3),
                        number(rs, 4), number(rs, 5), number(rs, 6), number(rs, 7))));
    }

    public OpenReferrals openReferrals(DashboardFilter filter) {
        Instant now = now();
        var sql = new Sql("select status, "
                + "sum(case when sent_at > :oneDayAgo then 1 else 0 end), "
                + "sum(case when sent_at <= :oneDayAgo and sent_at > :threeDaysAgo then 1 else 0 end), "
                + "sum(case when sent_at <= :threeDaysAgo and sent_at > :sevenDaysAgo then 1 else 0 end), "
                + "sum(case when sent_at <= :sevenDaysAgo then 1 else 0 end), count(*) "
                + "from ot_referral r where status in " + OPEN);
        sql.params.addValue("oneDayAgo", Timestamp.from(now.minus(Duration.ofDays(1))))
                .addValue("threeDaysAgo", Timestamp.from(now.minus(Duration.ofDays(3))))
                .addValue("sevenDaysAgo", Timestamp.from(now.minus(Duration.ofDays(7))));
        sql.model("r", filter).centreEitherSide(filter);
        List<OpenByStatus> byStatus = jdbc.query(sql.text + " group by status order by status", sql.params,
                (rs, row) -> new OpenByStatus(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6)));

        var overdue = new Sql("from ot_referral r join ot_pathway p on p.id = r.pathway_id where r.status in "
                + AWAITING_ANSWER + " and r.due_at < :now");
        overdue.params.addValue("now", Timestamp.from(now));
        overdue.model("r", filter).centreEitherSide(filter);
        long total = jdbc.queryForObject("select count(*) " + overdue.text, overdue.params, Long.class);
        List<OverdueReferral> list = jdbc.query("select r.pathway_id, p.business_key, r.step_id, r.from_centre, "
                        + "r.to_centre, r.modality, r.status, r.sent_at, r.due_at " + overdue.text
                        + " order by r.due_at limit " + OVERDUE_LIST_LIMIT, overdue.params,
                (rs, row) -> {
                    Instant due = rs.getTimestamp(9).toInstant();
                    return new OverdueReferral(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(), due,
                            round(Duration.between(due, now).toMillis() / 86_400_000.0),
                            rs.getString(2) == null ? null : "/twins/" + rs.getString(2),
                            "/pathways/" + rs.getString(1),
                            properties.cockpitUrl() + "/#/process-instance/" + rs.getString(1) + "/runtime");
                });
        return new OpenReferrals(byStatus, total, list);
    }

    public List<ProblemCount> rejectionsAndFailures(DashboardFilter filter) {
        var sql = new Sql("select to_centre, status, coalesce(reason, '(no reason given)') as reason, count(*) "
                + "from ot_referral r where status in " + DECLINED + " and closed_at >= :from "
                + "and closed_at < :to");
        sql.period(filter).model("r", filter).centreEitherSide(filter);
        return jdbc.query(sql.text + " group by to_centre, status, coalesce(reason, '(no reason given)') "
                        + "order by count(*) desc, to_centre, status", sql.params,
                (rs, row) -> new ProblemCount(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
    }

    /** count, median, p90 and how many within the target (a named parameter) of one column */
    private static String measureColumns(String column, String targetParameter) {
        return "count(" + column + "), percentile_cont(0.5) within group (order by " + column + "), "
                + "percentile_cont(0.9) within group (order by " + column + "), "
                + "sum(case when " + column + " <= :" + targetParameter + " then 1 else 0 end)";
    }

    private static Measure measure(ResultSet rs, int firstColumn) throws SQLException {
        long patients = rs.getLong(firstColumn);
        long within = rs.getLong(firstColumn + 3);
        return new Measure(patients, number(rs, firstColumn + 1), number(rs, firstColumn + 2), within,
                share(within, patients));
    }

    private Sql treatedIn(DashboardFilter filter, String columns) {
        var sql = new Sql("select " + columns + " from ot_pathway p where first_treatment_at >= :from "
                + "and first_treatment_at < :to");
        return sql.period(filter).model("p", filter).centreInvolved(filter);
    }

    private Instant now() {
        return clock.instant();
    }

    private static Double number(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : round(value);
    }

    private static Double share(long part, long whole) {
        return whole == 0 ? null : round((double) part / whole);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** A query and its parameters, narrowed by the filter's parts that are set. */
    private static final class Sql {
        private String text;
        private final MapSqlParameterSource params = new MapSqlParameterSource();

        Sql(String text) {
            this.text = text;
        }

        Sql period(DashboardFilter filter) {
            params.addValue("from", Timestamp.from(filter.from())).addValue("to", Timestamp.from(filter.to()));
            return this;
        }

        Sql model(String alias, DashboardFilter filter) {
            if (filter.model() != null) {
                text += " and " + alias + ".model = :model";
                params.addValue("model", filter.model());
            }
            return this;
        }

        Sql centreNow(DashboardFilter filter) {
            if (filter.centre() != null) {
                text += " and p.stage_centre = :centre";
                params.addValue("centre", filter.centre());
            }
            return this;
        }

        Sql centreInvolved(DashboardFilter filter) {
            if (filter.centre() != null) {
                text += " and p.centres like :involved";
                params.addValue("involved", "%|" + filter.centre() + "|%");
            }
            return this;
        }

        Sql centreEitherSide(DashboardFilter filter) {
            if (filter.centre() != null) {
                text += " and (r.to_centre = :centre or r.from_centre = :centre)";
                params.addValue("centre", filter.centre());
            }
            return this;
        }
    }

    /** An SQL list of status codes, e.g. {@code ('received', 'requested')}; the codes come from the FHIR enum. */
    static String sqlList(List<String> codes) {
        return codes.stream().map(code -> "'" + code + "'").collect(Collectors.joining(", ", "(", ")"));
    }
}

package org.oncotwin.dashboard;

import org.oncotwin.centre.CareStepKinds;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.Map;
import org.oncotwin.referral.TaskStatusFlow;
import org.springframework.jdbc.core.JdbcTemplate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;

/**
 * Writes the dashboard's read model: one row per pathway ({@code ot_pathway}) and one per referral
 * ({@code ot_referral}), with the durations the dashboard aggregates computed once, when they become known. Every
 * method can run twice with the same arguments without changing the result (the engine retries failed jobs).
 */
public class PathwayReadModel {

    public static final String STAGE_REFERRAL = "referral";
    public static final String STAGE_TREATMENT = "treatment";
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);

    private final JdbcTemplate jdbc;
    private final CareStepKinds kinds;

    public PathwayReadModel(JdbcTemplate jdbc) {
        this(jdbc, CareStepKinds.shipped());
    }

    public PathwayReadModel(JdbcTemplate jdbc, CareStepKinds kinds) {
        this.jdbc = jdbc;
        this.kinds = kinds;
    }

    /** A referral changed status; {@code requested} is a new referral (sent, or sent again to the same centre). */
    public record ReferralChange(String stepId, String pathwayId, String fromCentre, String toCentre,
                                 String modality, String status, String reason, Instant dueAt, Instant at) {
    }

    public void pathwayStarted(String pathwayId, String businessKey, String model, Instant at) {
        if (jdbc.queryForObject("select count(*) from ot_pathway where id = ?", Integer.class, pathwayId) == 0) {
            jdbc.update("insert into ot_pathway (id, business_key, model, referred_at, stage) values (?, ?, ?, ?, ?)",
                    pathwayId, businessKey, model, timestamp(at), STAGE_REFERRAL);
        }
    }

    public void coordinatingCentre(String pathwayId, String centreId) {
        jdbc.update("update ot_pathway set coordinating_centre = ?, stage_centre = coalesce(stage_centre, ?) "
                + "where id = ?", centreId, centreId, pathwayId);
        involve(pathwayId, centreId);
    }

    /** Marks the centre as involved in the pathway (what the dashboard's centre filter looks at). */
    private void involve(String pathwayId, String centreId) {
        jdbc.update("update ot_pathway set centres = centres || ? where id = ? and centres not like ?",
                centreId + "|", pathwayId, "%|" + centreId + "|%");
    }

    public void urgency(String pathwayId, boolean urgent) {
        jdbc.update("update ot_pathway set urgent = ? where id = ?", urgent, pathwayId);
    }

    /**
     * The pathway entered a stage (diagnostics, tumour-board, treatment, follow-up). Stages at the coordinating centre
     * move the pathway there; the first entry into treatment is the decision to treat.
     */
    public void stageEntered(String pathwayId, String stage, Instant at) {
        boolean atCoordinatingCentre = !STAGE_TREATMENT.equals(stage) && !"diagnostics".equals(stage);
        jdbc.update("update ot_pathway set stage = ?, stage_centre = case when ? then coordinating_centre "
                + "else stage_centre end where id = ?", stage, atCoordinatingCentre, pathwayId);
        if (STAGE_TREATMENT.equals(stage)) {
            jdbc.update("update ot_pathway set decided_at = ? where id = ? and decided_at is null", timestamp(at),
                    pathwayId);
        }
    }

    public void pathwayEnded(String pathwayId, String outcome, Instant at) {
        jdbc.update("update ot_pathway set ended_at = ?, outcome = ? where id = ?", timestamp(at), outcome,
                pathwayId);
    }

    public void referralChanged(ReferralChange change) {
        String id = change.stepId() + "/" + change.toCentre();
        if ("requested".equals(change.status())) {
            sent(id, change);
            return;
        }
        List<Map<String, Object>> rows = jdbc.queryForList(
                "select sent_at, accepted_at, started_at, stage, modality from ot_referral where id = ?", id);
        if (rows.isEmpty()) {
            return; // sent before the read model existed
        }
        Map<String, Object> referral = rows.get(0);
        Instant sentAt = instant(referral.get("sent_at"));
        Instant acceptedAt = instant(referral.get("accepted_at"));
        Timestamp at = timestamp(change.at());
        switch (change.status()) {
            case "accepted" -> jdbc.update("update ot_referral set status = ?, accepted_at = ?, hours_to_accept = ? "
                    + "where id = ? and accepted_at is null", change.status(), at, hours(sentAt, change.at()), id);
            case "in-progress" -> {
                Instant answeredAt = acceptedAt != null ? acceptedAt : change.at();
                jdbc.update("update ot_referral set status = ?, accepted_at = coalesce(accepted_at, ?), "
                        + "hours_to_accept = coalesce(hours_to_accept, ?), started_at = ?, hours_to_start = ? "
                        + "where id = ? and started_at is null", change.status(), at, hours(sentAt, change.at()),
                        at, hours(answeredAt, change.at()), id);
                firstTreatment(change.pathwayId(), referral, change.at());
            }
            default -> {
                if (TaskStatusFlow.isClosed(change.status())) {
                    jdbc.update("update ot_referral set status = ?, closed_at = coalesce(closed_at, ?), "
                            + "reason = coalesce(?, reason) where id = ?", change.status(), at, change.reason(), id);
                    if ("completed".equals(change.status())) {
                        firstTreatment(change.pathwayId(), referral, change.at());
                    }
                } else {
                    jdbc.update("update ot_referral set status = ? where id = ?", change.status(), id);
                }
            }
        }
    }

    /** The reason a centre gave for rejecting or failing the step's referral, when it arrives after the status. */
    public void reasonGiven(String stepId, String reason) {
        jdbc.update("update ot_referral set reason = ? where step_id = ? and status in "
                + DashboardQueries.sqlList(TaskStatusFlow.declinedCodes()) + " and reason is null", reason, stepId);
    }

    private void sent(String id, ReferralChange change) {
        String stage = jdbc.queryForList("select stage from ot_pathway where id = ?", String.class,
                change.pathwayId()).stream().findFirst().orElse(null);
        Object[] values = {change.pathwayId(), change.fromCentre(), change.modality(), stage, timestamp(change.at()),
                timestamp(change.dueAt()), id};
        int updated = jdbc.update("update ot_referral set pathway_id = ?, from_centre = ?, modality = ?, stage = ?, "
                + "status = 'requested', sent_at = ?, due_at = ?, accepted_at = null, started_at = null, "
                + "closed_at = null, hours_to_accept = null, hours_to_start = null, reason = null "
                + "where id = ? and status <> 'requested'", values);
        if (updated == 0 && jdbc.queryForObject("select count(*) from ot_referral where id = ?", Integer.class,
                id) == 0) {
            jdbc.update("insert into ot_referral (pathway_id, from_centre, modality, stage, status, sent_at, due_at, "
                    + "id, step_id, to_centre, model) values (?, ?, ?, ?, 'requested', ?, ?, ?, ?, ?, "
                    + "(select model from ot_pathway where id = ?))", change.pathwayId(), change.fromCentre(),
                    change.modality(), stage, timestamp(change.at()), timestamp(change.dueAt()), id, change.stepId(),
                    change.toCentre(), change.pathwayId());
        }
        jdbc.update("update ot_pathway set stage_centre = ? where id = ?", change.toCentre(), change.pathwayId());
        involve(change.pathwayId(), change.toCentre());
    }

    /** A step counts as the first treatment in the treatment stage, if its kind of care counts as treatment. */
    private void firstTreatment(String pathwayId, Map<String, Object> referral, Instant at) {
        String modality = (String) referral.get("modality");
        if (!STAGE_TREATMENT.equals(referral.get("stage"))
                || modality != null && kinds.contains(modality) && !kinds.require(modality).treatment()) {
            return;
        }
        List<Map<String, Object>> rows = jdbc.queryForList(
                "select referred_at, decided_at from ot_pathway where id = ? and first_treatment_at is null",
                pathwayId);
        if (rows.isEmpty()) {
            return;
        }
        Instant referredAt = instant(rows.get(0).get("referred_at"));
        Instant decidedAt = instant(rows.get(0).get("decided_at"));
        jdbc.update("update ot_pathway set first_treatment_at = ?, days_to_treatment = ?, "
                        + "days_decision_to_treatment = ?, treatment_week = ?, treatment_month = ? where id = ?",
                timestamp(at), days(referredAt, at), decidedAt == null ? null : days(decidedAt, at), week(at),
                MONTH.format(at), pathwayId);
    }

    /** ISO week of an instant (UTC), e.g. {@code 2026-W48}: sorts and groups as text. */
    public static String week(Instant at) {
        var date = at.atZone(ZoneOffset.UTC);
        return String.format("%d-W%02d", date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    private static Double hours(Instant from, Instant to) {
        return from == null ? null : Duration.between(from, to).toMillis() / 3_600_000.0;
    }

    private static Double days(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 86_400_000.0;
    }

    static Timestamp timestamp(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof LocalDateTime local) {
            return Timestamp.valueOf(local).toInstant();
        }
        return ((OffsetDateTime) value).toInstant();
    }
}

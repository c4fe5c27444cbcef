package org.oncotwin.referral;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.oncotwin.OncoTwinTables;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The referral watcher's memory in the database, shared by every node: per centre how far its changes are applied
 * (the cursor), which Tasks to look at again, and which node watches the centre (the lease).
 */
@Component
class WatchState {

    /** Limits the versions remembered at one instant: a centre that changes more Tasks in one millisecond is rare. */
    private static final int MAX_SEEN_VERSIONS_TEXT = 4000;

    private final JdbcTemplate jdbc;

    WatchState(OncoTwinTables tables, JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param seenUntil the newest {@code meta.lastUpdated} applied
     * @param seenVersions the Task versions with exactly that {@code lastUpdated} that were applied (the next search
     *                     starts at that instant again)
     */
    record Cursor(Instant seenUntil, Set<String> seenVersions) {

        /** Whether this very version was applied at the cursor's instant (older versions are looked at again). */
        boolean seenAtCursor(Instant lastUpdated, String version) {
            return lastUpdated.equals(seenUntil) && seenVersions.contains(version);
        }
    }

    /** The cursor of a centre, if it was watched at this base URL before (a centre that moved starts afresh). */
    Optional<Cursor> cursor(String centreId, String fhirBaseUrl) {
        return jdbc.query("select seen_until_ms, seen_versions from ot_centre_cursor where centre_id = ? "
                        + "and fhir_base_url = ?", (rs, i) -> new Cursor(Instant.ofEpochMilli(rs.getLong(1)),
                        Arrays.stream(rs.getString(2).split("\\|")).filter(v -> !v.isEmpty())
                                .collect(Collectors.toCollection(LinkedHashSet::new))), centreId, fhirBaseUrl)
                .stream().findFirst();
    }

    void saveCursor(String centreId, String fhirBaseUrl, Cursor cursor) {
        String versions = "|" + String.join("|", cursor.seenVersions()) + "|";
        if (versions.length() > MAX_SEEN_VERSIONS_TEXT) {
            // forgetting some versions only means they are applied again, which finds them known
            versions = versions.substring(0, versions.lastIndexOf('|', MAX_SEEN_VERSIONS_TEXT - 1) + 1);
        }
        int updated = jdbc.update("update ot_centre_cursor set fhir_base_url = ?, seen_until_ms = ?, seen_versions = ? "
                + "where centre_id = ?", fhirBaseUrl, cursor.seenUntil().toEpochMilli(), versions, centreId);
        if (updated == 0) {
            jdbc.update("insert into ot_centre_cursor (centre_id, fhir_base_url, seen_until_ms, seen_versions) "
                    + "values (?, ?, ?, ?)", centreId, fhirBaseUrl, cursor.seenUntil().toEpochMilli(), versions);
        }
    }

    /** A Task to look at again on the next polls of its centre. */
    record Recheck(String taskId, Optional<Instant> giveUpAt) {
    }

    List<Recheck> rechecks(String centreId) {
        return jdbc.query("select task_id, give_up_at_ms from ot_task_recheck where centre_id = ? order by task_id",
                (rs, i) -> new Recheck(rs.getString(1), Optional.ofNullable((Long) rs.getObject(2))
                        .map(Instant::ofEpochMilli)), centreId);
    }

    /** Keeps the first give-up time of a Task already in the list. */
    void recheck(String centreId, String taskId, Instant giveUpAt, String reason) {
        Long giveUp = giveUpAt == null ? null : giveUpAt.toEpochMilli();
        if (jdbc.update("update ot_task_recheck set reason = ? where centre_id = ? and task_id = ?", reason, centreId,
                taskId) == 0) {
            try {
                jdbc.update("insert into ot_task_recheck (centre_id, task_id, give_up_at_ms, reason) values (?, ?, ?, ?)",
                        centreId, taskId, giveUp, reason);
            } catch (DuplicateKeyException concurrent) {
                // another node put it in the list meanwhile: the same Task, looked at again either way
            }
        }
    }

    Optional<Instant> giveUpAt(String centreId, String taskId) {
        return jdbc.query("select give_up_at_ms from ot_task_recheck where centre_id = ? and task_id = ?",
                (rs, i) -> Optional.ofNullable((Long) rs.getObject(1)).map(Instant::ofEpochMilli), centreId, taskId)
                .stream().findFirst().flatMap(o -> o);
    }

    void done(String centreId, String taskId) {
        jdbc.update("delete from ot_task_recheck where centre_id = ? and task_id = ?", centreId, taskId);
    }

    /**
     * Takes or renews the lease of a centre for this node until {@code until}: granted when no one holds it, this
     * node holds it, or the holder's lease expired (the node died).
     */
    boolean lease(String centreId, String node, Instant now, Instant until) {
        int renewed = jdbc.update("update ot_centre_lease set holder = ?, expires_ms = ? where centre_id = ? "
                + "and (holder = ? or expires_ms < ?)", node, until.toEpochMilli(), centreId, node, now.toEpochMilli());
        if (renewed == 1) {
            return true;
        }
        try {
            return jdbc.update("insert into ot_centre_lease (centre_id, holder, expires_ms) values (?, ?, ?)",
                    centreId, node, until.toEpochMilli()) == 1;
        } catch (DuplicateKeyException held) {
            return false;
        }
    }

    void release(String centreId, String node) {
        jdbc.update("delete from ot_centre_lease where centre_id = ? and holder = ?", centreId, node);
    }
}

package org.oncotwin.research;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.oncotwin.OncoTwinTables;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The exports and their files (ot_research_export, ot_research_export_part). */
@Component
class ExportStore {

    static final String RUNNING = "running";
    static final String COMPLETED = "completed";
    static final String FAILED = "failed";
    static final String EXPIRED = "expired";
    static final String DELETED = "deleted";
    private static final int MAX_TEXT = 4000;

    /** One export as recorded. */
    record Export(String id, String userId, String project, String criteria, List<String> types, String status,
                  String progress, String error, Integer patients, Map<String, Integer> resourceCounts,
                  Instant requestedAt, Instant completedAt, Instant expiresAt) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    ExportStore(OncoTwinTables tables, JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void created(String id, String user, String project, Map<String, Object> criteria, List<String> types,
                 Instant now, Instant expires) {
        jdbc.update("insert into ot_research_export (id, user_id, project, criteria, types, status, progress, "
                + "requested_at, expires_at, heartbeat_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", id, user, project,
                clip(write(criteria)), String.join(",", types), RUNNING, "starting", Timestamp.from(now),
                Timestamp.from(expires), Timestamp.from(now));
    }

    Optional<Export> find(String id) {
        return jdbc.query("select * from ot_research_export where id = ?", this::export, id).stream().findFirst();
    }

    void progress(String id, String progress, Instant now) {
        jdbc.update("update ot_research_export set progress = ?, heartbeat_at = ? where id = ? and status = ?",
                clip(progress), Timestamp.from(now), id, RUNNING);
    }

    void heartbeat(Collection<String> ids, Instant now) {
        ids.forEach(id -> jdbc.update("update ot_research_export set heartbeat_at = ? where id = ? and status = ?",
                Timestamp.from(now), id, RUNNING));
    }

    /** @return false when the export was deleted meanwhile (its files are then removed) */
    boolean completed(String id, int patients, Map<String, Integer> counts, Instant now, Instant expires) {
        int updated = jdbc.update("update ot_research_export set status = ?, progress = '', patients = ?, resource_counts = ?, "
                + "completed_at = ?, expires_at = ? where id = ? and status = ?", COMPLETED, patients, write(counts),
                Timestamp.from(now), Timestamp.from(expires), id, RUNNING);
        if (updated == 0) {
            jdbc.update("delete from ot_research_export_part where export_id = ?", id);
        }
        return updated > 0;
    }

    @Transactional
    void failed(String id, String error, Instant now) {
        jdbc.update("update ot_research_export set status = ?, error = ?, completed_at = ? where id = ? and status = ?",
                FAILED, clip(error), Timestamp.from(now), id, RUNNING);
        jdbc.update("delete from ot_research_export_part where export_id = ?", id);
    }

    void part(String id, String type, int seq, int lines, String content) {
        jdbc.update("insert into ot_research_export_part (export_id, resource_type, seq, lines, content) "
                + "values (?, ?, ?, ?, ?)", id, type, seq, lines, content);
    }

    /** Hands the parts of one file over in order, one at a time (a file is never held in memory whole). */
    void streamParts(String id, String type, Consumer<String> part) {
        jdbc.query("select content from ot_research_export_part where export_id = ? and resource_type = ? "
                + "order by seq", rs -> {
                    part.accept(rs.getString(1));
                }, id, type);
    }

    /** Removes the files and marks the export (the record stays: it is part of the audit). */
    @Transactional
    void removeFiles(String id, String status) {
        jdbc.update("delete from ot_research_export_part where export_id = ?", id);
        jdbc.update("update ot_research_export set status = ? where id = ? and status <> ?", status, id, DELETED);
    }

    List<String> expired(Instant now) {
        return jdbc.queryForList("select id from ot_research_export where status in (?, ?) and expires_at < ?",
                String.class, COMPLETED, FAILED, Timestamp.from(now));
    }

    /** Marks running exports whose node stopped renewing their heartbeat as failed. */
    int failInterrupted(Instant heartbeatBefore, Instant now) {
        List<String> stale = jdbc.queryForList("select id from ot_research_export where status = ? and "
                + "heartbeat_at < ?", String.class, RUNNING, Timestamp.from(heartbeatBefore));
        stale.forEach(id -> failed(id, "interrupted; start it again", now));
        return stale.size();
    }

    private Export export(ResultSet rs, int row) throws SQLException {
        String counts = rs.getString("resource_counts");
        return new Export(rs.getString("id"), rs.getString("user_id"), rs.getString("project"),
                rs.getString("criteria"), Arrays.asList(rs.getString("types").split(",")), rs.getString("status"),
                rs.getString("progress"), rs.getString("error"), (Integer) rs.getObject("patients", Integer.class),
                counts == null ? Map.of() : read(counts), instant(rs.getTimestamp("requested_at")),
                instant(rs.getTimestamp("completed_at")), instant(rs.getTimestamp("expires_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Integer> read(String counts) {
        try {
            return json.readValue(counts, new TypeReference<java.util.LinkedHashMap<String, Integer>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String clip(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }
}

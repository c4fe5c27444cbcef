package org.oncotwin.twin;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.oncotwin.OncoTwinTables;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Imports written in parts that are not finished yet ({@code ot_record_import}, {@code ot_record_import_part}), shared
 * by every node: what must be undone if the import fails half-way or its node stops.
 */
@Component
class ImportJournal {

    private final JdbcTemplate jdbc;

    ImportJournal(OncoTwinTables tables, JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** An import under way, with the parts it has sent or is sending (newest first). */
    record Unfinished(String id, String twinId, String centreId, Instant touchedAt, List<Part> parts) {
    }

    /** A part: the tag of what it created is {@code <import id>/<part>}; its Provenance has this id. */
    record Part(int number, String provenanceId, List<String> resourceTypes) {
    }

    void begin(String importId, String twinId, String centreId, Instant now) {
        jdbc.update("insert into ot_record_import (id, twin_id, centre_id, started_at, touched_at) values (?, ?, ?, ?, ?)",
                importId, twinId, centreId, Timestamp.from(now), Timestamp.from(now));
    }

    /** Entered before the part is sent: a part that may have reached the centre is always known here. */
    void sending(String importId, Part part, Instant now) {
        jdbc.update("insert into ot_record_import_part (import_id, part, provenance_id, resource_types) "
                + "values (?, ?, ?, ?)", importId, part.number(), part.provenanceId(),
                String.join(",", part.resourceTypes()));
        jdbc.update("update ot_record_import set touched_at = ? where id = ?", Timestamp.from(now), importId);
    }

    /** The import is whole at the centre, or wholly undone: nothing to keep. */
    void forget(String importId) {
        jdbc.update("delete from ot_record_import_part where import_id = ?", importId);
        jdbc.update("delete from ot_record_import where id = ?", importId);
    }

    /** A part is undone at the centre. */
    void undone(String importId, int part) {
        jdbc.update("delete from ot_record_import_part where import_id = ? and part = ?", importId, part);
    }

    /** Imports not touched since {@code before}: their node stopped, or undoing them failed. */
    List<String> untouchedSince(Instant before) {
        return jdbc.queryForList("select id from ot_record_import where touched_at < ? order by started_at",
                String.class, Timestamp.from(before));
    }

    /**
     * Takes an untouched import for undoing on this node: only one node gets it (the touch moves it out of
     * {@link #untouchedSince} for the others).
     */
    boolean claim(String importId, Instant before, Instant now) {
        return jdbc.update("update ot_record_import set touched_at = ? where id = ? and touched_at < ?",
                Timestamp.from(now), importId, Timestamp.from(before)) == 1;
    }

    /** Imports under way or waiting to be undone, on every node. */
    int unfinished() {
        Integer count = jdbc.queryForObject("select count(*) from ot_record_import", Integer.class);
        return count == null ? 0 : count;
    }

    Unfinished read(String importId) {
        List<Part> parts = jdbc.query("select part, provenance_id, resource_types from ot_record_import_part "
                        + "where import_id = ? order by part desc",
                (rs, i) -> new Part(rs.getInt(1), rs.getString(2), List.of(rs.getString(3).split(","))), importId);
        return jdbc.query("select id, twin_id, centre_id, touched_at from ot_record_import where id = ?",
                (rs, i) -> new Unfinished(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), parts), importId).stream().findFirst().orElse(null);
    }
}

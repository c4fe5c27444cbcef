package org.oncotwin.security;

import ca.uhn.fhir.context.FhirContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.oncotwin.OncoTwinTables;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The records of reads of patient data that are not yet at their coordinating centre ({@code ot_access_record}),
 * shared by every node. A record is written before the data is returned; {@link AccessRecordDelivery} takes it to
 * the centre and deletes it here.
 */
@Component
class AccessRecords {

    private static final int MAX_ERROR = 4000;

    private final JdbcTemplate jdbc;
    private final FhirContext fhirContext;

    AccessRecords(OncoTwinTables tables, JdbcTemplate jdbc, FhirContext fhirContext) {
        this.jdbc = jdbc;
        this.fhirContext = fhirContext;
    }

    /** A record on its way to a centre; {@code event} carries its id, which it keeps at the centre. */
    record Waiting(String id, String centreId, AuditEvent event) {
    }

    /** Writes the record (the event's id is its key); throws when the database does not take it. */
    void add(String centreId, AuditEvent event, Instant at) {
        jdbc.update("insert into ot_access_record (id, centre_id, recorded_at, audit_event) values (?, ?, ?, ?)",
                event.getIdElement().getIdPart(), centreId, Timestamp.from(at),
                fhirContext.newJsonParser().encodeResourceToString(event));
    }

    /** The centres that have records waiting (refused ones aside). */
    List<String> centresWaiting() {
        return jdbc.queryForList("select distinct centre_id from ot_access_record where refused = false",
                String.class);
    }

    /** The oldest waiting records of a centre, at most {@code limit}. */
    List<Waiting> waiting(String centreId, int limit) {
        var parser = fhirContext.newJsonParser();
        return jdbc.query("select id, audit_event from ot_access_record where centre_id = ? and refused = false "
                        + "order by recorded_at, id fetch first " + limit + " rows only",
                (rs, i) -> new Waiting(rs.getString(1), centreId,
                        parser.parseResource(AuditEvent.class, rs.getString(2))), centreId);
    }

    void delivered(List<String> ids) {
        jdbc.batchUpdate("delete from ot_access_record where id = ?", ids.stream().map(id -> new Object[] {id})
                .toList());
    }

    /** The centre could not be reached or failed: the records are tried again later. */
    void notDelivered(List<String> ids, String error) {
        jdbc.batchUpdate("update ot_access_record set attempts = attempts + 1, last_error = ? where id = ?",
                ids.stream().map(id -> new Object[] {truncate(error), id}).toList());
    }

    /** The centre refused this record itself: kept here, marked, not tried again. */
    void refused(String id, String error) {
        jdbc.update("update ot_access_record set attempts = attempts + 1, last_error = ?, refused = true where id = ?",
                truncate(error), id);
    }

    /** Records waiting for delivery (refused ones aside), and the oldest one's time. */
    record Backlog(long waiting, Instant oldest, long refused) {
    }

    Backlog backlog() {
        return jdbc.queryForObject("select count(case when refused = false then 1 end), "
                + "min(case when refused = false then recorded_at end), count(case when refused then 1 end) "
                + "from ot_access_record", (rs, i) -> new Backlog(rs.getLong(1),
                rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant(), rs.getLong(3)));
    }

    private static String truncate(String error) {
        return error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
    }
}

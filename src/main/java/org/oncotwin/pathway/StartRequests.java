package org.oncotwin.pathway;

import org.oncotwin.OncoTwinTables;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Remembers which pathway a client's {@code Idempotency-Key} started, so that a retried {@code POST /api/pathways}
 * answers the first answer instead of starting a second pathway. The key is claimed before the start (a concurrent
 * repeat is refused), completed after it, and released when the start fails.
 */
@Component
class StartRequests {

    static final int MAX_KEY_LENGTH = 200;

    private final JdbcTemplate jdbc;
    private final Clock clock;

    StartRequests(OncoTwinTables tables, JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** What an earlier request with the same key started; null fields while it is still running. */
    record Earlier(String twinId, String processInstanceId) {

        boolean finished() {
            return processInstanceId != null;
        }
    }

    /** @return empty when the key is new (and now claimed), else what the earlier request with the key did */
    Optional<Earlier> claim(String user, String key) {
        try {
            jdbc.update("insert into ot_start_request (request_key, created_at) values (?, ?)", requestKey(user, key),
                    Timestamp.from(clock.instant()));
            return Optional.empty();
        } catch (DuplicateKeyException e) {
            List<Earlier> earlier = jdbc.query("select twin_id, process_instance_id from ot_start_request "
                    + "where request_key = ?", (rs, i) -> new Earlier(rs.getString(1), rs.getString(2)),
                    requestKey(user, key));
            return earlier.isEmpty() ? claim(user, key) : Optional.of(earlier.get(0));
        }
    }

    void completed(String user, String key, PathwayService.StartedPathway started) {
        jdbc.update("update ot_start_request set twin_id = ?, process_instance_id = ? where request_key = ?",
                started.twinId(), started.processInstanceId(), requestKey(user, key));
    }

    void release(String user, String key) {
        jdbc.update("delete from ot_start_request where request_key = ? and process_instance_id is null",
                requestKey(user, key));
    }

    private static String requestKey(String user, String key) {
        return user + " " + key;
    }
}

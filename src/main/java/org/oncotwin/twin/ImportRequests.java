package org.oncotwin.twin;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.oncotwin.fhir.CentreCallException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Imports that run in the background ({@code Prefer: respond-async}): the export is read, checked and its patient
 * found while the client waits (so bad input is refused at once, as for any import); then the writing runs here and
 * the client asks how far it is ({@code GET /api/twins/{id}/records/imports/{importId}}: 202 while running, then 200
 * with the report, or the answer a failed import would have given). The state is in OncoTwin's database ({@code ot_record_import_request}), so
 * any node answers; an import whose node stopped is answered as failed once its parts are undone ({@link ImportUndo}).
 */
@Component
public class ImportRequests implements SchedulingConfigurer, DisposableBean {

    static final String RUNNING = "running";
    static final String COMPLETED = "completed";
    static final String FAILED = "failed";
    /** At most this many imports wait to be written on one node; more are refused (503). */
    private static final int QUEUE = 20;
    private static final Duration KEPT = Duration.ofDays(7);
    private static final int MAX_ANSWER = 1_000_000;
    private static final Logger log = LoggerFactory.getLogger(ImportRequests.class);

    private final RecordImport imports;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final FhirContext fhirContext;
    private final ObjectMapper json;
    private final Set<String> runningHere = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor writers = new ThreadPoolExecutor(2, 2, 1, TimeUnit.MINUTES,
            new ArrayBlockingQueue<>(QUEUE), runnable -> {
                Thread thread = new Thread(runnable, "record-import");
                thread.setDaemon(true);
                return thread;
            });

    ImportRequests(RecordImport imports, JdbcTemplate jdbc, Clock clock, FhirContext fhirContext, ObjectMapper json) {
        this.imports = imports;
        this.jdbc = jdbc;
        this.clock = clock;
        this.fhirContext = fhirContext;
        this.json = json;
    }

    /** The state of an import asked to run in the background. */
    record State(String id, String twinId, String centreId, String state, int parts, int partsSent,
                 Integer httpStatus, String answer) {
    }

    /** An import could not be taken now: too many are waiting on this node (HTTP 503). */
    public static class TooManyImportsException extends RuntimeException {
        TooManyImportsException(String message) {
            super(message);
        }
    }

    /** Starts writing the prepared import in the background; returns its id. */
    String start(RecordImport.Prepared prepared) {
        String id = UUID.randomUUID().toString();
        jdbc.update("insert into ot_record_import_request (id, twin_id, centre_id, requested_by, requested_at, state, "
                        + "parts) values (?, ?, ?, ?, ?, ?, ?)", id, prepared.twinId(), prepared.centreId(),
                prepared.user(), Timestamp.from(clock.instant()), RUNNING, imports.parts(prepared));
        runningHere.add(id);
        try {
            writers.execute(() -> write(id, prepared));
        } catch (RejectedExecutionException e) {
            runningHere.remove(id);
            jdbc.update("delete from ot_record_import_request where id = ?", id);
            throw new TooManyImportsException(QUEUE + " imports wait to be written on this node; try again later");
        }
        return id;
    }

    private void write(String id, RecordImport.Prepared prepared) {
        try {
            var imported = imports.write(prepared, id);
            finish(id, COMPLETED, 200, json.writeValueAsString(imported));
            log.info("Import {} for twin {} into {} written in the background: {}", id, prepared.twinId(),
                    prepared.centreId(), imported.importedByType());
        } catch (RecordImport.InvalidRecordsException e) {
            finish(id, FAILED, 422, fhirContext.newJsonParser().encodeResourceToString(e.outcome()));
        } catch (RecordImport.ImportUndoPendingException e) {
            finish(id, FAILED, 503, problem(503, "Import not finished", e.getMessage()));
        } catch (CentreCallException e) {
            finish(id, FAILED, 503, problem(503, "A centre did not answer", e.getMessage()));
        } catch (RuntimeException | JsonProcessingException e) {
            log.error("Import {} for twin {} into {} failed", id, prepared.twinId(), prepared.centreId(), e);
            finish(id, FAILED, 503, problem(503, "Import failed", e.getMessage() + "; import again (an import "
                    + "writes each resource once)"));
        } finally {
            runningHere.remove(id);
        }
    }

    private void finish(String id, String state, int status, String answer) {
        if (answer.length() > MAX_ANSWER) {
            answer = problem(status, "Answer too large to keep", "The import " + state + "; its report is larger "
                    + "than " + MAX_ANSWER + " characters and was not kept");
        }
        jdbc.update("update ot_record_import_request set state = ?, http_status = ?, answer = ?, finished_at = ? "
                + "where id = ?", state, status, answer, Timestamp.from(clock.instant()), id);
    }

    /** The import's state, or null if there is none with this id (or it is older than a week). */
    State state(String id) {
        List<State> found = jdbc.query("select r.id, r.twin_id, r.centre_id, r.state, r.parts, r.http_status, "
                        + "r.answer, (select count(*) from ot_record_import_part p where p.import_id = r.id) "
                        + "from ot_record_import_request r where r.id = ?",
                (rs, i) -> new State(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), rs.getInt(8), (Integer) rs.getObject(6), rs.getString(7)), id);
        return found.isEmpty() ? null : found.get(0);
    }

    /** Runs while scheduling is on (see SchedulingConfiguration). */
    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(this::sweep, Duration.ofMinutes(1), Duration.ofMinutes(1)));
    }

    /**
     * Imports left running by a node that stopped: once nothing of them is left to undo (no journal entry), they are
     * answered as failed. Finished ones are forgotten after a week.
     */
    void sweep() {
        Instant now = clock.instant();
        Instant stale = now.minus(ImportUndo.UNTOUCHED);
        List<String> left = jdbc.queryForList("select r.id from ot_record_import_request r where r.state = ? and "
                + "r.requested_at < ? and not exists (select 1 from ot_record_import j where j.id = r.id)",
                String.class, RUNNING, Timestamp.from(stale));
        for (String id : left) {
            if (runningHere.contains(id)) {
                continue;
            }
            log.warn("Import {} was left running by a node that stopped; answered as failed", id);
            jdbc.update("update ot_record_import_request set state = ?, http_status = ?, answer = ?, finished_at = ? "
                    + "where id = ? and state = ?", FAILED, 503, problem(503, "Import stopped", "The node writing "
                    + "the import stopped; what it wrote in parts was removed, one transaction is at the centre "
                    + "whole or not at all: import again (an import writes each resource once)"),
                    Timestamp.from(now), id, RUNNING);
        }
        jdbc.update("delete from ot_record_import_request where requested_at < ?", Timestamp.from(now.minus(KEPT)));
    }

    private String problem(int status, String title, String detail) {
        try {
            return json.writeValueAsString(Map.of("type", "about:blank", "title", title, "status", status,
                    "detail", String.valueOf(detail)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        writers.shutdown();
        if (!writers.awaitTermination(30, TimeUnit.SECONDS)) {
            // what is cut off is undone from the journal by the next node's sweep
            writers.shutdownNow();
        }
    }
}

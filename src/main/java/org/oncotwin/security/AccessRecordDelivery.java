package org.oncotwin.security;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hl7.fhir.r4.model.Bundle;
import org.oncotwin.centre.CentreDirectory;
import org.oncotwin.fhir.CentreCallException;
import org.oncotwin.fhir.CentreClients;
import org.oncotwin.fhir.CentreWorkers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Takes the records of reads to their coordinating centres as AuditEvents: {@link #GATHER} after a read, together
 * with the reads that came in meanwhile (one transaction Bundle), and every {@link #SWEEP} for what is left (a centre that
 * was down, records of a node that stopped). Each AuditEvent is written with {@code PUT AuditEvent/<id>}, so a
 * delivery that runs twice, or on two nodes at once, writes it once. A Bundle the centre refuses as a whole is sent
 * again one record at a time, so that one bad record cannot hold back the others.
 */
@Component
class AccessRecordDelivery implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(AccessRecordDelivery.class);
    static final int BATCH = 100;
    static final Duration SWEEP = Duration.ofSeconds(5);
    /**
     * How long a delivery waits for more reads to take along: one transaction for the reads of half a second costs a
     * busy coordinating centre far less than one per read, and the record is safe in OncoTwin's database meanwhile.
     */
    static final Duration GATHER = Duration.ofMillis(500);

    private final AccessRecords records;
    private final CentreClients clients;
    private final CentreDirectory centres;
    private final Clock clock;
    private final CentreWorkers worker = CentreWorkers.of("access-record-delivery", 1);
    private final AtomicBoolean requested = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean();
    /** A centre that failed is tried again at the next sweep, not after every read. */
    private final Map<String, Instant> retryAfter = new ConcurrentHashMap<>();

    AccessRecordDelivery(AccessRecords records, CentreClients clients, CentreDirectory centres, Clock clock,
                         MeterRegistry meters) {
        this.records = records;
        this.clients = clients;
        this.centres = centres;
        this.clock = clock;
        Gauge.builder("oncotwin.access-records.waiting", records, r -> r.backlog().waiting())
                .description("Records of reads of patient data not yet delivered to their coordinating centre")
                .register(meters);
        Gauge.builder("oncotwin.access-records.refused", records, r -> r.backlog().refused())
                .description("Records of reads a coordinating centre refused (kept in ot_access_record)")
                .register(meters);
    }

    /** Runs while scheduling is on (see SchedulingConfiguration). */
    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(this::sweep, SWEEP, SWEEP));
    }

    /** Delivers soon (within {@link #GATHER}), on the delivery thread. */
    void requestDelivery() {
        requested.set(true);
        if (running.compareAndSet(false, true)) {
            worker.execute(this::gatherThenDeliver);
        }
    }

    private void gatherThenDeliver() {
        try {
            Thread.sleep(GATHER.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
            return;
        }
        deliverWhileRequested();
    }

    private void sweep() {
        retryAfter.clear();
        requestDelivery();
    }

    private void deliverWhileRequested() {
        try {
            while (requested.getAndSet(false)) {
                deliverWaiting();
            }
        } catch (RuntimeException e) {
            log.error("Delivering records of reads failed; tried again at the next sweep", e);
        } finally {
            running.set(false);
        }
        if (requested.get()) {
            requestDelivery();
        }
    }

    /** Delivers every waiting record of every centre that is not waiting for a retry. */
    void deliverWaiting() {
        for (String centreId : records.centresWaiting()) {
            Instant retry = retryAfter.get(centreId);
            if (retry != null && clock.instant().isBefore(retry)) {
                continue;
            }
            if (!centres.contains(centreId)) {
                continue; // a centre no longer configured: its records stay for the operator
            }
            List<AccessRecords.Waiting> batch;
            do {
                batch = records.waiting(centreId, BATCH);
                if (!batch.isEmpty() && !deliver(centreId, batch)) {
                    retryAfter.put(centreId, clock.instant().plus(SWEEP));
                    break;
                }
            } while (batch.size() == BATCH);
        }
    }

    /** @return whether the centre answered (records it refused are marked; the rest are delivered) */
    private boolean deliver(String centreId, List<AccessRecords.Waiting> batch) {
        List<String> ids = batch.stream().map(AccessRecords.Waiting::id).toList();
        try {
            clients.call(centreId, "record " + batch.size() + " reads of patient data (AuditEvent)",
                    client -> client.transaction().withBundle(bundleOf(batch)).execute());
            records.delivered(ids);
            return true;
        } catch (CentreCallException e) {
            if (!refusedAsBadRequest(e) || batch.size() == 1) {
                if (refusedAsBadRequest(e)) {
                    log.error("Centre {} refused the record of a read ({}); kept in ot_access_record",
                            centreId, e.getMessage());
                    records.refused(ids.get(0), e.getMessage());
                    return true;
                }
                log.warn("Records of reads not delivered yet ({} waiting for centre {}): {}", batch.size(),
                        centreId, e.getMessage());
                records.notDelivered(ids, e.getMessage());
                return false;
            }
            for (AccessRecords.Waiting one : batch) {
                if (!deliver(centreId, List.of(one))) {
                    return false;
                }
            }
            return true;
        }
    }

    private static boolean refusedAsBadRequest(CentreCallException e) {
        return e.httpStatus() >= 400 && e.httpStatus() < 500 && e.httpStatus() != 401 && e.httpStatus() != 403
                && e.httpStatus() != 408 && e.httpStatus() != 429;
    }

    private static Bundle bundleOf(List<AccessRecords.Waiting> batch) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (AccessRecords.Waiting waiting : batch) {
            String url = "AuditEvent/" + waiting.id();
            bundle.addEntry().setFullUrl(url).setResource(waiting.event()).getRequest()
                    .setMethod(Bundle.HTTPVerb.PUT).setUrl(url);
        }
        return bundle;
    }

    @PreDestroy
    void stop() {
        worker.close();
    }
}

package org.oncotwin.twin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.hl7.fhir.r4.model.Bundle;
import org.oncotwin.fhir.CentreClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Removes from a centre what an import written in parts created, part by part from the last (a later part refers to
 * earlier ones, and a centre refuses to delete what is still referred to): the resources tagged with the part and the
 * part's Provenance, one transaction per part. Resources the import found at the centre already are not touched.
 * An import whose node stopped, or whose undoing failed, is undone {@link #UNTOUCHED} after it was last touched, by
 * whichever node claims it first.
 */
@Component
class ImportUndo implements SchedulingConfigurer {

    static final String PART_TAG_SYSTEM = "urn:oncotwin:import-part";
    static final Duration UNTOUCHED = Duration.ofMinutes(10);
    private static final Logger log = LoggerFactory.getLogger(ImportUndo.class);

    private final ImportJournal journal;
    private final CentreClients clients;
    private final Clock clock;

    ImportUndo(ImportJournal journal, CentreClients clients, Clock clock, MeterRegistry meters) {
        this.journal = journal;
        this.clients = clients;
        this.clock = clock;
        Gauge.builder("oncotwin.imports.unfinished", journal, ImportJournal::unfinished)
                .description("Record imports written in parts that are under way or waiting to be undone")
                .register(meters);
    }

    /** Runs while scheduling is on (see SchedulingConfiguration). */
    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(this::undoAbandoned, Duration.ofMinutes(1),
                Duration.ofMinutes(1)));
    }

    static String partTag(String importId, int part) {
        return importId + "/" + part;
    }

    /** Undoes the import at its centre and forgets it; throws (and keeps it for a later try) if the centre refuses. */
    void undo(String importId) {
        ImportJournal.Unfinished unfinished = journal.read(importId);
        if (unfinished == null) {
            return;
        }
        for (ImportJournal.Part part : unfinished.parts()) {
            List<String> ids = new ArrayList<>();
            String what = "undo of part " + part.number() + " of import " + importId;
            for (String type : part.resourceTypes()) {
                ids.addAll(idsAt(unfinished.centreId(), what, type + "?_tag=" + encoded(PART_TAG_SYSTEM + "|"
                        + partTag(importId, part.number()))));
            }
            ids.addAll(idsAt(unfinished.centreId(), what, "Provenance?_id=" + encoded(part.provenanceId())));
            if (!ids.isEmpty()) {
                Bundle deletes = new Bundle().setType(Bundle.BundleType.TRANSACTION);
                // the Provenance (found last) first: it refers to all the others
                for (int i = ids.size() - 1; i >= 0; i--) {
                    deletes.addEntry().getRequest().setMethod(Bundle.HTTPVerb.DELETE).setUrl(ids.get(i));
                }
                clients.call(unfinished.centreId(), what, client -> client.transaction().withBundle(deletes)
                        .execute());
            }
            journal.undone(importId, part.number());
            log.info("Undid part {} of import {} for twin {} at {}: {} resources removed", part.number(), importId,
                    unfinished.twinId(), unfinished.centreId(), ids.size());
        }
        journal.forget(importId);
    }

    /** Undoes imports that nobody has touched for {@link #UNTOUCHED}. */
    void undoAbandoned() {
        Instant now = clock.instant();
        Instant before = now.minus(UNTOUCHED);
        for (String importId : journal.untouchedSince(before)) {
            if (!journal.claim(importId, before, now)) {
                continue;
            }
            try {
                log.warn("Import {} was left half-way; undoing what it wrote", importId);
                undo(importId);
            } catch (RuntimeException e) {
                log.error("Undoing import {} failed; tried again in {}", importId, UNTOUCHED, e);
            }
        }
    }

    private List<String> idsAt(String centreId, String what, String search) {
        List<String> ids = new ArrayList<>();
        Bundle page = clients.call(centreId, what, client -> client.search().byUrl(search + "&_elements=id&_count=1000")
                .cacheControl(CentreClients.FRESH).returnBundle(Bundle.class).execute());
        while (page != null) {
            page.getEntry().stream().filter(Bundle.BundleEntryComponent::hasResource)
                    .map(entry -> entry.getResource().getIdElement().toUnqualifiedVersionless().getValue())
                    .forEach(ids::add);
            page = clients.nextPage(centreId, what, page);
        }
        return ids;
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

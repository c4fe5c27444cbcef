package org.oncotwin.research;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.oncotwin.centre.Centre;
import org.oncotwin.centre.CentreDirectory;
import org.oncotwin.fhir.CentreWorkers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Pseudonymised cohort exports (FHIR Bulk Data style): started by a researcher, run in the background on a bounded
 * pool, each centre by {@code $export} or by searches, written pseudonymised to PostgreSQL, downloadable by the
 * requester only until they expire. A running export does not survive the node running it: when its heartbeat stops,
 * any node marks it failed ("interrupted; start it again").
 */
@Service
public class ResearchExports implements DisposableBean {

    /** Clinical types a researcher may ask for (all in the Patient compartment); Patient is always exported. */
    static final Set<String> EXPORTABLE_TYPES = Set.of("Patient", "Condition", "Observation", "Procedure",
            "MedicationAdministration", "MedicationRequest", "MedicationStatement", "DiagnosticReport",
            "Immunization", "AllergyIntolerance", "Encounter", "CarePlan");
    private static final Pattern PROJECT = Pattern.compile("[a-z0-9][a-z0-9-]{2,63}");
    /** Four missed heartbeats (every 30 s): the node running the export stopped. */
    private static final Duration INTERRUPTED_AFTER = Duration.ofMinutes(2);
    private static final Logger log = LoggerFactory.getLogger(ResearchExports.class);

    /** What a researcher asks to export. */
    public record ExportRequest(String project, ResearchCriteria criteria, List<String> types) {
    }

    private final CohortFinder finder;
    private final CentreDirectory centres;
    private final ResearchProperties research;
    private final ExportProperties properties;
    private final ExportStore store;
    private final ResearchAudit audit;
    private final SearchExportSource searches;
    private final BulkDataExportSource bulkData;
    private final FhirContext fhir;
    private final Clock clock;
    private final CentreWorkers runners;
    private final CentreWorkers centreWork;
    private final Set<String> runningHere = ConcurrentHashMap.newKeySet();

    ResearchExports(CohortFinder finder, CentreDirectory centres, ResearchProperties research,
                    ExportProperties properties, ExportStore store, ResearchAudit audit, SearchExportSource searches,
                    BulkDataExportSource bulkData, FhirContext fhir, Clock clock) {
        this.finder = finder;
        this.centres = centres;
        this.research = research;
        this.properties = properties;
        this.store = store;
        this.audit = audit;
        this.searches = searches;
        this.bulkData = bulkData;
        this.fhir = fhir;
        this.clock = clock;
        // an export waits for its centres: the exports and the centres' work have separate pools
        this.runners = CentreWorkers.of("research-export", 2);
        this.centreWork = CentreWorkers.of("research-export-centre", 2 * Math.max(1, centres.all().size()));
    }

    /**
     * @return the new export's id; it runs in the background
     * @throws InvalidExportException for a bad project name, types or criteria (400)
     * @throws NoPseudonymKeyException when no pseudonym key is configured (503)
     * @throws CohortTooSmallException when fewer consenting patients than the small-count threshold meet the
     *         criteria (422)
     */
    public String start(String user, ExportRequest request) {
        if (!properties.hasKey()) {
            throw new NoPseudonymKeyException();
        }
        List<String> problems = new ArrayList<>();
        if (request.project() == null || !PROJECT.matcher(request.project()).matches()) {
            problems.add("The project must be 3 to 64 lower-case letters, digits and hyphens, starting with a letter "
                    + "or digit; was '" + request.project() + "'");
        }
        List<String> types = types(request.types(), problems);
        ResearchCriteria criteria = null;
        if (request.criteria() == null) {
            problems.add("Criteria are missing (the same as for a feasibility query)");
        } else {
            try {
                criteria = finder.validated(request.criteria());
            } catch (InvalidCriteriaException e) {
                problems.addAll(e.problems());
            }
        }
        Map<String, Object> asked = request.criteria() == null ? Map.of() : request.criteria().asMap();
        if (!problems.isEmpty()) {
            audit.refused(user, asked, "export for project " + request.project() + ": " + String.join("; ",
                    problems));
            throw new InvalidExportException(problems);
        }
        Cohort cohort = finder.find(criteria);
        if (!cohort.unavailableCentres().isEmpty()) {
            audit.refused(user, asked, "export for project " + request.project() + ": centres unavailable");
            throw new CentresUnavailableException(cohort.unavailableCentres());
        }
        if (cohort.members().size() < research.smallCountThreshold()) {
            audit.refused(user, asked, "export for project " + request.project() + ": cohort below the threshold");
            throw new CohortTooSmallException(research.smallCountThreshold());
        }
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        store.created(id, user, request.project(), criteria.asMap(), types, now, now.plus(
                properties.exportRetention()));
        runningHere.add(id);
        runners.execute(() -> run(id, request.project(), types, cohort));
        return id;
    }

    /** The export if the user requested it (anyone else learns nothing, not even that it exists). */
    Optional<ExportStore.Export> of(String user, String id) {
        return store.find(id).filter(export -> export.userId().equals(user))
                .filter(export -> !ExportStore.DELETED.equals(export.status()));
    }

    /** Whether the export's files may no longer be downloaded. */
    boolean expired(ExportStore.Export export) {
        return ExportStore.EXPIRED.equals(export.status()) || export.expiresAt().isBefore(clock.instant());
    }

    /** Hands the NDJSON file of one type over in parts. */
    void file(ExportStore.Export export, String type, Consumer<String> parts) {
        store.streamParts(export.id(), type, parts);
    }

    void delete(ExportStore.Export export) {
        store.removeFiles(export.id(), ExportStore.DELETED);
    }

    /** Tells the other nodes that this node's running exports are alive. */
    @Scheduled(fixedDelay = 30_000)
    public void heartbeat() {
        store.heartbeat(runningHere, clock.instant());
    }

    /** Deletes the files of expired exports and fails exports whose node stopped (the records stay). */
    @Scheduled(fixedDelayString = "${oncotwin.research.export-cleanup-interval:PT1M}")
    public void cleanUp() {
        Instant now = clock.instant();
        int interrupted = store.failInterrupted(now.minus(INTERRUPTED_AFTER), now);
        if (interrupted > 0) {
            log.warn("Research export: {} running exports were interrupted (their node stopped)", interrupted);
        }
        for (String id : store.expired(now)) {
            store.removeFiles(id, ExportStore.EXPIRED);
        }
    }

    private void run(String id, String project, List<String> types, Cohort cohort) {
        Map<String, String> progress = new ConcurrentHashMap<>();
        var files = new ExportFiles(id, store, fhir.newJsonParser(), types);
        var pseudonymiser = new Pseudonymiser(properties.pseudonymKey().strip(), project, Set.copyOf(types));
        try {
            List<CompletableFuture<Void>> work = new ArrayList<>();
            for (Centre centre : centres.all()) {
                Map<String, String> twinByPatientId = new LinkedHashMap<>();
                cohort.members().forEach(member -> Optional.ofNullable(member.patientIdByCentre().get(centre.id()))
                        .ifPresent(patientId -> twinByPatientId.put(patientId, member.twinId())));
                if (twinByPatientId.isEmpty()) {
                    continue;
                }
                progress.put(centre.id(), "waiting");
                work.add(CompletableFuture.runAsync(() -> sourceFor(centre.id()).fetch(centre.id(),
                        List.copyOf(twinByPatientId.keySet()), types, done -> {
                            progress.put(centre.id(), done);
                            store.progress(id, describe(progress), clock.instant());
                        }, resource -> pseudonymiser.pseudonymised(centre.id(), resource, twinByPatientId)
                                .ifPresent(files::add)), centreWork));
            }
            store.progress(id, describe(progress), clock.instant());
            CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).join();
            files.close();
            Instant now = clock.instant();
            store.completed(id, files.patients(), files.counts(), now, now.plus(properties.exportRetention()));
        } catch (RuntimeException e) {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                    ? e.getCause() : e;
            log.warn("Research export {} failed: {}", id, cause.toString());
            store.failed(id, cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(),
                    clock.instant());
        } finally {
            runningHere.remove(id);
        }
    }

    private CentreExportSource sourceFor(String centreId) {
        return switch (properties.modeOf(centreId)) {
            case BULK -> bulkData;
            case SEARCH -> searches;
            case AUTO -> bulkData.offeredBy(centreId) ? bulkData : searches;
        };
    }

    private static String describe(Map<String, String> progress) {
        return String.join("; ", new java.util.TreeMap<>(progress).entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).toList()).replaceAll("\\p{Cntrl}", " ");
    }

    private static List<String> types(List<String> asked, List<String> problems) {
        Set<String> types = new LinkedHashSet<>();
        types.add("Patient");
        if (asked != null) {
            for (String type : asked) {
                if (type == null || !EXPORTABLE_TYPES.contains(type)) {
                    problems.add("Resource type '" + type + "' cannot be exported; allowed: "
                            + String.join(", ", new java.util.TreeSet<>(EXPORTABLE_TYPES)));
                } else {
                    types.add(type);
                }
            }
        }
        return List.copyOf(types);
    }

    @Override
    public void destroy() {
        runners.close();
        centreWork.close();
    }
}

package org.oncotwin.research;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.oncotwin.centre.Centre;
import org.oncotwin.centre.CareStepKinds;
import org.oncotwin.centre.CentreDirectory;
import org.oncotwin.fhir.CentreCallException;
import org.oncotwin.fhir.CentreWorkers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Finds the patients who meet research criteria and have an active research consent, asking every centre at once
 * what changed since the last query ({@link CentreFactIndex}, {@link CentreFactLoader}).
 * A patient's facts are gathered from all centres that hold the patient, so "C50 at Leipzig, radiotherapy at Dresden"
 * counts. A centre that does not answer in time is named; the others are still counted.
 */
@Service
public class CohortFinder implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CohortFinder.class);
    /** Queries at once per centre (each centre's index is brought up to date by one at a time). */
    private static final int SEARCHES_PER_CENTRE = 4;

    private final CentreDirectory centres;
    private final CareStepKinds kinds;
    private final TnmCategories tnm;
    private final CentreFactLoader loader;
    /** Per centre, what research needs to know of its records, in memory (see CentreFactIndex). */
    private final Map<String, CentreFactIndex> indexes = new java.util.concurrent.ConcurrentHashMap<>();
    private final ResearchProperties properties;
    private final CentreWorkers workers;

    CohortFinder(CentreDirectory centres, CareStepKinds kinds, TnmCategories tnm, CentreFactLoader loader,
                 ResearchProperties properties) {
        this.centres = centres;
        this.kinds = kinds;
        this.tnm = tnm;
        this.loader = loader;
        this.properties = properties;
        this.workers = CentreWorkers.of("research", SEARCHES_PER_CENTRE * Math.max(1, centres.all().size()));
    }

    /**
     * Reads every centre's research facts once at start, in the background, so that the first query does not wait
     * for it; a centre that does not answer now is read at the first query.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void readCentresAhead() {
        for (Centre centre : centres.all()) {
            CentreFactIndex index = indexes.computeIfAbsent(centre.id(), CentreFactIndex::new);
            CompletableFuture.runAsync(() -> {
                synchronized (index) {
                    loader.refresh(index);
                }
            }, workers).exceptionally(e -> {
                log.info("Research facts of {} not read ahead: {}", centre.id(), e.getMessage());
                return null;
            });
        }
    }

    /** @throws InvalidCriteriaException naming every problem of the criteria */
    public ResearchCriteria validated(ResearchCriteria criteria) {
        return criteria.validated(kinds, tnm);
    }

    /** @param criteria validated criteria ({@link #validated}) */
    public Cohort find(ResearchCriteria criteria) {
        String modalityCode = criteria.modality() == null ? null : kinds.require(criteria.modality()).snomedCode();
        Map<String, CompletableFuture<CentreAnswer>> asked = new LinkedHashMap<>();
        for (Centre centre : centres.all()) {
            CentreFactIndex index = indexes.computeIfAbsent(centre.id(), CentreFactIndex::new);
            asked.put(centre.id(), CompletableFuture.supplyAsync(() -> {
                synchronized (index) {
                    loader.refresh(index);
                    return new CentreAnswer(index.consentingTwins(), index.facts(modalityCode));
                }
            }, workers));
        }
        long started = System.nanoTime();
        long deadline = started + properties.centreTimeout().toNanos();
        Set<String> consenting = new HashSet<>();
        Map<String, PatientFacts> byTwin = new HashMap<>();
        List<String> answered = new ArrayList<>();
        Map<String, String> unavailable = new LinkedHashMap<>();
        for (Centre centre : centres.all()) {
            try {
                CentreAnswer answer = await(asked.get(centre.id()), deadline);
                consenting.addAll(answer.consentingTwins());
                answer.facts().forEach((twin, patient) -> byTwin.merge(twin, patient, (a, b) -> {
                    a.merge(b);
                    return a;
                }));
                answered.add(centre.id());
            } catch (TimeoutException e) {
                // the centre's index goes on loading; a later query finds it ready
                unavailable.put(centre.id(), "did not answer within " + properties.centreTimeout().toSeconds()
                        + " s");
            } catch (CentreCallException e) {
                log.warn("Research query: {}", e.getMessage());
                unavailable.put(centre.id(), "did not answer (" + e.getClass().getSimpleName() + ")");
            }
        }
        log.debug("Research query: {} centres answered in {} ms", answered.size(),
                (System.nanoTime() - started) / 1_000_000);
        List<Cohort.Member> members = byTwin.values().stream()
                .filter(patient -> consenting.contains(patient.twinId()))
                .filter(patient -> CriteriaMatch.matches(criteria, patient))
                .map(patient -> new Cohort.Member(patient.twinId(), Map.copyOf(patient.patientIdByCentre())))
                .sorted(Comparator.comparing(Cohort.Member::twinId))
                .toList();
        return new Cohort(members, answered, unavailable);
    }

    private record CentreAnswer(Set<String> consentingTwins, Map<String, PatientFacts> facts) {
    }

    private static <T> T await(CompletableFuture<T> future, long deadline) throws TimeoutException {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the centres answered", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null
                    ? c.getCause() : e.getCause();
            if (cause instanceof CentreCallException call) {
                throw call;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        }
    }

    @Override
    public void destroy() {
        workers.close();
    }
}

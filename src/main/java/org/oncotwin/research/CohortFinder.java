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
import org.springframework.stereotype.Service;

/**
 * Finds the patients who meet research criteria and have an active research consent, asking every centre at once.
 * A patient's facts are gathered from all centres that hold the patient, so "C50 at Leipzig, radiotherapy at Dresden"
 * counts. A centre that does not answer in time is named; the others are still counted.
 */
@Service
public class CohortFinder implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CohortFinder.class);
    /** Per centre: the consent search and up to four fact searches. */
    private static final int SEARCHES_PER_CENTRE = 6;

    private final CentreDirectory centres;
    private final CareStepKinds kinds;
    private final TnmCategories tnm;
    private final CentreFactSearches searches;
    private final ResearchProperties properties;
    private final CentreWorkers workers;

    CohortFinder(CentreDirectory centres, CareStepKinds kinds, TnmCategories tnm, CentreFactSearches searches,
                 ResearchProperties properties) {
        this.centres = centres;
        this.kinds = kinds;
        this.tnm = tnm;
        this.searches = searches;
        this.properties = properties;
        this.workers = CentreWorkers.of("research", SEARCHES_PER_CENTRE * Math.max(1, centres.all().size()));
    }

    /** @throws InvalidCriteriaException naming every problem of the criteria */
    public ResearchCriteria validated(ResearchCriteria criteria) {
        return criteria.validated(kinds, tnm);
    }

    /** @param criteria validated criteria ({@link #validated}) */
    public Cohort find(ResearchCriteria criteria) {
        var modality = criteria.modality() == null ? null : kinds.require(criteria.modality());
        Map<String, CompletableFuture<Set<String>>> consents = new LinkedHashMap<>();
        Map<String, CompletableFuture<Map<String, PatientFacts>>> facts = new LinkedHashMap<>();
        for (Centre centre : centres.all()) {
            consents.put(centre.id(), CompletableFuture.supplyAsync(() -> searches.consentingTwins(centre.id()),
                    workers));
            facts.put(centre.id(), searches.facts(centre.id(), criteria, modality, workers));
        }
        long started = System.nanoTime();
        long deadline = started + properties.centreTimeout().toNanos();
        Set<String> consenting = new HashSet<>();
        Map<String, PatientFacts> byTwin = new HashMap<>();
        List<String> answered = new ArrayList<>();
        Map<String, String> unavailable = new LinkedHashMap<>();
        for (Centre centre : centres.all()) {
            try {
                consenting.addAll(await(consents.get(centre.id()), deadline));
                await(facts.get(centre.id()), deadline).forEach((twin, patient) -> byTwin.merge(twin, patient,
                        (a, b) -> {
                            a.merge(b);
                            return a;
                        }));
                answered.add(centre.id());
            } catch (TimeoutException e) {
                unavailable.put(centre.id(), "did not answer within " + properties.centreTimeout().toSeconds()
                        + " s");
            } catch (CentreCallException e) {
                log.warn("Research query: {}", e.getMessage());
                unavailable.put(centre.id(), "did not answer (" + e.getClass().getSimpleName() + ")");
            }
        }
        log.debug("Research query: {} centres answered in {} ms", answered.size(),
                (System.nanoTime() - started) / 1_000_000);
        consents.values().forEach(future -> future.cancel(true));
        facts.values().forEach(future -> future.cancel(true));
        List<Cohort.Member> members = byTwin.values().stream()
                .filter(patient -> consenting.contains(patient.twinId()))
                .filter(patient -> CriteriaMatch.matches(criteria, patient))
                .map(patient -> new Cohort.Member(patient.twinId(), Map.copyOf(patient.patientIdByCentre())))
                .sorted(Comparator.comparing(Cohort.Member::twinId))
                .toList();
        return new Cohort(members, answered, unavailable);
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

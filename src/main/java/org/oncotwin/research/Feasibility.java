package org.oncotwin.research;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.oncotwin.centre.Centre;
import org.oncotwin.centre.CentreDirectory;
import org.springframework.stereotype.Service;

/**
 * Federated feasibility: how many patients who agreed to research meet the criteria, per centre and in all. Each
 * query is rate-limited per user and recorded with its answer; the data stays at the centres, only counts leave.
 */
@Service
public class Feasibility {

    private static final Duration RATE_WINDOW = Duration.ofMinutes(1);

    private final CohortFinder finder;
    private final CentreDirectory centres;
    private final ResearchProperties properties;
    private final ResearchAudit audit;
    private final Clock clock;

    Feasibility(CohortFinder finder, CentreDirectory centres, ResearchProperties properties, ResearchAudit audit,
                Clock clock) {
        this.finder = finder;
        this.centres = centres;
        this.properties = properties;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * @throws InvalidCriteriaException when the criteria cannot be asked (recorded as refused)
     * @throws TooManyQueriesException when the user asked too often in the last minute (recorded as refused)
     */
    public FeasibilityAnswer ask(String user, ResearchCriteria asked) {
        ResearchCriteria criteria;
        try {
            criteria = finder.validated(asked);
        } catch (InvalidCriteriaException e) {
            audit.refused(user, asked.asMap(), "invalid criteria: " + e.getMessage());
            throw e;
        }
        var wait = audit.waitBeforeNext(user, Math.max(1, properties.queriesPerMinute()), RATE_WINDOW);
        if (wait.isPresent()) {
            audit.refused(user, criteria.asMap(), "rate limit");
            throw new TooManyQueriesException(properties.queriesPerMinute(), wait.get());
        }
        Instant askedAt = clock.instant();
        Cohort cohort = finder.find(criteria);
        List<Centre> answered = centres.all().stream().filter(c -> cohort.answeredCentres().contains(c.id()))
                .toList();
        List<Integer> counts = answered.stream().map(c -> cohort.countAt(c.id())).toList();
        List<String> shown = SmallCounts.shown(counts, cohort.members().size(), properties.smallCountThreshold());
        List<FeasibilityAnswer.CentreCount> perCentre = new ArrayList<>();
        for (int i = 0; i < answered.size(); i++) {
            perCentre.add(new FeasibilityAnswer.CentreCount(answered.get(i).id(), answered.get(i).name(),
                    shown.get(i)));
        }
        List<FeasibilityAnswer.UnavailableCentre> unavailable = cohort.unavailableCentres().entrySet().stream()
                .map(e -> new FeasibilityAnswer.UnavailableCentre(e.getKey(), centres.require(e.getKey()).name(),
                        e.getValue()))
                .toList();
        var answer = new FeasibilityAnswer(criteria.asMap(), askedAt, properties.smallCountThreshold(),
                shown.get(shown.size() - 1), perCentre, unavailable, unavailable.isEmpty());
        audit.answered(user, answer);
        return answer;
    }
}

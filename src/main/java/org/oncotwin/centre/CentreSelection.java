package org.oncotwin.centre;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Service;

/**
 * Chooses the centre for a treatment step: the {@code CentreEligibility} decision (processes/centre-selection.dmn)
 * says which centres may deliver the step for this patient; of those, the shortest waiting time wins, a centre in
 * the patient's own country first on a tie. A coordinator's choice overrides the decision.
 */
@Service
public class CentreSelection {

    static final String DECISION = "CentreEligibility";

    private final CentreDirectory centres;
    private final DecisionService decisions;

    CentreSelection(CentreDirectory centres, DecisionService decisions) {
        this.centres = centres;
        this.decisions = decisions;
    }

    public record Candidate(String centreId, boolean eligible, String reason, int waitingDays) {
    }

    public record Choice(String centreId, boolean overridden, String reason, List<Candidate> candidates) {
    }

    /**
     * @param preferredCentre a coordinator's choice (may be null); taken even when the decision would not pick it
     * @return the choice, or a choice without centre when no centre may deliver the step
     */
    public Choice choose(Modality modality, String patientCountry, String urgency, Set<String> excluded,
                         String preferredCentre, String overrideReason) {
        List<Candidate> candidates = centres.all().stream()
                .map(centre -> evaluate(centre, modality, urgency, excluded.contains(centre.id())))
                .toList();
        if (preferredCentre != null && !preferredCentre.isBlank()) {
            Centre chosen = centres.require(preferredCentre.trim());
            return new Choice(chosen.id(), true, "chosen by the coordinator"
                    + (overrideReason == null || overrideReason.isBlank() ? "" : ": " + overrideReason), candidates);
        }
        return candidates.stream()
                .filter(Candidate::eligible)
                .min(Comparator.comparingInt(Candidate::waitingDays)
                        .thenComparing(c -> centres.require(c.centreId()).country() != null
                                && centres.require(c.centreId()).country().equals(patientCountry) ? 0 : 1)
                        .thenComparing(Candidate::centreId))
                .map(best -> new Choice(best.centreId(), false, "shortest waiting time among eligible centres ("
                        + best.waitingDays() + " days)", candidates))
                .orElse(new Choice(null, false, "no centre may deliver " + modality.code(), candidates));
    }

    private Candidate evaluate(Centre centre, Modality modality, String urgency, boolean excluded) {
        int waitingDays = centre.waitingDays().getOrDefault(modality, Integer.MAX_VALUE);
        Map<String, Object> result = decisions.evaluateDecisionTableByKey(DECISION, Variables.createVariables()
                        .putValue("excluded", excluded)
                        .putValue("offered", centre.offers(modality))
                        .putValue("modality", modality.code())
                        .putValue("centreCountry", centre.country())
                        .putValue("urgency", urgency == null ? "routine" : urgency)
                        .putValue("waitingDays", centre.offers(modality) ? waitingDays : null))
                .getSingleResult().getEntryMap();
        return new Candidate(centre.id(), Boolean.TRUE.equals(result.get("eligible")), (String) result.get("reason"),
                waitingDays);
    }
}

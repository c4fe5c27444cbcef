package org.oncotwin.twin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Task;

/**
 * What a clinician wants first: the primary diagnosis with its stage and date, performance status, key biomarkers,
 * open referrals with their deadlines, active medication. Taken from the centres' records as they are; where a
 * record holds no clinical date, the date shown is when it was stored, and marked so.
 *
 * @param diagnosis         the primary diagnosis: the earliest cancer diagnosis (ICD-10 C or D0), else the earliest
 * @param stage             TNM categories and stage group, e.g. {@code T2 N1 M0}, with the latest staging's date
 * @param performanceStatus the latest ECOG score
 * @param biomarkers        the latest value of each other finding with a value, newest first (at most six)
 */
public record TwinSummary(Item diagnosis, Item stage, Item performanceStatus, List<Item> biomarkers,
                          List<OpenReferral> openReferrals, List<Item> activeMedications) {

    static final int MAX_BIOMARKERS = 6;
    private static final String LOINC = "http://loinc.org";
    private static final List<String> T = List.of("21905-5", "21899-0");
    private static final List<String> N = List.of("21906-3", "21900-6");
    private static final List<String> M = List.of("21907-1", "21901-4");
    private static final List<String> STAGE_GROUP = List.of("21908-9", "21902-2");
    private static final String ECOG = "89247-1";
    private static final Set<String> ACTIVE_MEDICATION = Set.of("active", "on-hold", "intended");
    private static final Set<String> OPEN_REFERRAL = Set.of("requested", "received", "accepted", "ready",
            "in-progress", "on-hold");

    /** One fact: what, when (clinical time, else when stored: {@code atIsWriteTime}), at which centre. */
    public record Item(String title, Instant at, boolean atIsWriteTime, String centre) {
    }

    /** @param answerBy the deadline of the centre's answer, for referrals not answered yet */
    public record OpenReferral(String title, String centre, String status, Instant answerBy) {
    }

    static TwinSummary of(List<TwinMerge.Located> resources, List<TimelineEvent> timeline) {
        Map<String, TimelineEvent> eventByUrl = new LinkedHashMap<>();
        timeline.forEach(event -> eventByUrl.putIfAbsent(event.resource(), event));
        List<Fact<Condition>> conditions = facts(resources, eventByUrl, Condition.class);
        List<Fact<Observation>> observations = facts(resources, eventByUrl, Observation.class);

        Item diagnosis = conditions.stream().filter(f -> isCancer(f.resource().getCode())).min(EARLIEST)
                .or(() -> conditions.stream().min(EARLIEST)).map(Fact::item).orElse(null);
        Item stage = stage(observations);
        Item performance = latest(observations, f -> hasLoinc(f.resource(), List.of(ECOG)))
                .map(f -> new Item("ECOG " + value(f.resource()), f.event().at(), f.event().atIsWriteTime(),
                        f.event().centre())).orElse(null);
        Map<String, Item> biomarkers = new LinkedHashMap<>();
        observations.stream().filter(f -> f.resource().hasValue() && !isStagingOrEcog(f.resource()))
                .sorted(LATEST_FIRST)
                .forEach(f -> biomarkers.putIfAbsent(TwinTimeline.title(f.resource().getCode()), f.item()));
        List<OpenReferral> referrals = new ArrayList<>();
        for (Fact<Task> f : facts(resources, eventByUrl, Task.class)) {
            Task task = f.resource();
            String status = task.getStatus() == null ? null : task.getStatus().toCode();
            if (status != null && OPEN_REFERRAL.contains(status)) {
                boolean unanswered = "requested".equals(status) || "received".equals(status);
                referrals.add(new OpenReferral(f.event().title(), task.hasOwner() && task.getOwner().hasDisplay()
                        ? task.getOwner().getDisplay() : f.event().centre(), status,
                        unanswered && task.getRestriction().getPeriod().hasEnd()
                                ? task.getRestriction().getPeriod().getEnd().toInstant() : null));
            }
        }
        List<Item> medication = new ArrayList<>();
        facts(resources, eventByUrl, MedicationRequest.class).stream()
                .filter(f -> f.resource().getStatus() != null
                        && ACTIVE_MEDICATION.contains(f.resource().getStatus().toCode()))
                .forEach(f -> medication.add(f.item()));
        facts(resources, eventByUrl, MedicationStatement.class).stream()
                .filter(f -> f.resource().getStatus() != null
                        && ACTIVE_MEDICATION.contains(f.resource().getStatus().toCode()))
                .forEach(f -> medication.add(new Item(f.resource().hasMedicationCodeableConcept()
                        ? TwinTimeline.title(f.resource().getMedicationCodeableConcept()) : "Medication",
                        f.event() == null ? null : f.event().at(), f.event() == null || f.event().atIsWriteTime(),
                        f.centre())));
        return new TwinSummary(diagnosis, stage, performance,
                biomarkers.values().stream().limit(MAX_BIOMARKERS).toList(), referrals, medication);
    }

    /** The latest value of each TNM category and the stage group; the date of the latest of them. */
    private static Item stage(List<Fact<Observation>> observations) {
        List<String> parts = new ArrayList<>();
        Fact<Observation> newest = null;
        for (List<String> codes : List.of(T, N, M, STAGE_GROUP)) {
            var found = latest(observations, f -> hasLoinc(f.resource(), codes) && f.resource().hasValue());
            if (found.isPresent()) {
                String value = value(found.get().resource());
                parts.add(codes == STAGE_GROUP ? "stage " + value : value);
                if (newest == null || LATEST_FIRST.compare(found.get(), newest) < 0) {
                    newest = found.get();
                }
            }
        }
        return newest == null ? null : new Item(String.join(" ", parts), newest.event().at(),
                newest.event().atIsWriteTime(), newest.event().centre());
    }

    private static String value(Observation o) {
        if (o.hasValueCodeableConcept()) {
            return TwinTimeline.title(o.getValueCodeableConcept());
        }
        if (o.hasValueIntegerType()) {
            return o.getValueIntegerType().getValueAsString();
        }
        return o.getValue().primitiveValue() == null ? "" : o.getValue().primitiveValue();
    }

    private static boolean isStagingOrEcog(Observation o) {
        return hasLoinc(o, T) || hasLoinc(o, N) || hasLoinc(o, M) || hasLoinc(o, STAGE_GROUP)
                || hasLoinc(o, List.of(ECOG));
    }

    private static boolean hasLoinc(Observation o, List<String> codes) {
        return o.getCode().getCoding().stream().anyMatch(c -> LOINC.equals(c.getSystem())
                && codes.contains(c.getCode()));
    }

    private static boolean isCancer(CodeableConcept code) {
        for (Coding coding : code.getCoding()) {
            String value = coding.getCode();
            if (value != null && coding.getSystem() != null && coding.getSystem().contains("icd-10")
                    && (value.startsWith("C") || value.startsWith("D0"))) {
                return true;
            }
        }
        return false;
    }

    private record Fact<T>(T resource, TimelineEvent event, String centre) {
        Item item() {
            return new Item(event.title(), event.at(), event.atIsWriteTime(), event.centre());
        }
    }

    private static final Comparator<Fact<?>> EARLIEST = Comparator.comparing(f -> f.event().at(),
            Comparator.nullsLast(Comparator.naturalOrder()));
    private static final Comparator<Fact<?>> LATEST_FIRST = Comparator.comparing(f -> f.event().at(),
            Comparator.nullsLast(Comparator.reverseOrder()));

    private static <T> Optional<Fact<T>> latest(List<Fact<T>> facts, Predicate<Fact<T>> which) {
        return facts.stream().filter(which).sorted(LATEST_FIRST).findFirst();
    }

    private static <T> List<Fact<T>> facts(List<TwinMerge.Located> resources, Map<String, TimelineEvent> events,
                                           Class<T> type) {
        List<Fact<T>> facts = new ArrayList<>();
        for (TwinMerge.Located located : resources) {
            if (type.isInstance(located.resource())) {
                TimelineEvent event = events.get(located.url());
                if (event != null || type == MedicationStatement.class) {
                    facts.add(new Fact<>(type.cast(located.resource()), event, located.centreId()));
                }
            }
        }
        return facts;
    }
}

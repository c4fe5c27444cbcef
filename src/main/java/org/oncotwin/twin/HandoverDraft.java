package org.oncotwin.twin;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A handover drafted from what the twin holds, for the referring physician to confirm or edit: the clinical summary
 * (diagnoses, treatment so far and where, active medication) and the latest findings (newest first, with date and
 * centre). Only what the centres recorded; nothing is inferred.
 */
public record HandoverDraft(String clinicalSummary, String relevantFindings) {

    static final int MAX_FINDINGS = 10;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
    private static final Set<String> CLOSED_MEDICATION = Set.of("stopped", "cancelled", "completed",
            "entered-in-error");

    /** @return empty when the twin holds nothing a physician would hand over (no diagnosis, treatment or finding) */
    static Optional<HandoverDraft> of(List<TimelineEvent> timeline, List<String> missingCentres) {
        List<TimelineEvent> diagnoses = ofKind(timeline, "diagnosis");
        List<TimelineEvent> procedures = ofKind(timeline, "procedure");
        List<TimelineEvent> medication = ofKind(timeline, "medication").stream()
                .filter(e -> e.status() == null || !CLOSED_MEDICATION.contains(e.status())).toList();
        List<TimelineEvent> findings = new ArrayList<>(timeline.stream()
                .filter(e -> "finding".equals(e.kind()) || "report".equals(e.kind())).toList());
        if (diagnoses.isEmpty() && procedures.isEmpty() && findings.isEmpty()) {
            return Optional.empty();
        }
        List<String> summary = new ArrayList<>();
        summary.add("Drafted from the patient twin" + (missingCentres.isEmpty() ? ""
                : " (not answered: " + String.join(", ", missingCentres) + ")") + "; please check.");
        if (!diagnoses.isEmpty()) {
            summary.add("Diagnosis: " + join(diagnoses, true));
        }
        if (!procedures.isEmpty()) {
            summary.add("Treatment so far: " + join(procedures, true));
        }
        if (!medication.isEmpty()) {
            summary.add("Medication: " + join(medication, false));
        }
        findings.sort(Comparator.comparing(TimelineEvent::at, Comparator.nullsLast(Comparator.reverseOrder())));
        String latest = findings.stream().limit(MAX_FINDINGS).map(HandoverDraft::line)
                .collect(Collectors.joining("\n"));
        return Optional.of(new HandoverDraft(String.join("\n", summary), latest));
    }

    private static List<TimelineEvent> ofKind(List<TimelineEvent> timeline, String kind) {
        return timeline.stream().filter(e -> kind.equals(e.kind())).toList();
    }

    private static String join(List<TimelineEvent> events, boolean withWhenAndWhere) {
        return events.stream().map(e -> withWhenAndWhere ? e.title() + " (" + when(e) + ", " + e.centre() + ")"
                : e.title()).distinct().collect(Collectors.joining("; "));
    }

    private static String line(TimelineEvent e) {
        return when(e) + " " + e.title() + " (" + e.centre() + ")";
    }

    private static String when(TimelineEvent e) {
        return e.at() == null ? "date unknown" : DAY.format(e.at()) + (e.atIsWriteTime() ? " recorded" : "");
    }
}

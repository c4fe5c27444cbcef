package org.oncotwin.twin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Provenance;

/** The twin as a timeline for people: diagnosis, plans, referrals and their status, procedures, findings. */
final class TwinTimeline {

    private TwinTimeline() {
    }

    static List<TimelineEvent> of(List<TwinMerge.Located> twin) {
        Map<String, String> authorByTarget = new HashMap<>();
        for (TwinMerge.Located located : twin) {
            if (located.resource() instanceof Provenance provenance) {
                String base = located.url().substring(0, located.url().indexOf("/Provenance/"));
                String author = provenance.getAgent().stream()
                        .filter(agent -> agent.getType().getCoding().stream()
                                .anyMatch(coding -> "author".equals(coding.getCode())))
                        .map(agent -> agent.getWho().getDisplay()).findFirst().orElse("OncoTwin");
                provenance.getTarget().forEach(target -> authorByTarget.merge(base + "/"
                        + new IdType(target.getReference()).toUnqualifiedVersionless().getValue(),
                        author, (first, later) -> first));
            }
        }
        List<TimelineEvent> events = new ArrayList<>();
        for (TwinMerge.Located located : twin) {
            event(located).map(e -> authorByTarget.containsKey(e.resource())
                    ? e.recordedBy(authorByTarget.get(e.resource())) : e).ifPresent(events::add);
        }
        events.sort(Comparator.comparing(TimelineEvent::at, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(TimelineEvent::kind).thenComparing(TimelineEvent::resource));
        return events;
    }

    private static Optional<TimelineEvent> event(TwinMerge.Located located) {
        Resource resource = located.resource();
        String centre = located.centreId();
        String url = located.url();
        TimelineEvent event = null;
        if (resource instanceof Condition c) {
            event = new TimelineEvent(instant(c.getRecordedDate(), c), centre, "diagnosis", text(c.getCode()),
                    code(c.getClinicalStatus()), url);
        } else if (resource instanceof CarePlan p) {
            event = new TimelineEvent(instant(p.getCreated(), p), centre, "care-plan",
                    p.hasTitle() ? p.getTitle() : "Care plan", p.getStatus() == null ? null : p.getStatus().toCode(),
                    url);
        } else if (resource instanceof ServiceRequest r) {
            event = new TimelineEvent(instant(r.getAuthoredOn(), r), centre, "referral", text(r.getCode())
                    + (r.hasPerformer() ? " at " + r.getPerformerFirstRep().getDisplay() : ""),
                    r.getStatus() == null ? null : r.getStatus().toCode(), url);
        } else if (resource instanceof Task t) {
            event = new TimelineEvent(instant(t.getLastModified(), t), centre, "referral-status",
                    t.hasDescription() ? t.getDescription() : "Referral",
                    t.getStatus() == null ? null : t.getStatus().toCode(), url);
        } else if (resource instanceof Procedure p) {
            event = new TimelineEvent(instant(p.hasPerformedDateTimeType()
                    ? p.getPerformedDateTimeType().getValue() : null, p), centre, "procedure", text(p.getCode()),
                    p.getStatus() == null ? null : p.getStatus().toCode(), url);
        } else if (resource instanceof Observation o) {
            String value = o.hasValueCodeableConcept() ? ": " + text(o.getValueCodeableConcept())
                    : o.hasValueIntegerType() ? ": " + o.getValueIntegerType().getValue() : "";
            event = new TimelineEvent(instant(o.hasEffectiveDateTimeType()
                    ? o.getEffectiveDateTimeType().getValue() : null, o), centre, "finding", text(o.getCode()) + value,
                    o.getStatus() == null ? null : o.getStatus().toCode(), url);
        } else if (resource instanceof DiagnosticReport d) {
            event = new TimelineEvent(instant(d.getIssued(), d), centre, "report", text(d.getCode()),
                    d.getStatus() == null ? null : d.getStatus().toCode(), url);
        } else if (resource instanceof MedicationRequest m) {
            event = new TimelineEvent(instant(m.getAuthoredOn(), m), centre, "medication",
                    m.hasMedicationCodeableConcept() ? text(m.getMedicationCodeableConcept()) : "Medication",
                    m.getStatus() == null ? null : m.getStatus().toCode(), url);
        } else if (resource instanceof Communication c) {
            event = new TimelineEvent(instant(c.getSent(), c), centre, "handover",
                    c.hasTopic() ? text(c.getTopic()) : "Communication",
                    c.getStatus() == null ? null : c.getStatus().toCode(), url);
        }
        return Optional.ofNullable(event);
    }

    private static Instant instant(Date date, Resource resource) {
        if (date != null) {
            return date.toInstant();
        }
        Date updated = resource.getMeta().getLastUpdated();
        return updated == null ? null : updated.toInstant();
    }

    private static String text(CodeableConcept concept) {
        if (concept == null) {
            return "";
        }
        if (concept.hasText()) {
            return concept.getText();
        }
        return concept.hasCoding() ? concept.getCodingFirstRep().hasDisplay()
                ? concept.getCodingFirstRep().getDisplay() : concept.getCodingFirstRep().getCode() : "";
    }

    private static String code(CodeableConcept concept) {
        return concept == null || !concept.hasCoding() ? null : concept.getCodingFirstRep().getCode();
    }
}

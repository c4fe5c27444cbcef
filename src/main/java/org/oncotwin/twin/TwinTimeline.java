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
        Date clinical = null;
        TimelineEvent event = null;
        if (resource instanceof Condition c) {
            clinical = first(c.hasOnsetDateTimeType() ? c.getOnsetDateTimeType().getValue() : null,
                    c.hasOnsetPeriod() ? c.getOnsetPeriod().getStart() : null, c.getRecordedDate());
            event = new TimelineEvent(null, centre, "diagnosis", title(c.getCode()), code(c.getClinicalStatus()),
                    url);
        } else if (resource instanceof CarePlan p) {
            clinical = first(p.getCreated(), p.hasPeriod() ? p.getPeriod().getStart() : null);
            event = new TimelineEvent(null, centre, "care-plan", p.hasTitle() ? p.getTitle() : "Care plan",
                    p.getStatus() == null ? null : p.getStatus().toCode(), url);
        } else if (resource instanceof ServiceRequest r) {
            clinical = r.getAuthoredOn();
            event = new TimelineEvent(null, centre, "referral", title(r.getCode())
                    + (r.hasPerformer() ? " at " + r.getPerformerFirstRep().getDisplay() : ""),
                    r.getStatus() == null ? null : r.getStatus().toCode(), url);
        } else if (resource instanceof Task t) {
            clinical = t.getLastModified();
            event = new TimelineEvent(null, centre, "referral-status",
                    t.hasDescription() ? t.getDescription() : "Referral",
                    t.getStatus() == null ? null : t.getStatus().toCode(), url);
        } else if (resource instanceof Procedure p) {
            clinical = first(p.hasPerformedDateTimeType() ? p.getPerformedDateTimeType().getValue() : null,
                    p.hasPerformedPeriod() ? p.getPerformedPeriod().getStart() : null);
            event = new TimelineEvent(null, centre, "procedure", title(p.getCode()),
                    p.getStatus() == null ? null : p.getStatus().toCode(), url);
        } else if (resource instanceof Observation o) {
            clinical = first(o.hasEffectiveDateTimeType() ? o.getEffectiveDateTimeType().getValue() : null,
                    o.hasEffectivePeriod() ? o.getEffectivePeriod().getStart() : null,
                    o.hasEffectiveInstantType() ? o.getEffectiveInstantType().getValue() : null, o.getIssued());
            event = new TimelineEvent(null, centre, "finding", title(o.getCode()) + value(o),
                    o.getStatus() == null ? null : o.getStatus().toCode(), url);
        } else if (resource instanceof DiagnosticReport d) {
            clinical = first(d.hasEffectiveDateTimeType() ? d.getEffectiveDateTimeType().getValue() : null,
                    d.hasEffectivePeriod() ? d.getEffectivePeriod().getStart() : null, d.getIssued());
            event = new TimelineEvent(null, centre, "report", title(d.getCode()),
                    d.getStatus() == null ? null : d.getStatus().toCode(), url);
        } else if (resource instanceof MedicationRequest m) {
            clinical = m.getAuthoredOn();
            event = new TimelineEvent(null, centre, "medication",
                    m.hasMedicationCodeableConcept() ? title(m.getMedicationCodeableConcept())
                            : m.getMedicationReference().hasDisplay() ? m.getMedicationReference().getDisplay()
                            : "Medication", m.getStatus() == null ? null : m.getStatus().toCode(), url);
        } else if (resource instanceof Communication c) {
            clinical = c.getSent();
            event = new TimelineEvent(null, centre, "handover", c.hasTopic() ? title(c.getTopic()) : "Communication",
                    c.getStatus() == null ? null : c.getStatus().toCode(), url);
        }
        if (event == null) {
            return Optional.empty();
        }
        if (clinical != null) {
            return Optional.of(at(event, clinical.toInstant()));
        }
        Date written = resource.getMeta().getLastUpdated();
        return Optional.of(at(event, written == null ? null : written.toInstant()).datedByWriteTime());
    }

    private static TimelineEvent at(TimelineEvent event, Instant at) {
        return new TimelineEvent(at, event.centre(), event.kind(), event.title(), event.status(), event.resource(),
                event.recordedBy(), event.atIsWriteTime());
    }

    private static Date first(Date... dates) {
        for (Date date : dates) {
            if (date != null) {
                return date;
            }
        }
        return null;
    }

    private static String value(Observation o) {
        if (o.hasValueCodeableConcept()) {
            return ": " + title(o.getValueCodeableConcept());
        }
        if (o.hasValueQuantity() && o.getValueQuantity().hasValue()) {
            var quantity = o.getValueQuantity();
            String unit = quantity.hasUnit() ? quantity.getUnit() : quantity.hasCode() ? quantity.getCode() : "";
            return ": " + quantity.getValue().stripTrailingZeros().toPlainString() + (unit.isEmpty() ? "" : " " + unit);
        }
        if (o.hasValueIntegerType()) {
            return ": " + o.getValueIntegerType().getValue();
        }
        if (o.hasValueStringType()) {
            return ": " + o.getValueStringType().getValue();
        }
        if (o.hasValueBooleanType()) {
            return ": " + (o.getValueBooleanType().booleanValue() ? "yes" : "no");
        }
        return "";
    }

    static String title(CodeableConcept concept) {
        return CodeDisplays.title(concept);
    }

    private static String code(CodeableConcept concept) {
        return concept == null || !concept.hasCoding() ? null : concept.getCodingFirstRep().getCode();
    }
}

package org.oncotwin.research;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;
import org.oncotwin.fhir.BusinessIdentifiers;
import org.oncotwin.fhir.ConsentMapping;

/**
 * What one centre holds that research criteria ask about, reduced to ids, codes and dates: Patients linked to a twin
 * (sex, birth date), Conditions (codes, date), TNM Observations (categories), Procedures (codes, status, date) and
 * research Consents (active or not). Kept in memory only, never on disk; brought up to date before every query with
 * what the centre changed since the last one ({@link CentreFactLoader}).
 */
final class CentreFactIndex {

    static final List<String> TYPES = List.of("Patient", "Condition", "Observation", "Procedure", "Consent");
    private static final Set<String> TNM_LOINC = Set.of("21905-5", "21899-0", "21906-3", "21900-6", "21907-1",
            "21901-4");
    private static final Set<String> NOT_RECEIVED = Set.of("entered-in-error", "not-done", "preparation");

    private record PatientRow(String twinId, String sex, LocalDate birthDate) {
    }

    private record DiagnosisRow(String patientId, List<String> codes, LocalDate date) {
    }

    private record StageRow(String patientId, List<String> categories) {
    }

    private record TreatmentRow(String patientId, Set<String> codes, LocalDate date) {
    }

    private final String centreId;
    private final Map<String, PatientRow> patients = new HashMap<>();
    private final Map<String, DiagnosisRow> diagnoses = new HashMap<>();
    private final Map<String, StageRow> stages = new HashMap<>();
    private final Map<String, TreatmentRow> treatments = new HashMap<>();
    /** Consent id → twin id, for active research consents only. */
    private final Map<String, String> activeResearchConsents = new HashMap<>();
    /** Per type: changes at the centre up to this instant (its own clock) are in the index; null before the first. */
    private final Map<String, Instant> upTo = new HashMap<>();

    CentreFactIndex(String centreId) {
        this.centreId = centreId;
    }

    String centreId() {
        return centreId;
    }

    Instant upTo(String type) {
        return upTo.get(type);
    }

    void loadedUpTo(String type, Instant instant) {
        upTo.put(type, instant);
    }

    /** Forgets every resource of the type, before it is read anew. */
    void clear(String type) {
        switch (type) {
            case "Patient" -> patients.clear();
            case "Condition" -> diagnoses.clear();
            case "Observation" -> stages.clear();
            case "Procedure" -> treatments.clear();
            case "Consent" -> activeResearchConsents.clear();
            default -> throw new IllegalArgumentException(type);
        }
    }

    /** Takes the resource's current version, or forgets the resource when it no longer matters (or was deleted). */
    void apply(String type, String id, Resource current) {
        switch (type) {
            case "Patient" -> put(patients, id, current instanceof Patient p ? patientRow(p) : null);
            case "Condition" -> put(diagnoses, id, current instanceof Condition c ? diagnosisRow(c) : null);
            case "Observation" -> put(stages, id, current instanceof Observation o ? stageRow(o) : null);
            case "Procedure" -> put(treatments, id, current instanceof Procedure p ? treatmentRow(p) : null);
            case "Consent" -> put(activeResearchConsents, id, current instanceof Consent c ? activeResearch(c) : null);
            default -> throw new IllegalArgumentException(type);
        }
    }

    /** The twins with an active research consent recorded at this centre. */
    Set<String> consentingTwins() {
        return new HashSet<>(activeResearchConsents.values());
    }

    /**
     * The facts of this centre's patients by twin id, with the treatments of the modality (SNOMED CT code) only.
     */
    Map<String, PatientFacts> facts(String modalityCode) {
        Map<String, PatientFacts> byPatientId = new HashMap<>();
        patients.forEach((id, row) -> {
            var facts = new PatientFacts(row.twinId());
            facts.recordedAt(centreId, id, row.sex(), row.birthDate());
            byPatientId.put(id, facts);
        });
        diagnoses.values().forEach(row -> {
            PatientFacts facts = byPatientId.get(row.patientId());
            if (facts != null) {
                row.codes().forEach(code -> facts.diagnoses().add(new PatientFacts.Diagnosis(code, row.date())));
            }
        });
        stages.values().forEach(row -> {
            PatientFacts facts = byPatientId.get(row.patientId());
            if (facts != null) {
                facts.stages().addAll(row.categories());
            }
        });
        if (modalityCode != null) {
            treatments.values().forEach(row -> {
                PatientFacts facts = byPatientId.get(row.patientId());
                if (facts != null && row.codes().contains(modalityCode)) {
                    facts.treatments().add(row.date());
                }
            });
        }
        Map<String, PatientFacts> byTwin = new HashMap<>();
        byPatientId.values().forEach(facts -> byTwin.merge(facts.twinId(), facts, (a, b) -> {
            a.merge(b);
            return a;
        }));
        return byTwin;
    }

    private static <V> void put(Map<String, V> rows, String id, V row) {
        if (row == null) {
            rows.remove(id);
        } else {
            rows.put(id, row);
        }
    }

    private static PatientRow patientRow(Patient patient) {
        String twin = patient.getIdentifier().stream()
                .filter(id -> BusinessIdentifiers.TWIN_SYSTEM.equals(id.getSystem()) && id.hasValue())
                .map(Identifier::getValue).findFirst().orElse(null);
        if (twin == null) {
            return null;
        }
        return new PatientRow(twin, patient.hasGender() ? patient.getGender().toCode() : "unknown",
                patient.hasBirthDate() ? localDate(patient.getBirthDateElement()) : null);
    }

    private static DiagnosisRow diagnosisRow(Condition condition) {
        String patient = patientId(condition.getSubject());
        List<String> codes = codes(condition.getCode());
        if (patient == null || codes.isEmpty()) {
            return null;
        }
        LocalDate date = null;
        if (condition.hasOnsetDateTimeType()) {
            date = localDate(condition.getOnsetDateTimeType());
        } else if (condition.hasOnsetPeriod() && condition.getOnsetPeriod().hasStart()) {
            date = localDate(condition.getOnsetPeriod().getStartElement());
        } else if (condition.hasRecordedDateElement()) {
            date = localDate(condition.getRecordedDateElement());
        }
        return new DiagnosisRow(patient, codes, date);
    }

    private static StageRow stageRow(Observation observation) {
        String patient = patientId(observation.getSubject());
        boolean tnm = observation.getCode().getCoding().stream()
                .anyMatch(c -> "http://loinc.org".equals(c.getSystem()) && TNM_LOINC.contains(c.getCode()));
        List<String> categories = tnm ? stagesOf(observation.getValue()) : List.of();
        return patient == null || categories.isEmpty() ? null : new StageRow(patient, categories);
    }

    private static TreatmentRow treatmentRow(Procedure procedure) {
        String patient = patientId(procedure.getSubject());
        if (patient == null || (procedure.hasStatus() && NOT_RECEIVED.contains(procedure.getStatus().toCode()))) {
            return null;
        }
        LocalDate date = null;
        if (procedure.hasPerformedDateTimeType()) {
            date = localDate(procedure.getPerformedDateTimeType());
        } else if (procedure.hasPerformedPeriod()) {
            var period = procedure.getPerformedPeriod();
            date = period.hasStart() ? localDate(period.getStartElement()) : localDate(period.getEndElement());
        }
        return new TreatmentRow(patient, new HashSet<>(codes(procedure.getCode())), date);
    }

    private static String activeResearch(Consent consent) {
        boolean research = ConsentMapping.RESEARCH.equals(ConsentMapping.scopeOf(consent));
        if (!research || consent.getStatus() != Consent.ConsentState.ACTIVE) {
            return null;
        }
        return ConsentMapping.twinIdOf(consent);
    }

    private static String patientId(Reference subject) {
        if (subject == null || !subject.hasReference()
                || !"Patient".equals(subject.getReferenceElement().getResourceType())) {
            return null;
        }
        return subject.getReferenceElement().getIdPart();
    }

    private static List<String> codes(CodeableConcept concept) {
        return concept.getCoding().stream().filter(Coding::hasCode).map(Coding::getCode).toList();
    }

    /** A recorded TNM value's categories: from its codings' codes and displays, else its text. */
    private static List<String> stagesOf(Type value) {
        if (!(value instanceof CodeableConcept concept)) {
            return List.of();
        }
        Set<String> found = new HashSet<>();
        for (Coding coding : concept.getCoding()) {
            addCategory(found, coding.getCode());
            addCategory(found, coding.getDisplay());
        }
        addCategory(found, concept.getText());
        return new ArrayList<>(found);
    }

    private static void addCategory(Set<String> found, String recorded) {
        String category = TnmCategories.category(recorded);
        if (category != null) {
            found.add(category);
        }
    }

    private static LocalDate localDate(BaseDateTimeType date) {
        return date == null || date.getValue() == null ? null
                : LocalDate.of(date.getYear(), date.getMonth() + 1, date.getDay());
    }
}

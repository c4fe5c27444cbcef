package org.oncotwin.research;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;
import org.oncotwin.centre.Modality;
import org.oncotwin.fhir.BusinessIdentifiers;
import org.oncotwin.fhir.CentreClients;
import org.oncotwin.fhir.ConsentMapping;
import org.springframework.stereotype.Component;

/**
 * The searches research sends to one centre. Each asks only for the elements the criteria need ({@code _elements}),
 * in large pages; the centre filters by code where a code is known, OncoTwin evaluates the rest (prefixes, TNM
 * categories, age at diagnosis), since FHIR search cannot combine conditions on one resource across {@code _has}.
 */
@Component
class CentreFactSearches {

    private static final Set<String> NOT_RECEIVED = Set.of("entered-in-error", "not-done", "preparation");

    private final CentreClients clients;
    private final ResearchProperties properties;

    CentreFactSearches(CentreClients clients, ResearchProperties properties) {
        this.clients = clients;
        this.properties = properties;
    }

    /** The twins with an active research consent recorded at the centre (their coordinating centre). */
    Set<String> consentingTwins(String centreId) {
        Set<String> twins = new HashSet<>();
        search(centreId, "Consent?identifier=" + ConsentMapping.IDENTIFIER_SYSTEM + "%7C&scope="
                + ConsentMapping.SCOPE_SYSTEM + "%7C" + ConsentMapping.RESEARCH + "&status=active&_elements=identifier",
                Consent.class, consent -> consent.getIdentifier().stream()
                        .filter(id -> ConsentMapping.IDENTIFIER_SYSTEM.equals(id.getSystem()))
                        .map(id -> ConsentMapping.twinIdOf(id.getValue())).filter(twin -> twin != null)
                        .forEach(twins::add));
        return twins;
    }

    /**
     * The facts of the centre's patients that belong to a twin, by twin id; the searches of one centre run side by
     * side on the pool (nothing here waits on it, so queries at once cannot starve it).
     */
    CompletableFuture<Map<String, PatientFacts>> facts(String centreId, ResearchCriteria criteria, Modality modality, Executor pool) {
        Map<String, PatientFacts> byPatientId = new HashMap<>();
        var patients = CompletableFuture.runAsync(() -> search(centreId, "Patient?identifier="
                + BusinessIdentifiers.TWIN_SYSTEM + "%7C&_elements=identifier,gender,birthDate", Patient.class,
                patient -> twinId(patient).ifPresent(twin -> {
                    var facts = new PatientFacts(twin);
                    facts.recordedAt(centreId, patient.getIdElement().getIdPart(),
                            patient.hasGender() ? patient.getGender().toCode() : "unknown",
                            patient.hasBirthDate() ? localDate(patient.getBirthDateElement()) : null);
                    synchronized (byPatientId) {
                        byPatientId.put(patient.getIdElement().getIdPart(), facts);
                    }
                })), pool);
        Map<String, List<PatientFacts.Diagnosis>> diagnoses = new HashMap<>();
        Map<String, List<String>> stages = new HashMap<>();
        Map<String, List<LocalDate>> treatments = new HashMap<>();
        List<CompletableFuture<Void>> searches = new ArrayList<>(List.of(patients));
        if (criteria.asksForDiagnosis()) {
            searches.add(CompletableFuture.runAsync(() -> search(centreId,
                    "Condition?_elements=subject,code,onset,recordedDate", Condition.class,
                    condition -> codes(condition.getCode()).forEach(code -> add(diagnoses, condition.getSubject(),
                            new PatientFacts.Diagnosis(code, diagnosisDate(condition))))), pool));
        }
        if (criteria.asksForStage()) {
            String codes = askedCategories(criteria).stream()
                    .flatMap(category -> TnmCategories.LOINC_CODES.get(category).stream())
                    .map(code -> "http://loinc.org%7C" + code).collect(Collectors.joining(","));
            searches.add(CompletableFuture.runAsync(() -> search(centreId,
                    "Observation?code=" + codes + "&_elements=subject,code,value", Observation.class,
                    observation -> stageOf(observation.getValue()).forEach(stage -> add(stages,
                            observation.getSubject(), stage))), pool));
        }
        if (modality != null) {
            searches.add(CompletableFuture.runAsync(() -> search(centreId, "Procedure?code=" + Modality.SNOMED
                    + "%7C" + modality.snomedCode() + "&_elements=subject,code,performed,status", Procedure.class,
                    procedure -> {
                        if (!procedure.hasStatus() || !NOT_RECEIVED.contains(procedure.getStatus().toCode())) {
                            add(treatments, procedure.getSubject(), performedOn(procedure));
                        }
                    }), pool));
        }
        return CompletableFuture.allOf(searches.toArray(CompletableFuture[]::new))
                .thenApply(done -> byTwin(byPatientId, diagnoses, stages, treatments));
    }

    private static Map<String, PatientFacts> byTwin(Map<String, PatientFacts> byPatientId,
                                                    Map<String, List<PatientFacts.Diagnosis>> diagnoses,
                                                    Map<String, List<String>> stages,
                                                    Map<String, List<LocalDate>> treatments) {
        Map<String, PatientFacts> byTwin = new HashMap<>();
        byPatientId.forEach((patientId, facts) -> {
            facts.diagnoses().addAll(diagnoses.getOrDefault(patientId, List.of()));
            facts.stages().addAll(stages.getOrDefault(patientId, List.of()));
            facts.treatments().addAll(treatments.getOrDefault(patientId, List.of()));
            byTwin.merge(facts.twinId(), facts, (a, b) -> {
                a.merge(b);
                return a;
            });
        });
        return byTwin;
    }

    private static List<Character> askedCategories(ResearchCriteria criteria) {
        List<Character> asked = new ArrayList<>();
        if (criteria.t() != null) {
            asked.add('T');
        }
        if (criteria.n() != null) {
            asked.add('N');
        }
        if (criteria.m() != null) {
            asked.add('M');
        }
        return asked;
    }

    private <T extends Resource> void search(String centreId, String query, Class<T> type, Consumer<T> each) {
        String url = query + "&_count=" + properties.pageSize();
        String what = "research search " + type.getSimpleName();
        Bundle page = clients.call(centreId, what, client -> client.search().byUrl(url)
                .cacheControl(CentreClients.FRESH).returnBundle(Bundle.class).execute());
        while (page != null) {
            for (var entry : page.getEntry()) {
                if (type.isInstance(entry.getResource())) {
                    each.accept(type.cast(entry.getResource()));
                }
            }
            page = clients.nextPage(centreId, what, page);
        }
    }

    private static <V> void add(Map<String, List<V>> byPatient, Reference subject, V value) {
        if (subject == null || !subject.hasReference()) {
            return;
        }
        String reference = subject.getReferenceElement().getIdPart();
        synchronized (byPatient) {
            byPatient.computeIfAbsent(reference, id -> new ArrayList<>()).add(value);
        }
    }

    private static java.util.Optional<String> twinId(Patient patient) {
        return patient.getIdentifier().stream()
                .filter(id -> BusinessIdentifiers.TWIN_SYSTEM.equals(id.getSystem()) && id.hasValue())
                .map(Identifier::getValue).findFirst();
    }

    private static List<String> codes(CodeableConcept concept) {
        return concept.getCoding().stream().filter(Coding::hasCode).map(Coding::getCode).toList();
    }

    /** A recorded TNM value's categories: from its codings' codes and displays, else its text. */
    private static List<String> stageOf(Type value) {
        if (!(value instanceof CodeableConcept concept)) {
            return List.of();
        }
        Set<String> found = new HashSet<>();
        for (Coding coding : concept.getCoding()) {
            addCategory(found, coding.getCode());
            addCategory(found, coding.getDisplay());
        }
        addCategory(found, concept.getText());
        return List.copyOf(found);
    }

    private static void addCategory(Set<String> found, String recorded) {
        String category = TnmCategories.category(recorded);
        if (category != null) {
            found.add(category);
        }
    }

    private static LocalDate diagnosisDate(Condition condition) {
        if (condition.hasOnsetDateTimeType()) {
            return localDate(condition.getOnsetDateTimeType());
        }
        if (condition.hasOnsetPeriod() && condition.getOnsetPeriod().hasStart()) {
            return localDate(condition.getOnsetPeriod().getStartElement());
        }
        return condition.hasRecordedDateElement() ? localDate(condition.getRecordedDateElement()) : null;
    }

    private static LocalDate performedOn(Procedure procedure) {
        if (procedure.hasPerformedDateTimeType()) {
            return localDate(procedure.getPerformedDateTimeType());
        }
        if (procedure.hasPerformedPeriod()) {
            Period period = procedure.getPerformedPeriod();
            return period.hasStart() ? localDate(period.getStartElement()) : localDate(period.getEndElement());
        }
        return null;
    }

    private static LocalDate localDate(BaseDateTimeType date) {
        return date == null || date.getValue() == null ? null
                : LocalDate.of(date.getYear(), date.getMonth() + 1, date.getDay());
    }
}

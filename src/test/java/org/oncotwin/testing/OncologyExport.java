package org.oncotwin.testing;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.FamilyMemberHistory;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Specimen;

/**
 * A generated oncology export as a hospital would send it: a breast-cancer patient with a diagnosis, TNM and
 * biomarker Observations ({@code hasMember}, {@code derivedFrom}), a pathology report with its specimen, surgery,
 * chemotherapy orders and a family history; written as each kind of Bundle, in the reference style exporters of that
 * kind use, and, like real exports, an excerpt: Practitioners, an Organization and an earlier Observation are referred
 * to but left out.
 */
public final class OncologyExport {

    public enum Kind { COLLECTION, TRANSACTION, BATCH, SEARCHSET, DOCUMENT }

    /** References the export makes to resources it does not contain. */
    public static final List<String> LEFT_OUT = List.of("Practitioner/dr-weber", "Practitioner/dr-lang",
            "Organization/pathology-lab", "Observation/ki67-2025");

    private static final String BASE = "http://records.hospital.example/fhir/";

    private final List<Resource> resources = new ArrayList<>();

    public OncologyExport(String mrnSystem, String mrn, int observations) {
        this(mrnSystem, mrn, "Horvat", "Eva", "1967-09-14", observations);
    }

    /** The same record for another (female) patient. */
    public OncologyExport(String mrnSystem, String mrn, String family, String given, String birthDate,
                          int observations) {
        Patient patient = add(new Patient(), "Patient", "p1");
        patient.addIdentifier().setSystem(mrnSystem).setValue(mrn);
        patient.addName().setFamily(family).addGiven(given);
        patient.setGender(AdministrativeGender.FEMALE).setBirthDateElement(new org.hl7.fhir.r4.model.DateType(birthDate));

        Condition diagnosis = add(new Condition(), "Condition", "c1");
        diagnosis.setCode(code("http://hl7.org/fhir/sid/icd-10", "C50.4", "Malignant neoplasm: upper-outer quadrant of breast"))
                .setSubject(ref("Patient/p1")).setOnset(new DateTimeType("2026-03-02"))
                .setRecordedDateElement(new DateTimeType("2026-03-04")).setRecorder(ref("Practitioner/dr-weber"));

        Specimen specimen = add(new Specimen(), "Specimen", "s1");
        specimen.setSubject(ref("Patient/p1")).setType(code("http://snomed.info/sct", "122737007", null));

        List<String> members = new ArrayList<>();
        for (int i = 0; i < observations; i++) {
            String id = "o" + i;
            Observation observation = add(new Observation(), "Observation", id);
            observation.setStatus(Observation.ObservationStatus.FINAL)
                    .setCode(code("http://loinc.org", i % 2 == 0 ? "85319-2" : "85318-4", null))
                    .setSubject(ref("Patient/p1")).setEffective(new DateTimeType("2026-03-0" + (3 + i % 5)))
                    .setValue(new Quantity(i)).addPerformer(ref("Practitioner/dr-weber"))
                    .addDerivedFrom(ref("Observation/ki67-2025"));
            members.add("Observation/" + id);
        }
        Observation panel = add(new Observation(), "Observation", "panel");
        panel.setStatus(Observation.ObservationStatus.FINAL).setCode(code("http://loinc.org", "21908-9", "Stage group"))
                .setSubject(ref("Patient/p1")).setEffective(new DateTimeType("2026-03-05"));
        members.forEach(member -> panel.addHasMember(ref(member)));

        String[][] staging = {{"21905-5", "Primary tumor.clinical [Class] Cancer", "cT2"},
            {"21906-3", "Regional lymph nodes.clinical [Class] Cancer", "cN1"},
            {"21907-1", "Distant metastases.clinical [Class] Cancer", "cM0"}};
        for (String[] category : staging) {
            Observation tnm = add(new Observation(), "Observation", "tnm-" + category[2].substring(1, 2).toLowerCase());
            tnm.setStatus(Observation.ObservationStatus.FINAL).setCode(code("http://loinc.org", category[0],
                            category[1])).setSubject(ref("Patient/p1")).setEffective(new DateTimeType("2026-03-09"))
                    .setValue(new CodeableConcept().setText(category[2])).addFocus(ref("Condition/c1"));
        }
        Observation ecog = add(new Observation(), "Observation", "ecog");
        ecog.setStatus(Observation.ObservationStatus.FINAL).setCode(code("http://loinc.org", "89247-1", null))
                .setSubject(ref("Patient/p1")).setEffective(new DateTimeType("2026-03-09"))
                .setValue(new org.hl7.fhir.r4.model.IntegerType(1));

        DiagnosticReport report = add(new DiagnosticReport(), "DiagnosticReport", "r1");
        report.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL)
                .setCode(code("http://loinc.org", "60568-3", "Pathology Synoptic report"))
                .setSubject(ref("Patient/p1")).addSpecimen(ref("Specimen/s1")).addResult(ref("Observation/panel"))
                .addPerformer(ref("Organization/pathology-lab"));

        Procedure surgery = add(new Procedure(), "Procedure", "pr1");
        surgery.setStatus(Procedure.ProcedureStatus.COMPLETED)
                .setCode(code("http://snomed.info/sct", "172043006", null)).setSubject(ref("Patient/p1"))
                .setPerformed(new DateTimeType("2026-04-10")).addReasonReference(ref("Condition/c1"))
                .addPerformer().setActor(ref("Practitioner/dr-lang").setDisplay("Dr. Lang"));

        MedicationRequest chemotherapy = add(new MedicationRequest(), "MedicationRequest", "m1");
        chemotherapy.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE)
                .setIntent(MedicationRequest.MedicationRequestIntent.ORDER)
                .setMedication(code("http://www.nlm.nih.gov/research/umls/rxnorm", "224905", "docetaxel"))
                .setSubject(ref("Patient/p1")).setAuthoredOnElement(new DateTimeType("2026-05-01"))
                .setRequester(ref("Practitioner/dr-weber")).addReasonReference(ref("Condition/c1"));

        FamilyMemberHistory history = add(new FamilyMemberHistory(), "FamilyMemberHistory", "f1");
        history.setStatus(FamilyMemberHistory.FamilyHistoryStatus.COMPLETED).setPatient(ref("Patient/p1"))
                .setRelationship(code("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "MTH", "mother"));
    }

    /** How many resources of each type the export holds (the Composition of a document not counted). */
    public Map<String, Integer> countByType() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        resources.forEach(r -> counts.merge(r.fhirType(), 1, Integer::sum));
        return counts;
    }

    public String json(FhirContext fhirContext, Kind kind) {
        Bundle bundle = new Bundle().setType(switch (kind) {
            case COLLECTION -> Bundle.BundleType.COLLECTION;
            case TRANSACTION -> Bundle.BundleType.TRANSACTION;
            case BATCH -> Bundle.BundleType.BATCH;
            case SEARCHSET -> Bundle.BundleType.SEARCHSET;
            case DOCUMENT -> Bundle.BundleType.DOCUMENT;
        });
        Map<String, String> urns = new LinkedHashMap<>();
        resources.forEach(r -> urns.put(localId(r), "urn:uuid:" + UUID.nameUUIDFromBytes(localId(r).getBytes())));
        List<Resource> copies = resources.stream().map(Resource::copy).toList();
        if (kind == Kind.DOCUMENT) {
            Composition composition = new Composition().setStatus(Composition.CompositionStatus.FINAL)
                    .setType(code("http://loinc.org", "60591-5", "Patient summary Document"))
                    .setSubject(ref("Patient/p1")).setTitle("Patient summary").setDateElement(new DateTimeType("2026-06-01"));
            composition.addAuthor(ref("Practitioner/dr-weber"));
            composition.addSection().setTitle("Problems").addEntry(ref("Condition/c1"));
            composition.addSection().setTitle("Results").addEntry(ref("Observation/panel"))
                    .addEntry(ref("DiagnosticReport/r1"));
            composition.setId("comp");
            urns.put("Composition/comp", "urn:uuid:" + UUID.nameUUIDFromBytes("Composition/comp".getBytes()));
            List<Resource> withComposition = new ArrayList<>(List.of(composition));
            withComposition.addAll(copies);
            copies = withComposition;
        }
        for (Resource resource : copies) {
            String local = localId(resource);
            for (Reference reference : org.oncotwin.fhir.References.in(resource)) {
                String target = reference.getReference();
                boolean inside = urns.containsKey(target);
                reference.setReference(switch (kind) {
                    case TRANSACTION, DOCUMENT -> inside ? urns.get(target) : target;
                    case BATCH -> BASE + target + "/_history/1";
                    case COLLECTION, SEARCHSET -> target;
                });
            }
            var entry = bundle.addEntry().setResource(resource);
            switch (kind) {
                case TRANSACTION -> {
                    entry.setFullUrl(urns.get(local));
                    resource.setId((String) null);
                    entry.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(resource.fhirType());
                }
                case DOCUMENT -> entry.setFullUrl(urns.get(local));
                case BATCH -> entry.setFullUrl(BASE + local).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(local);
                case COLLECTION -> entry.setFullUrl(BASE + local);
                case SEARCHSET -> entry.setFullUrl(BASE + local).getSearch().setMode(
                        resource instanceof Patient ? Bundle.SearchEntryMode.MATCH : Bundle.SearchEntryMode.INCLUDE);
            }
        }
        if (kind == Kind.SEARCHSET) {
            var outcome = new OperationOutcome();
            outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
                    .setCode(OperationOutcome.IssueType.INFORMATIONAL).setDiagnostics("2 resources left out by policy");
            bundle.addEntry().setResource(outcome).getSearch().setMode(Bundle.SearchEntryMode.OUTCOME);
        }
        return fhirContext.newJsonParser().encodeResourceToString(bundle);
    }

    private <T extends Resource> T add(T resource, String type, String id) {
        resource.setId(type + "/" + id);
        resources.add(resource);
        return resource;
    }

    private static String localId(Resource resource) {
        return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
    }

    private static Reference ref(String reference) {
        return new Reference(reference);
    }

    private static CodeableConcept code(String system, String code, String display) {
        return new CodeableConcept(new Coding(system, code, display));
    }
}

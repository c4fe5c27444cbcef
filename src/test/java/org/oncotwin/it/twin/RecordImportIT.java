package org.oncotwin.it.twin;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.oncotwin.testing.AbstractPathwayIT;
import org.oncotwin.testing.OncologyExport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * What hospitals export, imported into a real HAPI centre: every kind of Bundle, in the reference style of its kind,
 * an excerpt that refers to resources it does not contain. Each resource is in the twin exactly once, also after a
 * second import; invalid resources are refused with an OperationOutcome naming them, and nothing is written.
 */
class RecordImportIT extends AbstractPathwayIT {

    private static final String MRN_SYSTEM = "urn:oncotwin:centre:prague:mrn";

    @Autowired
    FhirContext fhirContext;

    @ParameterizedTest
    @EnumSource(OncologyExport.Kind.class)
    void anExportOfEachKindJoinsTheTwinOnceWithItsDanglingReferencesKept(OncologyExport.Kind kind) {
        String twinId = UUID.randomUUID().toString();
        var export = new OncologyExport(MRN_SYSTEM, "PR-" + twinId.substring(0, 8), 22);
        String bundle = export.json(fhirContext, kind);

        var dryRun = importInto("prague", twinId, bundle, true);
        assertThat(dryRun.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(records("prague").search(Patient.class, "identifier=urn:oncotwin:twin|" + twinId))
                .as("a dry run writes nothing").isEmpty();

        var first = importInto("prague", twinId, bundle, false);
        var again = importInto("prague", twinId, bundle, false);

        assertThat(first.getStatusCode()).as(String.valueOf(first.getBody())).isEqualTo(HttpStatus.CREATED);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(first.getBody().get("importedByType")).isEqualTo(dryRun.getBody().get("importedByType"));
        @SuppressWarnings("unchecked")
        var kept = (List<Map<String, String>>) first.getBody().get("referencesKeptWithoutTarget");
        assertThat(kept).extracting(k -> k.get("target").replaceAll("^http.*/fhir/", "").replaceAll("/_history/.*", ""))
                .containsAll(OncologyExport.LEFT_OUT);
        assertThat((Integer) first.getBody().get("referencesResolved")).isGreaterThan(22);

        Map<?, ?> twin = api().getForObject("/api/twins/" + twinId, Map.class);
        Map<?, ?> inTwin = (Map<?, ?>) twin.get("resourcesByType");
        export.countByType().forEach((type, count) ->
                assertThat(inTwin.get(type)).as(kind + ": " + type + " in the twin " + inTwin).isEqualTo(count));

        // a link inside the export is a link at the centre; one to a left-out resource keeps its display
        Patient patient = records("prague").search(Patient.class, "identifier=urn:oncotwin:twin|" + twinId).get(0);
        Procedure surgery = records("prague").search(Procedure.class, "subject=Patient/"
                + patient.getIdElement().getIdPart()).get(0);
        assertThat(surgery.getReasonReferenceFirstRep().getReference()).startsWith("Condition/");
        assertThat(surgery.getPerformerFirstRep().getActor().hasReference()).isFalse();
        assertThat(surgery.getPerformerFirstRep().getActor().getDisplay()).isEqualTo("Dr. Lang");
    }

    @Test
    void anExportInXmlJoinsTheTwinAndXmlThatReachesForFilesIsRefused() {
        String twinId = UUID.randomUUID().toString();
        var export = new OncologyExport(MRN_SYSTEM, "PR-" + twinId.substring(0, 8), 22);
        Bundle parsed = (Bundle) fhirContext.newJsonParser()
                .parseResource(export.json(fhirContext, OncologyExport.Kind.TRANSACTION));
        String xml = fhirContext.newXmlParser().encodeResourceToString(parsed);

        var imported = importInto("prague", twinId, xml, false, "application/fhir+xml");

        assertThat(imported.getStatusCode()).as(String.valueOf(imported.getBody())).isEqualTo(HttpStatus.CREATED);
        Map<?, ?> inTwin = (Map<?, ?>) api().getForObject("/api/twins/" + twinId, Map.class).get("resourcesByType");
        export.countByType().forEach((type, count) ->
                assertThat(inTwin.get(type)).as(type + " in the twin " + inTwin).isEqualTo(count));

        String reaching = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE Bundle [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <Bundle xmlns="http://hl7.org/fhir"><type value="collection"/><entry><resource><Patient>
                <name><family value="&secret;"/></name></Patient></resource></entry></Bundle>""";
        String otherTwin = UUID.randomUUID().toString();
        var refused = importInto("prague", otherTwin, reaching, false, "application/fhir+xml");

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(String.valueOf(refused.getBody())).doesNotContain("root:");
        assertThat(records("prague").search(Patient.class, "identifier=urn:oncotwin:twin|" + otherTwin)).isEmpty();
    }

    @Test
    void onlyCoordinatorsImportInAnyFormat() {
        String twinId = UUID.randomUUID().toString();
        var export = new OncologyExport(MRN_SYSTEM, "PR-" + twinId.substring(0, 8), 2);
        Bundle parsed = (Bundle) fhirContext.newJsonParser()
                .parseResource(export.json(fhirContext, OncologyExport.Kind.COLLECTION));
        String xml = fhirContext.newXmlParser().encodeResourceToString(parsed);
        String ndjson = parsed.getEntry().stream()
                .map(entry -> fhirContext.newJsonParser().encodeResourceToString(entry.getResource()))
                .collect(java.util.stream.Collectors.joining("\n"));

        for (String user : List.of("prague-staff", "prague-physician", "manager", "admin", "researcher")) {
            for (var body : Map.of("application/fhir+xml", xml, "application/fhir+ndjson", ndjson).entrySet()) {
                HttpHeaders headers = new HttpHeaders();
                headers.setContentType(MediaType.parseMediaType(body.getKey()));
                var answer = as(user).postForEntity("/api/twins/" + twinId + "/records?centre=prague",
                        new HttpEntity<>(body.getValue(), headers), String.class);
                assertThat(answer.getStatusCode()).as(user + " " + body.getKey()).isEqualTo(HttpStatus.FORBIDDEN);
            }
        }
        assertThat(records("prague").search(Patient.class, "identifier=" + MRN_SYSTEM + "|PR-"
                + twinId.substring(0, 8))).isEmpty();
    }

    @Test
    void aBulkDataExportOneResourcePerLineJoinsTheTwinOnce() {
        String twinId = UUID.randomUUID().toString();
        var export = new OncologyExport(MRN_SYSTEM, "PR-" + twinId.substring(0, 8), 5);
        Bundle parsed = (Bundle) fhirContext.newJsonParser()
                .parseResource(export.json(fhirContext, OncologyExport.Kind.COLLECTION));
        String ndjson = parsed.getEntry().stream()
                .map(entry -> fhirContext.newJsonParser().encodeResourceToString(entry.getResource()))
                .collect(java.util.stream.Collectors.joining("\n", "", "\n"));

        var first = importInto("prague", twinId, ndjson, false, "application/fhir+ndjson");
        var again = importInto("prague", twinId, ndjson, false, "application/fhir+ndjson");
        var broken = importInto("prague", UUID.randomUUID().toString(), ndjson.replaceFirst("\\}\n", "\n"), false,
                "application/fhir+ndjson");

        assertThat(first.getStatusCode()).as(String.valueOf(first.getBody())).isEqualTo(HttpStatus.CREATED);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        Map<?, ?> inTwin = (Map<?, ?>) api().getForObject("/api/twins/" + twinId, Map.class).get("resourcesByType");
        export.countByType().forEach((type, count) ->
                assertThat(inTwin.get(type)).as(type + " in the twin " + inTwin).isEqualTo(count));
        assertThat(broken.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    /**
     * Found by trying exports as hospitals send them: a large export compressed (Content-Encoding: gzip), and a panel
     * that names itself among its members, which sent the centre's server into endless recursion (HTTP 500 there,
     * 503 here) before the self-reference was kept as display only.
     */
    @Test
    void aCompressedExportWithAPanelThatNamesItselfJoinsTheTwinOnce() throws Exception {
        String twinId = UUID.randomUUID().toString();
        var export = new OncologyExport(MRN_SYSTEM, "PR-" + twinId.substring(0, 8), 4);
        Bundle parsed = (Bundle) fhirContext.newJsonParser()
                .parseResource(export.json(fhirContext, OncologyExport.Kind.COLLECTION));
        var panel = parsed.getEntry().stream().filter(entry -> entry.getResource()
                instanceof org.hl7.fhir.r4.model.Observation observation && observation.hasHasMember())
                .findFirst().orElseThrow();
        ((org.hl7.fhir.r4.model.Observation) panel.getResource()).addHasMember(
                new org.hl7.fhir.r4.model.Reference(panel.getFullUrl()));
        byte[] json = fhirContext.newJsonParser().encodeResourceToString(parsed).getBytes(
                java.nio.charset.StandardCharsets.UTF_8);
        var compressed = new java.io.ByteArrayOutputStream();
        try (var gzip = new java.util.zip.GZIPOutputStream(compressed)) {
            gzip.write(json);
        }
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("application/fhir+json"));
        headers.set(HttpHeaders.CONTENT_ENCODING, "gzip");
        String path = "/api/twins/" + twinId + "/records?centre=prague";

        var first = api().postForEntity(path, new HttpEntity<>(compressed.toByteArray(), headers), Map.class);
        var again = api().postForEntity(path, new HttpEntity<>(compressed.toByteArray(), headers), Map.class);
        var notGzip = api().postForEntity(path, new HttpEntity<>(json, headers), Map.class);

        assertThat(first.getStatusCode()).as(String.valueOf(first.getBody())).isEqualTo(HttpStatus.CREATED);
        assertThat(again.getStatusCode()).as(String.valueOf(again.getBody())).isEqualTo(HttpStatus.CREATED);
        @SuppressWarnings("unchecked")
        var kept = (List<Map<String, String>>) first.getBody().get("referencesKeptWithoutTarget");
        assertThat(kept).anySatisfy(k -> assertThat(k.get("target")).isEqualTo(panel.getFullUrl()));
        Map<?, ?> inTwin = (Map<?, ?>) api().getForObject("/api/twins/" + twinId, Map.class).get("resourcesByType");
        export.countByType().forEach((type, count) ->
                assertThat(inTwin.get(type)).as(type + " in the twin " + inTwin).isEqualTo(count));
        assertThat(notGzip.getStatusCode()).as("said to be gzip, but is not").isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void aPatientTheCentreKnowsByIdentifierIsLinkedNotCreatedAgain() {
        String twinId = UUID.randomUUID().toString();
        String mrn = "PR-" + twinId.substring(0, 8);
        Patient own = new Patient();
        own.addIdentifier().setSystem(MRN_SYSTEM).setValue(mrn);
        own.addName().setFamily("Horvat").addGiven("Eva");
        String ownId = records("prague").client().create().resource(own).execute().getId().getIdPart();
        String bundle = new OncologyExport(MRN_SYSTEM, mrn, 3).json(fhirContext, OncologyExport.Kind.COLLECTION);

        var imported = importInto("prague", twinId, bundle, false);
        var again = importInto("prague", twinId, bundle, false);
        var otherTwin = importInto("prague", UUID.randomUUID().toString(), bundle, false);

        assertThat(imported.getStatusCode()).as(String.valueOf(imported.getBody())).isEqualTo(HttpStatus.CREATED);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(imported.getBody().get("patientId")).isEqualTo("Patient/" + ownId);
        List<Patient> withMrn = records("prague").search(Patient.class, "identifier=" + MRN_SYSTEM + "|" + mrn);
        assertThat(withMrn).extracting(p -> p.getIdElement().getIdPart()).containsExactly(ownId);
        assertThat(withMrn.get(0).getIdentifier()).anySatisfy(id -> assertThat(id.getValue()).isEqualTo(twinId));
        assertThat(withMrn.get(0).getNameFirstRep().getFamily()).as("the centre's own record, not overwritten")
                .isEqualTo("Horvat");
        assertThat(records("prague").search(org.hl7.fhir.r4.model.Condition.class, "subject=Patient/" + ownId))
                .hasSize(1);
        assertThat(otherTwin.getStatusCode()).as("never two twins in one record").isEqualTo(HttpStatus.CONFLICT);
    }

    /**
     * A centre that knows the patient under its own numbering, with a typo in the given name: the import neither
     * links that record on its own nor creates a second one; it answers 409 with the candidate, and the coordinator
     * links it or asks for a new record by importing again.
     */
    @Test
    void aProbableRecordAtTheCentreIsNeitherLinkedNorDuplicatedUntilTheCoordinatorChooses() {
        String twinId = UUID.randomUUID().toString();
        String birthDate = java.time.LocalDate.of(1930, 1, 1).plusDays(Math.floorMod(twinId.hashCode(), 25_000))
                .toString();
        String ownId = ownRecord("Kowalczyk", "Agnieszk", birthDate);
        String sisterId = ownRecord("Kowalczyk", "Agnieszka", birthDate);
        String bundle = new OncologyExport(MRN_SYSTEM, "PR-" + twinId.substring(0, 8), "Kowalczyk", "Agnieszka",
                birthDate, 3).json(fhirContext, OncologyExport.Kind.COLLECTION);

        var unsure = importInto("prague", twinId, bundle, false);
        var unsureDryRun = importInto("prague", twinId, bundle, true);

        assertThat(unsure.getStatusCode()).as(String.valueOf(unsure.getBody())).isEqualTo(HttpStatus.CONFLICT);
        assertThat(unsureDryRun.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        @SuppressWarnings("unchecked")
        var candidates = (List<Map<String, String>>) unsure.getBody().get("candidates");
        assertThat(candidates).extracting(c -> c.get("patientId"))
                .containsExactlyInAnyOrder("Patient/" + ownId, "Patient/" + sisterId);
        assertThat(candidates).allSatisfy(c -> assertThat(c.get("birthDate")).isEqualTo(birthDate));
        assertThat(records("prague").search(Patient.class, "identifier=urn:oncotwin:twin|" + twinId))
                .as("nothing written while unsure").isEmpty();

        var linked = importInto("prague&centrePatient=Patient/" + ownId, twinId, bundle, false);
        var again = importInto("prague", twinId, bundle, false);

        assertThat(linked.getStatusCode()).as(String.valueOf(linked.getBody())).isEqualTo(HttpStatus.CREATED);
        assertThat(linked.getBody().get("patientId")).isEqualTo("Patient/" + ownId);
        assertThat(again.getStatusCode()).as("linked now: certain").isEqualTo(HttpStatus.CREATED);
        assertThat(records("prague").search(Patient.class, "birthdate=" + birthDate))
                .as("no second record").extracting(p -> p.getIdElement().getIdPart())
                .containsExactlyInAnyOrder(ownId, sisterId);

        String otherTwin = UUID.randomUUID().toString();
        var otherBundle = new OncologyExport(MRN_SYSTEM, "PR-" + otherTwin.substring(0, 8), "Kowalczyk",
                "Agnieszka", birthDate, 2).json(fhirContext, OncologyExport.Kind.COLLECTION);
        var someoneElse = importInto("prague&centrePatient=new", otherTwin, otherBundle, false);
        var notTheirs = importInto("prague&centrePatient=Patient/" + ownId, UUID.randomUUID().toString(),
                otherBundle, false);
        var nonsense = importInto("prague&centrePatient=Observation/1", otherTwin, otherBundle, false);

        assertThat(someoneElse.getStatusCode()).as(String.valueOf(someoneElse.getBody()))
                .isEqualTo(HttpStatus.CREATED);
        assertThat(someoneElse.getBody().get("patientId")).isNotIn("Patient/" + ownId, "Patient/" + sisterId);
        assertThat(notTheirs.getStatusCode()).as("the record is another twin's now").isEqualTo(HttpStatus.CONFLICT);
        assertThat(nonsense.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    private String ownRecord(String family, String given, String birthDate) {
        Patient own = new Patient();
        own.addIdentifier().setSystem("urn:prague:registration").setValue("REG-" + UUID.randomUUID());
        own.addName().setFamily(family).addGiven(given);
        own.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE);
        own.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(birthDate));
        return records("prague").client().create().resource(own).execute().getId().getIdPart();
    }

    @Test
    void aProvenanceOfTheExportWithoutIdentifierIsImportedOnceWithItsTargetLinked() {
        String twinId = UUID.randomUUID().toString();
        var export = new OncologyExport(MRN_SYSTEM, "PR-" + twinId.substring(0, 8), 3);
        Bundle parsed = (Bundle) fhirContext.newJsonParser()
                .parseResource(export.json(fhirContext, OncologyExport.Kind.COLLECTION));
        var provenance = new org.hl7.fhir.r4.model.Provenance().addTarget(new org.hl7.fhir.r4.model.Reference(
                "Condition/c1")).setRecorded(new java.util.Date());
        provenance.addAgent().setWho(new org.hl7.fhir.r4.model.Reference().setDisplay("Tumour documentation"));
        parsed.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(provenance);
        String bundle = fhirContext.newJsonParser().encodeResourceToString(parsed);

        var first = importInto("prague", twinId, bundle, false);
        var again = importInto("prague", twinId, bundle, false);

        assertThat(first.getStatusCode()).as(String.valueOf(first.getBody())).isEqualTo(HttpStatus.CREATED);
        assertThat(again.getStatusCode()).as(String.valueOf(again.getBody())).isEqualTo(HttpStatus.CREATED);
        Patient patient = records("prague").search(Patient.class, "identifier=urn:oncotwin:twin|" + twinId).get(0);
        var condition = records("prague").search(org.hl7.fhir.r4.model.Condition.class, "subject=Patient/"
                + patient.getIdElement().getIdPart()).get(0);
        var imported = records("prague").search(org.hl7.fhir.r4.model.Provenance.class, "target=Condition/"
                + condition.getIdElement().getIdPart());
        assertThat(imported.stream().filter(p -> "Tumour documentation".equals(
                p.getAgentFirstRep().getWho().getDisplay())).toList()).as("once, after two imports").hasSize(1);
    }

    @Test
    void invalidResourcesAreRefusedNamingEachAndNothingIsWritten() {
        String twinId = UUID.randomUUID().toString();
        String bundle = """
                {"resourceType": "Bundle", "type": "collection", "entry": [
                  {"resource": {"resourceType": "Patient", "identifier": [{"system": "%s", "value": "PR-%s"}],
                                "birthDate": "14.09.1967"}},
                  {"resource": {"resourceType": "Observation", "status": "final", "code": {"text": "ECOG"},
                                "subject": {"reference": "Patient/x"}, "effectiveDateTime": "yesterday"}},
                  {"resource": {"resourceType": "Tumour", "size": 3}}
                ]}""".formatted(MRN_SYSTEM, twinId.substring(0, 8));

        var refused = importInto("prague", twinId, bundle, false);

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(refused.getHeaders().getContentType().toString()).startsWith("application/fhir+json");
        var outcome = fhirContext.newJsonParser().parseResource(OperationOutcome.class, (String) refused.getBody()
                .get("raw"));
        assertThat(outcome.getIssue()).extracting(OperationOutcome.OperationOutcomeIssueComponent::getDiagnostics)
                .anySatisfy(d -> assertThat(d).contains("entry 0", "14.09.1967"))
                .anySatisfy(d -> assertThat(d).contains("entry 1", "yesterday"))
                .anySatisfy(d -> assertThat(d).contains("entry 2", "Tumour"));
        assertThat(records("prague").search(Patient.class, "identifier=" + MRN_SYSTEM + "|PR-"
                + twinId.substring(0, 8))).isEmpty();
    }

    @Test
    void aPathwayForAnImportedPatientOpensWithTheHandoverDraftedFromTheTwin() {
        String twinId = UUID.randomUUID().toString();
        var export = new OncologyExport(MRN_SYSTEM, "PR-" + twinId.substring(0, 8), 22);
        assertThat(importInto("prague", twinId, export.json(fhirContext, OncologyExport.Kind.COLLECTION), false)
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);

        var intake = new java.util.HashMap<String, Object>(Map.of("twinId", twinId, "patientFamilyName", "Novak",
                "patientGivenName", "Jana", "patientBirthDate", "1961-04-23", "patientGender", "female",
                "patientMrn", "LE-" + twinId.substring(0, 8), "referralReason", "Known breast cancer",
                "urgency", "routine", "diagnosticsCentre", "dresden"));
        var started = api().postForEntity("/api/pathways", intake, StartedPathway.class);
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String step = awaitStep(started.getBody().processInstanceId());
        awaitUserTask(step, org.oncotwin.process.Activities.HANDOVER);

        assertThat((String) stepVariable(step, "clinicalSummary")).as("drafted from the imported records")
                .contains("Drafted from the patient twin", "Diagnosis: Malignant neoplasm: upper-outer quadrant of "
                        + "breast", "prague");
        assertThat((String) stepVariable(step, "relevantFindings")).isNotBlank().contains("(prague)");
        cleanUp(started.getBody().processInstanceId());
    }

    private ResponseEntity<Map> importInto(String centre, String twinId, String bundle, boolean dryRun) {
        return importInto(centre, twinId, bundle, dryRun, "application/fhir+json");
    }

    private ResponseEntity<Map> importInto(String centre, String twinId, String bundle, boolean dryRun,
                                           String contentType) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType(contentType));
        headers.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.parseMediaType("application/fhir+json"),
                MediaType.APPLICATION_PROBLEM_JSON));
        var answer = api().postForEntity("/api/twins/" + twinId + "/records?centre=" + centre
                + (dryRun ? "&dryRun=true" : ""), new HttpEntity<>(bundle, headers), String.class);
        Map<String, Object> body;
        try {
            body = answer.getStatusCode().value() == 422 ? Map.of("raw", answer.getBody())
                    : new com.fasterxml.jackson.databind.ObjectMapper().readValue(answer.getBody(), Map.class);
        } catch (Exception e) {
            throw new AssertionError("unreadable answer " + answer, e);
        }
        return new ResponseEntity<>(body, answer.getHeaders(), answer.getStatusCode());
    }
}

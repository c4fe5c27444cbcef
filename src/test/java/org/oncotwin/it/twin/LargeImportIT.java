package org.oncotwin.it.twin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.oncotwin.testing.AbstractPathwayIT;
import org.oncotwin.testing.OncologyExport;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * A hospital's export of 1,000 resources, pretty-printed as many systems export it (past the 1 MB limit of the other
 * API requests), is read as a stream and imported in parts (500 resources per transaction at the centre): every
 * resource once, and once only after a second import; references across parts name the written resources. An import
 * that fails in its last part leaves nothing at the centre.
 */
class LargeImportIT extends AbstractPathwayIT {

    private static final String MRN_SYSTEM = "urn:oncotwin:centre:prague:mrn";

    @Test
    void anExportOfAThousandResourcesPastOneMegabyteIsImportedWhole() {
        String twinId = UUID.randomUUID().toString();
        // -Doncotwin.test.large-import-observations=9988: an export of 10,000 resources (docs/twin.md)
        int size = Integer.getInteger("oncotwin.test.large-import-observations", 988);
        var export = new OncologyExport(MRN_SYSTEM, "PR-" + twinId.substring(0, 8), size);
        int observations = export.countByType().get("Observation");
        int resources = export.countByType().values().stream().mapToInt(Integer::intValue).sum();
        Bundle parsed = (Bundle) fhirContext.newJsonParser()
                .parseResource(export.json(fhirContext, OncologyExport.Kind.COLLECTION));
        // as exported by systems that send each resource's generated narrative, pretty-printed
        parsed.getEntry().forEach(entry -> {
            if (entry.getResource() instanceof DomainResource resource) {
                resource.getText().setStatus(Narrative.NarrativeStatus.GENERATED).setDivAsString(
                        "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>" + resource.fhirType() + " "
                                + "exported from the hospital's clinical record system. ".repeat(8) + "</p></div>");
            }
        });
        String bundle = fhirContext.newJsonParser().setPrettyPrint(true).encodeResourceToString(parsed);
        assertThat(resources).isEqualTo(size + 12);
        assertThat(bundle.length()).isGreaterThan(1_048_576);

        long started = System.nanoTime();
        var first = importInto(twinId, bundle);
        long firstTook = System.nanoTime() - started;
        var again = importInto(twinId, bundle);
        System.out.printf("Large import: %d resources, %.1f MB: first import %.1f s, again %.1f s%n", resources,
                bundle.length() / 1e6, firstTook / 1e9, (System.nanoTime() - started - firstTook) / 1e9);

        assertThat(first.getStatusCode()).as(String.valueOf(first.getBody())).isEqualTo(HttpStatus.CREATED);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        @SuppressWarnings("unchecked")
        var imported = (Map<String, Integer>) first.getBody().get("importedByType");
        assertThat(imported.get("Observation")).isEqualTo(observations);
        List<Patient> patients = records("prague").search(Patient.class, "identifier=urn:oncotwin:twin|" + twinId);
        assertThat(patients).hasSize(1);
        assertThat(observationsOf(patients.get(0))).as("each Observation once, after two imports")
                .isEqualTo(observations);
        // the panel, written in the last part, names each of its members by the id the centre gave it
        Observation panel = single(records("prague").search(Observation.class, "code=http://loinc.org|21908-9&subject="
                + patients.get(0).getIdElement().toUnqualifiedVersionless().getValue()));
        assertThat(panel.getHasMember()).hasSize(observations - 5)
                .allSatisfy(member -> assertThat(member.getReference()).matches("Observation/[0-9]+"));
    }

    @Test
    void anImportThatFailsInItsLastPartLeavesNothingAndCanBeImportedAgain() {
        String twinId = UUID.randomUUID().toString();
        var export = new OncologyExport(MRN_SYSTEM, "PR-" + twinId.substring(0, 8), 700);
        Bundle parsed = (Bundle) fhirContext.newJsonParser()
                .parseResource(export.json(fhirContext, OncologyExport.Kind.COLLECTION));
        Observation panel = refusedByTheCentre(parsed, twinId);
        int ki67Before = ki67Observations();

        var failed = importInto(twinId, fhirContext.newJsonParser().encodeResourceToString(parsed));

        assertThat(failed.getStatusCode()).as(String.valueOf(failed.getBody()))
                .isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(records("prague").search(Patient.class, "identifier=urn:oncotwin:twin|" + twinId)).isEmpty();
        assertThat(ki67Observations()).as("the parts written before are undone").isEqualTo(ki67Before);

        panel.getIdentifier().clear();
        var again = importInto(twinId, fhirContext.newJsonParser().encodeResourceToString(parsed));

        assertThat(again.getStatusCode()).as(String.valueOf(again.getBody())).isEqualTo(HttpStatus.CREATED);
        Patient patient = single(records("prague").search(Patient.class, "identifier=urn:oncotwin:twin|" + twinId));
        assertThat(observationsOf(patient)).isEqualTo(700 + 5);
    }

    /**
     * The panel refers to every other Observation, so it is written last; the centre holds two resources with its
     * identifier and refuses to create it (a conditional create with two matches: 412).
     */
    private Observation refusedByTheCentre(Bundle export, String twinId) {
        String clash = "clash-" + twinId;
        for (int i = 0; i < 2; i++) {
            records("prague").client().create().resource(new Observation().setStatus(Observation.ObservationStatus.FINAL)
                    .setCode(new org.hl7.fhir.r4.model.CodeableConcept().setText("placeholder"))
                    .addIdentifier(new org.hl7.fhir.r4.model.Identifier().setSystem("urn:test").setValue(clash)))
                    .execute();
        }
        Observation panel = export.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Observation.class::isInstance).map(Observation.class::cast)
                .filter(Observation::hasHasMember).findFirst().orElseThrow();
        panel.addIdentifier().setSystem("urn:test").setValue(clash);
        return panel;
    }

    /**
     * {@code Prefer: respond-async}: the export is checked at once, written in the background, and its state URL
     * answers 202 while it runs, then what the import would have answered; only coordinators may ask, and only
     * under the import's own twin.
     */
    @Test
    void anImportInTheBackgroundIsFollowedByItsStateUntilItsAnswer() throws Exception {
        String twinId = UUID.randomUUID().toString();
        var export = new OncologyExport(MRN_SYSTEM, "PR-" + twinId.substring(0, 8), 700);
        String bundle = export.json(fhirContext, OncologyExport.Kind.COLLECTION);
        String failingTwin = UUID.randomUUID().toString();
        Bundle failing = (Bundle) fhirContext.newJsonParser().parseResource(new OncologyExport(MRN_SYSTEM,
                "PR-" + failingTwin.substring(0, 8), 700).json(fhirContext, OncologyExport.Kind.COLLECTION));
        refusedByTheCentre(failing, failingTwin);

        var accepted = importInBackground(twinId, bundle);
        var refusedLater = importInBackground(failingTwin, fhirContext.newJsonParser().encodeResourceToString(failing));
        var badAtOnce = importInBackground(UUID.randomUUID().toString(), "{\"resourceType\": \"Bundle\"}");

        assertThat(accepted.getStatusCode()).as(String.valueOf(accepted.getBody())).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(accepted.getBody().get("parts")).isEqualTo(2);
        String state = accepted.getHeaders().getFirst(HttpHeaders.CONTENT_LOCATION);
        assertThat(state).isEqualTo("/api/twins/" + twinId + "/records/imports/" + accepted.getBody().get("id"));
        assertThat(badAtOnce.getStatusCode()).as("checked before it is accepted").isEqualTo(HttpStatus.BAD_REQUEST);
        for (String user : List.of("prague-staff", "leipzig-physician", "manager", "researcher")) {
            assertThat(as(user).getForEntity(state, String.class).getStatusCode()).as(user)
                    .isEqualTo(HttpStatus.FORBIDDEN);
        }
        String otherTwinsPath = state.replace(twinId, failingTwin);
        assertThat(api().getForEntity(otherTwinsPath, String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(api().getForEntity("/api/twins/" + twinId + "/records/imports/" + UUID.randomUUID(),
                String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

        var answer = answerOf(state);
        var refusal = answerOf(refusedLater.getHeaders().getFirst(HttpHeaders.CONTENT_LOCATION));

        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody()).contains("\"importedByType\"", "\"Observation\":705");
        Patient patient = single(records("prague").search(Patient.class, "identifier=urn:oncotwin:twin|" + twinId));
        assertThat(observationsOf(patient)).isEqualTo(705);
        assertThat(refusal.getStatusCode()).as(refusal.getBody()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(refusal.getBody()).contains("OperationOutcome");
        assertThat(records("prague").search(Patient.class, "identifier=urn:oncotwin:twin|" + failingTwin))
                .as("the refused import's parts are undone").isEmpty();
    }

    @SuppressWarnings("rawtypes")
    private org.springframework.http.ResponseEntity<Map> importInBackground(String twinId, String bundle) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("application/fhir+json"));
        headers.setAccept(List.of(MediaType.APPLICATION_JSON));
        headers.set("Prefer", "respond-async");
        return api().postForEntity("/api/twins/" + twinId + "/records?centre=prague",
                new HttpEntity<>(bundle, headers), Map.class);
    }

    private org.springframework.http.ResponseEntity<String> answerOf(String state) throws InterruptedException {
        var deadline = java.time.Instant.now().plus(java.time.Duration.ofMinutes(3));
        var answer = api().getForEntity(state, String.class);
        while (answer.getStatusCode() == HttpStatus.ACCEPTED && java.time.Instant.now().isBefore(deadline)) {
            assertThat(answer.getHeaders().getFirst("X-Progress")).matches("[0-2] of 2 parts sent");
            Thread.sleep(500);
            answer = api().getForEntity(state, String.class);
        }
        return answer;
    }

    private int observationsOf(Patient patient) {
        return records("prague").client().search().forResource(Observation.class)
                .where(Observation.SUBJECT.hasId(patient.getIdElement().toUnqualifiedVersionless()))
                .summaryMode(ca.uhn.fhir.rest.api.SummaryEnum.COUNT).returnBundle(Bundle.class)
                .cacheControl(new ca.uhn.fhir.rest.api.CacheControlDirective().setNoCache(true)).execute().getTotal();
    }

    private int ki67Observations() {
        return records("prague").client().search().forResource(Observation.class)
                .where(Observation.CODE.exactly().code("85319-2"))
                .summaryMode(ca.uhn.fhir.rest.api.SummaryEnum.COUNT).returnBundle(Bundle.class)
                .cacheControl(new ca.uhn.fhir.rest.api.CacheControlDirective().setNoCache(true)).execute().getTotal();
    }

    @Test
    void aLargerOrTruncatedExportIsRefusedWithItsReasonAndNothingIsWritten() {
        String twinId = UUID.randomUUID().toString();
        String tooMany = new OncologyExport(MRN_SYSTEM, "PR-" + twinId.substring(0, 8), 10_000)
                .json(fhirContext, OncologyExport.Kind.COLLECTION);
        String truncated = tooMany.substring(0, tooMany.length() / 2);

        var refused = importInto(twinId, tooMany);
        var unreadable = importInto(twinId, truncated);

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(String.valueOf(refused.getBody().get("detail"))).contains("At most 10000 resources");
        assertThat(unreadable.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(String.valueOf(unreadable.getBody().get("detail"))).startsWith("Not JSON");
        assertThat(records("prague").search(Patient.class, "identifier=urn:oncotwin:twin|" + twinId)).isEmpty();
    }

    @SuppressWarnings("rawtypes")
    private org.springframework.http.ResponseEntity<Map> importInto(String twinId, String bundle) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("application/fhir+json"));
        headers.setAccept(List.of(MediaType.APPLICATION_JSON));
        return api().postForEntity("/api/twins/" + twinId + "/records?centre=prague",
                new HttpEntity<>(bundle, headers), Map.class);
    }
}

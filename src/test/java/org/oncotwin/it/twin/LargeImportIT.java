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
 * API requests), is read as a stream and imported in one transaction: every resource once, and once only after a
 * second import.
 */
class LargeImportIT extends AbstractPathwayIT {

    private static final String MRN_SYSTEM = "urn:oncotwin:centre:prague:mrn";

    @Test
    void anExportOfAThousandResourcesPastOneMegabyteIsImportedWhole() {
        String twinId = UUID.randomUUID().toString();
        var export = new OncologyExport(MRN_SYSTEM, "PR-" + twinId.substring(0, 8), 988);
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
        assertThat(resources).isEqualTo(1_000);
        assertThat(bundle.length()).isGreaterThan(1_048_576);

        var first = importInto(twinId, bundle);
        var again = importInto(twinId, bundle);

        assertThat(first.getStatusCode()).as(String.valueOf(first.getBody())).isEqualTo(HttpStatus.CREATED);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        @SuppressWarnings("unchecked")
        var imported = (Map<String, Integer>) first.getBody().get("importedByType");
        assertThat(imported.get("Observation")).isEqualTo(observations);
        List<Patient> patients = records("prague").search(Patient.class, "identifier=urn:oncotwin:twin|" + twinId);
        assertThat(patients).hasSize(1);
        Bundle count = records("prague").client().search().forResource(Observation.class)
                .where(Observation.SUBJECT.hasId(patients.get(0).getIdElement().toUnqualifiedVersionless()))
                .summaryMode(ca.uhn.fhir.rest.api.SummaryEnum.COUNT).returnBundle(Bundle.class).execute();
        assertThat(count.getTotal()).as("each Observation once, after two imports").isEqualTo(observations);
    }

    @Test
    void aLargerOrTruncatedExportIsRefusedWithItsReasonAndNothingIsWritten() {
        String twinId = UUID.randomUUID().toString();
        String tooMany = new OncologyExport(MRN_SYSTEM, "PR-" + twinId.substring(0, 8), 1_000)
                .json(fhirContext, OncologyExport.Kind.COLLECTION);
        String truncated = tooMany.substring(0, tooMany.length() / 2);

        var refused = importInto(twinId, tooMany);
        var unreadable = importInto(twinId, truncated);

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(String.valueOf(refused.getBody().get("detail"))).contains("At most 1000 resources");
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

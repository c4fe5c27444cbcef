package org.oncotwin.it.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oncotwin.process.VariableNames.*;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.oncotwin.testing.AbstractPathwayIT;
import org.oncotwin.testing.CentreRecords;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Patients a centre knows already: their records are imported and linked, and registering them for a pathway links
 * the existing record (same MRN) instead of creating a second one.
 */
class ExistingRecordsIT extends AbstractPathwayIT {

    private static final String MRN_SYSTEM = "urn:oncotwin:centre:leipzig:mrn";

    @Test
    void importedRecordsJoinTheTwinOnceAndThePathwayUsesTheImportedPatient() {
        String twinId = UUID.randomUUID().toString();
        String mrn = "LE-" + twinId.substring(0, 8);
        String bundle = """
                {"resourceType": "Bundle", "type": "collection", "entry": [
                  {"fullUrl": "urn:uuid:7d3b0c1e-0000-4000-8000-000000000001",
                   "resource": {"resourceType": "Patient", "identifier": [{"system": "%s", "value": "%s"}],
                                "name": [{"family": "Svoboda", "given": ["Petr"]}], "birthDate": "1958-02-11"}},
                  {"fullUrl": "urn:uuid:7d3b0c1e-0000-4000-8000-000000000002",
                   "resource": {"resourceType": "Condition",
                                "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10", "code": "C34.1"}],
                                         "text": "Malignant neoplasm of upper lobe, bronchus or lung"},
                                "subject": {"reference": "urn:uuid:7d3b0c1e-0000-4000-8000-000000000001"},
                                "recordedDate": "2026-10-01"}}
                ]}""".formatted(MRN_SYSTEM, mrn);

        var first = importInto("leipzig", twinId, bundle);
        var again = importInto("leipzig", twinId, bundle);

        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(again.getBody().get("patientId")).isEqualTo(first.getBody().get("patientId"));
        CentreRecords leipzig = records("leipzig");
        Patient imported = single(leipzig.search(Patient.class, "identifier=" + MRN_SYSTEM + "|" + mrn));
        assertThat(imported.getIdentifier()).extracting(i -> i.getValue()).contains(twinId);
        single(leipzig.search(Condition.class, "subject=" + idOf(imported)));

        var pathway = api().postForEntity("/api/pathways", Map.of(TWIN_ID, twinId, PATIENT_FAMILY_NAME, "Svoboda",
                PATIENT_GIVEN_NAME, "Petr", PATIENT_BIRTH_DATE, "1958-02-11", PATIENT_GENDER, "male",
                PATIENT_MRN, mrn), Map.class);
        String pi = (String) pathway.getBody().get("processInstanceId");
        awaitStep(pi);

        assertThat(single(leipzig.search(Patient.class, "identifier=" + MRN_SYSTEM + "|" + mrn)).getIdElement()
                .getIdPart()).isEqualTo(imported.getIdElement().getIdPart());
        single(leipzig.search(CarePlan.class, "subject=" + idOf(imported)));
        Map<?, ?> twin = api().getForObject("/api/twins/" + twinId, Map.class);
        assertThat(((Map<?, ?>) twin.get("resourcesByType")).get("Condition")).isEqualTo(1);
        cleanUp(pi);
    }

    @Test
    void aPatientTheCoordinatingCentreKnowsByMrnIsLinkedNotDuplicated() {
        String mrn = "LE-" + UUID.randomUUID().toString().substring(0, 8);
        Patient known = new Patient();
        known.addIdentifier().setSystem(MRN_SYSTEM).setValue(mrn);
        known.addName().setFamily("Kowalski").addGiven("Anna");
        records("leipzig").client().create().resource(known).execute();

        var pathway = api().postForEntity("/api/pathways", Map.of(PATIENT_FAMILY_NAME, "Kowalski",
                PATIENT_GIVEN_NAME, "Anna", PATIENT_BIRTH_DATE, "1970-01-01", PATIENT_MRN, mrn), Map.class);
        String pi = (String) pathway.getBody().get("processInstanceId");
        String twinId = (String) pathway.getBody().get("twinId");
        awaitStep(pi);

        Patient linked = single(records("leipzig").search(Patient.class, "identifier=" + MRN_SYSTEM + "|" + mrn));
        assertThat(linked.getIdentifier()).extracting(i -> i.getValue()).contains(twinId);
        cleanUp(pi);
    }

    @Test
    void aBundleWithoutItsPatientIsRefusedAndNothingIsWritten() {
        var refused = importInto("leipzig", UUID.randomUUID().toString(),
                "{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"entry\": []}");
        var malformed = importInto("leipzig", UUID.randomUUID().toString(), "{\"resourceType\": ");

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().get("detail").toString()).contains("exactly one Patient");
        assertThat(malformed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    private ResponseEntity<Map> importInto(String centre, String twinId, String bundle) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("application/fhir+json"));
        headers.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON));
        return api().postForEntity("/api/twins/" + twinId + "/records?centre=" + centre,
                new HttpEntity<>(bundle, headers), Map.class);
    }
}

package org.oncotwin.it.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oncotwin.process.Activities.*;
import static org.oncotwin.process.VariableNames.*;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.oncotwin.testing.AbstractPathwayIT;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * The twin assembled from three real centres: a pathway across them plus records that already sat at one centre,
 * every resource exactly once; with a centre down or slow, a partial twin that says which centre is missing.
 */
class TwinIT extends AbstractPathwayIT {

    @Test
    void theTwinHoldsEveryResourceOfEveryCentreOnceAndSaysWhenACentreIsMissing() {
        var started = startPathway("dresden");
        // Prague already treated the patient (records of its own, before OncoTwin)
        var prague = records("prague").client();
        Patient existing = new Patient();
        existing.addIdentifier().setSystem("urn:oncotwin:twin").setValue(started.twinId());
        existing.addIdentifier().setSystem("urn:prague:mrn").setValue("PR-77");
        existing.addName().setFamily("Novak").addGiven("Jana");
        String patientId = prague.create().resource(existing).execute().getId().toUnqualifiedVersionless().getValue();
        Condition earlier = new Condition();
        earlier.setSubject(new Reference(patientId));
        earlier.setCode(new CodeableConcept(new Coding("http://hl7.org/fhir/sid/icd-10", "D18.0", "Haemangioma")));
        earlier.setRecordedDateElement(new DateTimeType("2019-05-01"));
        prague.create().resource(earlier).execute();
        MedicationRequest medication = new MedicationRequest();
        medication.setStatus(MedicationRequest.MedicationRequestStatus.COMPLETED);
        medication.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
        medication.setSubject(new Reference(patientId));
        medication.setMedication(new CodeableConcept().setText("Propranolol"));
        prague.create().resource(medication).execute();

        String step = awaitStep(started.processInstanceId());
        handOver(step);
        runStepInTasklist(step, "dresden-staff", "MRI skull base");
        completeAs("coordinator", awaitUserTask(started.processInstanceId(), TUMOUR_BOARD), Map.of(
                DIAGNOSIS_CODE, "C41.0", DIAGNOSIS_TEXT, "Chordoma of the clivus", TNM_T, "T2", TNM_N, "N0",
                TNM_M, "M0", ECOG, "1", "stepSurgery", true, TREATMENT_ORDER, "sequential"));
        String surgery = awaitStep(started.processInstanceId());
        handOver(surgery);
        assertThat(stepVariable(surgery, RECEIVING_CENTRE)).as("the third centre").isEqualTo("prague");
        Map<?, ?> twin = api().getForObject("/api/twins/" + started.twinId(), Map.class);

        assertThat(twin.get("complete")).isEqualTo(true);
        Map<?, ?> counts = (Map<?, ?>) twin.get("resourcesByType");
        assertThat(counts.get("Patient")).as("one record per centre; Prague's own record linked").isEqualTo(3);
        assertThat(counts.get("Task")).as("diagnostics at Dresden, surgery at Prague").isEqualTo(2);
        assertThat(counts.get("ServiceRequest")).isEqualTo(2);
        assertThat(counts.get("Communication")).isEqualTo(2);
        assertThat(counts.get("Procedure")).isEqualTo(1);
        assertThat(counts.get("CarePlan")).isEqualTo(1);
        assertThat(counts.get("Condition")).as("the board's diagnosis and Prague's earlier one").isEqualTo(2);
        assertThat(counts.get("Observation")).as("T, N, M and ECOG").isEqualTo(4);
        assertThat(counts.get("MedicationRequest")).isEqualTo(1);
        List<Map<?, ?>> timeline = (List<Map<?, ?>>) twin.get("timeline");
        assertThat(timeline).extracting(e -> (Object) e.get("centre")).contains("leipzig", "dresden", "prague");
        assertThat(timeline.get(0).get("title")).as("the oldest event first").isEqualTo("Haemangioma");
        assertThat(timeline).filteredOn(e -> "referral".equals(e.get("kind"))).hasSize(2)
                .allSatisfy(e -> assertThat(e.get("recordedBy")).as("from its Provenance")
                        .isEqualTo("leipzig-physician"));
        assertThat(((Number) counts.get("Provenance")).intValue()).isPositive();

        HttpHeaders fhir = new HttpHeaders();
        fhir.setAccept(List.of(MediaType.parseMediaType("application/fhir+json")));
        String json = api().exchange("/api/twins/" + started.twinId(), HttpMethod.GET, new HttpEntity<>(fhir),
                String.class).getBody();
        Bundle bundle = fhirContext.newJsonParser().parseResource(Bundle.class, json);
        List<String> urls = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getFullUrl).toList();
        int total = counts.values().stream().mapToInt(n -> ((Number) n).intValue()).sum();
        assertThat(urls).doesNotHaveDuplicates().hasSize(total);
        var task = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(r -> r instanceof Task).map(r -> (Task) r)
                .findFirst().orElseThrow();
        assertThat(task.getBasedOnFirstRep().getReference()).as("resolved across centres")
                .startsWith(centre("leipzig").baseUrl() + "/CarePlan/");

        centre("prague").stopListening();
        try {
            Map<?, ?> partial = api().getForObject("/api/twins/" + started.twinId(), Map.class);
            assertThat(partial.get("complete")).isEqualTo(false);
            assertThat((List<Map<?, ?>>) partial.get("missingCentres")).singleElement()
                    .satisfies(m -> assertThat(m.get("centre")).isEqualTo("prague"));
            assertThat(((Map<?, ?>) partial.get("resourcesByType")).get("MedicationRequest")).isNull();
            assertThat(((Map<?, ?>) partial.get("resourcesByType")).get("Task")).isEqualTo(1);
        } finally {
            centre("prague").resumeListening();
        }
        centre("prague").faults().delayEveryRequest(Duration.ofSeconds(8));
        try {
            Map<?, ?> slow = api().getForObject("/api/twins/" + started.twinId(), Map.class);
            assertThat(slow.get("complete")).isEqualTo(false);
            assertThat((List<Map<?, ?>>) slow.get("missingCentres")).singleElement().satisfies(m -> {
                assertThat(m.get("centre")).isEqualTo("prague");
                assertThat(m.get("problem").toString()).contains("no answer within");
            });
        } finally {
            centre("prague").faults().clear();
        }
        assertThat(api().getForEntity("/api/twins/not-a-uuid", String.class).getStatusCode().value()).isEqualTo(400);
        cleanUp(started.processInstanceId());
    }
}

package org.oncotwin.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** The minimal pathway end to end: the state at every centre's FHIR server after every step. */
class OncologyPathwayIT extends AbstractPathwayIT {

    @Test
    void acceptedReferralLeavesTheWholeTreatmentStepAtTheCentres() {
        var started = startPathway("dresden");
        String pi = started.processInstanceId();
        String twin = "identifier=urn:oncotwin:twin|" + started.twinId();

        awaitUserTask(pi, "Task_AnswerReferral");
        CentreRecords leipzig = records("leipzig");
        CentreRecords dresden = records("dresden");
        Patient coordinatingPatient = single(leipzig.search(Patient.class, twin));
        assertThat(coordinatingPatient.getIdentifier()).extracting(i -> i.getValue())
                .contains(started.twinId(), started.mrn());
        CarePlan plan = single(leipzig.search(CarePlan.class, "subject=" + idOf(coordinatingPatient)));
        assertThat(plan.getStatus()).isEqualTo(CarePlan.CarePlanStatus.ACTIVE);
        Patient receivingPatient = single(dresden.search(Patient.class, twin));
        ServiceRequest request = single(dresden.search(ServiceRequest.class, "subject=" + idOf(receivingPatient)));
        Task referral = single(dresden.search(Task.class, "patient=" + idOf(receivingPatient)));
        assertThat(referral.getStatus()).isEqualTo(TaskStatus.REQUESTED);
        assertThat(referral.getFocus().getReference()).isEqualTo(idOf(request));
        assertThat(referral.getOwner().getIdentifier().getValue()).isEqualTo("dresden");
        assertThat(referral.getBasedOnFirstRep().getIdentifier().getValue())
                .isEqualTo(plan.getIdentifierFirstRep().getValue());
        assertThat(referral.getRestriction().getPeriod().getEnd()).isInTheFuture();
        assertThat(targets(leipzig, coordinatingPatient)).hasSize(1);
        assertThat(targets(dresden, referral)).hasSize(1);
        assertThat(records("prague").search(Patient.class, twin)).isEmpty();

        completeAs("dresden-staff", awaitUserTask(pi, "Task_AnswerReferral"),
                Map.of("referralDecision", "accepted"));
        awaitUserTask(pi, "Task_ConfirmTreatmentStart");
        assertThat(dresden.read(Task.class, idOf(referral)).getStatus()).isEqualTo(TaskStatus.ACCEPTED);
        Provenance acceptance = single(targets(dresden, referral).stream()
                .filter(p -> p.getActivity().getCodingFirstRep().getCode().equals("UPDATE")).toList());
        assertThat(acceptance.getAgent()).extracting(a -> a.getWho().getDisplay()).contains("dresden-staff");

        completeAs("dresden-staff", awaitUserTask(pi, "Task_ConfirmTreatmentStart"),
                Map.of("treatmentStartDate", "2026-12-01"));
        awaitUserTask(pi, "Task_ReportOutcome");
        assertThat(dresden.read(Task.class, idOf(referral)).getStatus()).isEqualTo(TaskStatus.INPROGRESS);

        completeAs("dresden-staff", awaitUserTask(pi, "Task_ReportOutcome"), Map.of(
                "procedurePerformed", "Proton beam therapy, 30 fractions", "procedureDate", "2026-12-20",
                "keyFindings", "Completed as planned, mild skin reaction"));
        awaitEnd(pi);

        Task done = dresden.read(Task.class, idOf(referral));
        assertThat(done.getStatus()).isEqualTo(TaskStatus.COMPLETED);
        Procedure procedure = single(dresden.search(Procedure.class, "subject=" + idOf(receivingPatient)));
        assertThat(((org.hl7.fhir.r4.model.Reference) done.getOutputFirstRep().getValue()).getReference()).isEqualTo(idOf(procedure));
        assertThat(procedure.getBasedOnFirstRep().getReference()).isEqualTo(idOf(request));
        assertThat(procedure.getCode().getText()).isEqualTo("Proton beam therapy, 30 fractions");
        assertThat(procedure.getPerformedDateTimeType().getValueAsString()).isEqualTo("2026-12-20");
        assertThat(leipzig.read(CarePlan.class, idOf(plan)).getStatus()).isEqualTo(CarePlan.CarePlanStatus.COMPLETED);
        // one Provenance per write: registration, careplan closing at Leipzig; referral, 3 status changes at Dresden
        assertThat(targets(leipzig, plan)).hasSize(2);
        assertThat(targets(dresden, referral)).hasSize(4);
        assertThat(targets(dresden, procedure)).hasSize(1);
        assertThat(dresden.search(Patient.class, twin)).hasSize(1);
        assertThat(dresden.search(Task.class, "patient=" + idOf(receivingPatient))).hasSize(1);
    }

    @Test
    void rejectedReferralIsRecordedAtTheCentreAndRevokesThePlan() {
        var started = startPathway("prague");
        String pi = started.processInstanceId();

        completeAs("prague-staff", awaitUserTask(pi, "Task_AnswerReferral"),
                Map.of("referralDecision", "rejected", "rejectionReason", "Therapy not licensed for this indication"));
        awaitEnd(pi);

        CentreRecords prague = records("prague");
        Patient patient = single(prague.search(Patient.class, "identifier=urn:oncotwin:twin|" + started.twinId()));
        Task referral = single(prague.search(Task.class, "patient=" + idOf(patient)));
        assertThat(referral.getStatus()).isEqualTo(TaskStatus.REJECTED);
        assertThat(referral.getStatusReason().getText()).isEqualTo("Therapy not licensed for this indication");
        CentreRecords leipzig = records("leipzig");
        Patient coordinating = single(leipzig.search(Patient.class, "identifier=urn:oncotwin:twin|" + started.twinId()));
        CarePlan plan = single(leipzig.search(CarePlan.class, "subject=" + idOf(coordinating)));
        assertThat(plan.getStatus()).isEqualTo(CarePlan.CarePlanStatus.REVOKED);
        assertThat(prague.search(Procedure.class, "subject=" + idOf(patient))).isEmpty();
    }

    @Test
    void badIntakeIsRefusedWithAProblemDetailAndStartsNothing() {
        long before = runtime.createProcessInstanceQuery().count();
        var response = http.postForEntity("/api/pathways", Map.of("patientFamilyName", "Novak",
                "receivingCentre", "atlantis", "modality", "homeopathy"), Map.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat((List<?>) response.getBody().get("errors")).anySatisfy(e ->
                assertThat(e.toString()).contains("Unknown receiving centre 'atlantis'"));
        assertThat(runtime.createProcessInstanceQuery().count()).isEqualTo(before);
    }

    @Test
    void malformedJsonIsABadRequestNotAServerError() {
        var headers = new org.springframework.http.HttpHeaders();
        headers.setContentType(org.springframework.http.MediaType.APPLICATION_JSON);
        var response = http.postForEntity("/api/pathways",
                new org.springframework.http.HttpEntity<>("{\"patientFamilyName\": ", headers), String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getBody()).doesNotContain("Exception").doesNotContain("at org.");
    }
}

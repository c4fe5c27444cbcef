package org.oncotwin.it.pathway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oncotwin.process.Activities.*;
import static org.oncotwin.process.ProcessKeys.*;
import static org.oncotwin.process.VariableNames.*;

import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CarePlan.CarePlanActivityStatus;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;
import org.oncotwin.testing.AbstractPathwayIT;
import org.oncotwin.testing.CentreRecords;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/** The oncology pathway end to end: the state at every centre's FHIR server after every step. */
class OncologyPathwayIT extends AbstractPathwayIT {

    @Test
    void diagnosticsTumourBoardAndSurgeryAtThreeCentresLeaveTheWholeStoryAtTheCentres() {
        var started = startPathway("dresden");
        String pi = started.processInstanceId();
        String twin = "identifier=urn:oncotwin:twin|" + started.twinId();

        String diagnostics = awaitStep(pi);
        handOver(diagnostics);
        CentreRecords leipzig = records("leipzig");
        CentreRecords dresden = records("dresden");
        Patient coordinatingPatient = single(leipzig.search(Patient.class, twin));
        assertThat(coordinatingPatient.getIdentifier()).extracting(i -> i.getValue())
                .contains(started.twinId(), started.mrn());
        CarePlan plan = single(leipzig.search(CarePlan.class, "subject=" + idOf(coordinatingPatient)));
        assertThat(plan.getStatus()).isEqualTo(CarePlan.CarePlanStatus.ACTIVE);
        Patient atDresden = single(dresden.search(Patient.class, twin));
        ServiceRequest request = single(dresden.search(ServiceRequest.class, "subject=" + idOf(atDresden)));
        assertThat(request.getNoteFirstRep().getText()).contains("chosen by the coordinator");
        Task referral = single(dresden.search(Task.class, "patient=" + idOf(atDresden)));
        assertThat(referral.getStatus()).isEqualTo(TaskStatus.REQUESTED);
        assertThat(referral.getFocus().getReference()).isEqualTo(idOf(request));
        assertThat(referral.getOwner().getIdentifier().getValue()).isEqualTo("dresden");
        assertThat(referral.getBasedOnFirstRep().getIdentifier().getValue())
                .isEqualTo(plan.getIdentifierFirstRep().getValue());
        assertThat(referral.getRestriction().getPeriod().getEnd()).isInTheFuture();
        Communication handover = single(dresden.search(Communication.class, "subject=" + idOf(atDresden)));
        assertThat(handover.getAboutFirstRep().getReference()).isEqualTo(idOf(referral));
        assertThat(handover.getPayload()).extracting(p -> p.getContentStringType().getValue())
                .contains("Clinical summary: 62-year-old woman, clival mass on MRI");
        Provenance referralProvenance = single(targets(dresden, referral));
        assertThat(referralProvenance.getAgent()).extracting(a -> a.getWho().getDisplay())
                .contains("leipzig-physician");
        assertThat(records("prague").search(Patient.class, twin)).isEmpty();

        runStepInTasklist(diagnostics, "dresden-staff", "MRI skull base with contrast");
        Task diagnosed = dresden.read(Task.class, idOf(referral));
        assertThat(diagnosed.getStatus()).isEqualTo(TaskStatus.COMPLETED);
        Procedure imaging = single(dresden.search(Procedure.class, "subject=" + idOf(atDresden)));
        assertThat(((Reference) diagnosed.getOutputFirstRep().getValue()).getReference()).isEqualTo(idOf(imaging));
        assertThat(targets(dresden, referral)).hasSize(4);

        completeAs("coordinator", awaitUserTask(pi, TUMOUR_BOARD), Map.of(DIAGNOSIS_CODE, "C41.0",
                DIAGNOSIS_TEXT, "Chordoma of the clivus", TNM_T, "T2", TNM_N, "N0", TNM_M, "M0", ECOG, "1",
                "stepSurgery", true, TREATMENT_ORDER, "sequential"));
        String surgery = awaitStep(pi);
        assertThat(stepVariable(surgery, RECEIVING_CENTRE)).isEqualTo("prague");
        Condition diagnosis = single(leipzig.search(Condition.class, "subject=" + idOf(coordinatingPatient)));
        assertThat(diagnosis.getCode().getCodingFirstRep().getCode()).isEqualTo("C41.0");
        assertThat(leipzig.search(Observation.class, "subject=" + idOf(coordinatingPatient))).hasSize(4);
        handOver(surgery);
        runStepInTasklist(surgery, "prague-staff", "Endoscopic endonasal resection");

        completeAs("coordinator", awaitUserTask(pi, FOLLOW_UP), Map.of("followUpDate", "2027-03-01"));
        awaitEnd(pi);

        CarePlan finished = leipzig.read(CarePlan.class, idOf(plan));
        assertThat(finished.getStatus()).isEqualTo(CarePlan.CarePlanStatus.COMPLETED);
        assertThat(finished.getActivity()).extracting(a -> a.getDetail().getStatus())
                .containsOnly(CarePlanActivityStatus.COMPLETED).hasSize(2);
        assertThat(finished.getAddressesFirstRep().getReference()).isEqualTo(idOf(diagnosis));
        Patient atPrague = single(records("prague").search(Patient.class, twin));
        Task surgeryReferral = single(records("prague").search(Task.class, "patient=" + idOf(atPrague)));
        assertThat(surgeryReferral.getStatus()).isEqualTo(TaskStatus.COMPLETED);
        single(records("prague").search(Procedure.class, "subject=" + idOf(atPrague)));
        assertThat(leipzig.search(Patient.class, twin)).hasSize(1);
        assertThat(dresden.search(Task.class, "patient=" + idOf(atDresden))).hasSize(1);
    }

    @Test
    void aRejectedReferralIsRecordedAtTheCentreAndAnotherCentreIsAsked() {
        var started = startPathway("dresden");
        String step = awaitStep(started.processInstanceId());
        handOver(step);

        completeAs("dresden-staff", awaitUserTask(step, ANSWER_REFERRAL),
                Map.of(REFERRAL_DECISION, "rejected", REJECTION_REASON, "No MRI capacity before January"));
        await("a referral to another centre", () -> "leipzig".equals(stepVariable(step, RECEIVING_CENTRE))
                && tasks.createTaskQuery().processInstanceId(step).taskDefinitionKey(ANSWER_REFERRAL).count() == 1);

        String twin = "identifier=urn:oncotwin:twin|" + started.twinId();
        Patient atDresden = single(records("dresden").search(Patient.class, twin));
        Task rejected = single(records("dresden").search(Task.class, "patient=" + idOf(atDresden)));
        assertThat(rejected.getStatus()).isEqualTo(TaskStatus.REJECTED);
        assertThat(rejected.getStatusReason().getText()).isEqualTo("No MRI capacity before January");
        Patient atLeipzig = single(records("leipzig").search(Patient.class, twin));
        Task second = single(records("leipzig").search(Task.class, "patient=" + idOf(atLeipzig)));
        assertThat(second.getStatus()).isEqualTo(TaskStatus.REQUESTED);
        assertThat(single(records("leipzig").search(Communication.class, "subject=" + idOf(atLeipzig)))
                .getAboutFirstRep().getReference()).isEqualTo(idOf(second));
        cleanUp(started.processInstanceId());
    }

    @Test
    void aWithdrawingPatientHasOpenReferralsCancelledAtTheCentresAndThePlanRevoked() {
        var started = startPathway("dresden");
        String step = awaitStep(started.processInstanceId());
        handOver(step);

        var response = api().postForEntity("/api/pathways/" + started.processInstanceId() + "/withdrawal",
                Map.of("reason", "Patient wishes treatment closer to home"), Void.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        awaitEnd(started.processInstanceId());

        String twin = "identifier=urn:oncotwin:twin|" + started.twinId();
        Patient atDresden = single(records("dresden").search(Patient.class, twin));
        Task cancelled = single(records("dresden").search(Task.class, "patient=" + idOf(atDresden)));
        assertThat(cancelled.getStatus()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(cancelled.getStatusReason().getText()).as("the coordinator's reason reaches the centre")
                .contains("Patient wishes treatment closer to home");
        assertThat(records("dresden").search(Communication.class, "subject=" + idOf(atDresden)))
                .filteredOn(c -> c.getTopic().getText().startsWith("Withdrawn"))
                .singleElement().satisfies(notice -> {
                    assertThat(notice.getAboutFirstRep().getReference()).isEqualTo(idOf(cancelled));
                    assertThat(notice.getPayloadFirstRep().getContentStringType().getValue())
                            .contains("Patient wishes treatment closer to home");
                });
        Patient atLeipzig = single(records("leipzig").search(Patient.class, twin));
        assertThat(single(records("leipzig").search(CarePlan.class, "subject=" + idOf(atLeipzig))).getStatus())
                .isEqualTo(CarePlan.CarePlanStatus.REVOKED);
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(started.processInstanceId())
                .activityId(WITHDRAWN).count()).isEqualTo(1);
    }

    @Test
    void badIntakeIsRefusedWithAProblemDetailAndStartsNothing() {
        long before = runtime.createProcessInstanceQuery().count();
        var response = api().postForEntity("/api/pathways", Map.of(PATIENT_FAMILY_NAME, "Novak",
                DIAGNOSTICS_CENTRE, "atlantis"), Map.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat((List<?>) response.getBody().get("errors")).anySatisfy(e ->
                assertThat(e.toString()).contains("Unknown diagnostics centre 'atlantis'"));
        assertThat(runtime.createProcessInstanceQuery().count()).isEqualTo(before);
    }

    @Test
    void malformedJsonAndUnknownPathwaysAreBadRequestsNotServerErrors() {
        var headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        var malformed = api().postForEntity("/api/pathways",
                new HttpEntity<>("{\"patientFamilyName\": ", headers), String.class);
        var unknown = api().postForEntity("/api/pathways?pathway=" + TREATMENT_STEP, Map.of(), String.class);

        assertThat(malformed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(malformed.getBody()).doesNotContain("Exception").doesNotContain("at org.");
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }
}

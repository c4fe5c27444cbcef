package org.oncotwin.referral;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;
import org.oncotwin.centre.Centre;
import org.oncotwin.centre.Modality;
import org.oncotwin.fhir.R4Validator;
import org.oncotwin.process.PatientDetails;
import org.oncotwin.fhir.PatientMapping;

/** The referral resources are valid FHIR R4 and link to each other as the domain model says. */
class ReferralMappingTest {

    private static final Centre LEIPZIG = new Centre("leipzig", "Leipzig University Hospital", "http://l/fhir", "DE");
    private static final Centre DRESDEN = new Centre("dresden", "Dresden Proton Centre", "http://d/fhir", "DE");
    private static final PatientDetails PATIENT = new PatientDetails("2b9f7a52-6a9e-4c47-9a7e-0c1f3f6f7e11",
            "LE-000123", "Jana", "Novak", LocalDate.of(1961, 4, 23), AdministrativeGender.FEMALE);
    private static final Referral REFERRAL = new Referral(PATIENT, "leipzig", "dresden", Modality.RADIOTHERAPY,
            "Skull base chordoma", true, PATIENT.twinId() + "/pi-1/Task_RegisterPatient/careplan",
            Instant.parse("2026-12-02T10:00:00Z"), "shortest waiting time",
            new Referral.Handover("62-year-old, chordoma of the clivus", "MRI 2026-11-20", "Proton dose?"));
    private final Date now = new Date();

    @Test
    void serviceRequestAndTaskAreValidAndLinked() {
        Reference patient = new Reference("Patient/7");
        ServiceRequest request = ReferralMapping.serviceRequest(REFERRAL, id("sr"), patient, LEIPZIG, DRESDEN, now);
        Task task = ReferralMapping.task(REFERRAL, id("task"), new Reference("ServiceRequest/8"), patient, LEIPZIG,
                DRESDEN, now);

        assertThat(R4Validator.errors(request)).isEmpty();
        assertThat(R4Validator.errors(task)).isEmpty();
        assertThat(task.getStatus()).isEqualTo(TaskStatus.REQUESTED);
        assertThat(task.getIntent()).isEqualTo(Task.TaskIntent.ORDER);
        assertThat(task.getPriority()).isEqualTo(Task.TaskPriority.URGENT);
        assertThat(task.getOwner().getIdentifier().getValue()).isEqualTo("dresden");
        assertThat(task.getRequester().getIdentifier().getValue()).isEqualTo("leipzig");
        assertThat(task.getBasedOnFirstRep().getIdentifier().getValue()).isEqualTo(REFERRAL.carePlanIdentifierValue());
        assertThat(task.getRestriction().getPeriod().getEnd()).isEqualTo(Date.from(REFERRAL.acceptBy()));
        assertThat(request.getPerformerFirstRep().getIdentifier().getValue()).isEqualTo("dresden");
        assertThat(request.getCode().getCodingFirstRep().getCode()).isEqualTo("108290001");
    }

    @Test
    void theHandoverIsAValidCommunicationAboutTheReferral() {
        var handover = ReferralMapping.handover(REFERRAL, id("handover"), new Reference("Task/9"),
                new Reference("ServiceRequest/8"), new Reference("Patient/7"), LEIPZIG, DRESDEN, now);

        assertThat(R4Validator.errors(handover)).isEmpty();
        assertThat(handover.getAboutFirstRep().getReference()).isEqualTo("Task/9");
        assertThat(handover.getPayload()).extracting(p -> p.getContentStringType().getValue())
                .contains("Clinical summary: 62-year-old, chordoma of the clivus", "Open questions: Proton dose?");
    }

    @Test
    void theOutcomeIsAValidProcedureAndCompletesTheTask() {
        Task task = ReferralMapping.task(REFERRAL, id("task"), new Reference("ServiceRequest/8"),
                new Reference("Patient/7"), LEIPZIG, DRESDEN, now);
        task.setStatus(TaskStatus.INPROGRESS);
        Procedure procedure = ReferralMapping.procedure(task, Modality.RADIOTHERAPY,
                new StepOutcome("Proton beam therapy 60 Gy", LocalDate.of(2026, 12, 20), "Well tolerated"),
                id("procedure"), DRESDEN);
        ReferralMapping.complete(task, new Reference("Procedure/9"), now);

        assertThat(R4Validator.errors(procedure)).isEmpty();
        assertThat(R4Validator.errors(task)).isEmpty();
        assertThat(procedure.getSubject().getReference()).isEqualTo("Patient/7");
        assertThat(procedure.getBasedOnFirstRep().getReference()).isEqualTo("ServiceRequest/8");
        assertThat(procedure.getPerformedDateTimeType().getValueAsString()).isEqualTo("2026-12-20");
        assertThat(task.getStatus()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(((Reference) task.getOutputFirstRep().getValue()).getReference()).isEqualTo("Procedure/9");
    }

    @Test
    void thePatientCarriesTheTwinIdentifierEverywhereAndTheMrnOnlyWhereItWasIssued() {
        Patient atCoordinating = PatientMapping.toPatient(PATIENT, LEIPZIG, true);
        Patient atReceiving = PatientMapping.toPatient(PATIENT, DRESDEN, false);

        assertThat(R4Validator.errors(atCoordinating)).isEmpty();
        assertThat(atCoordinating.getIdentifier()).extracting(Identifier::getValue)
                .containsExactly(PATIENT.twinId(), "LE-000123");
        assertThat(atReceiving.getIdentifier()).extracting(Identifier::getValue).containsExactly(PATIENT.twinId());
        assertThat(atCoordinating.getBirthDateElement().getValueAsString()).isEqualTo("1961-04-23");
    }

    private static Identifier id(String kind) {
        return new Identifier().setSystem("urn:oncotwin:pathway-resource").setValue(PATIENT.twinId() + "/pi-1/" + kind);
    }
}

package org.oncotwin.research;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.oncotwin.fhir.R4Validator;

class PseudonymiserTest {

    private static final String KEY = "unit-test-key-0123456789abcdef";
    private static final String TWIN = "6f1c1f0e-7a43-4d6b-9a7e-1d2c3b4a5f60";
    private static final Map<String, String> TWINS = Map.of("p17", TWIN);
    private static final Set<String> TYPES = Set.of("Patient", "Condition", "Observation", "Procedure");

    private final Pseudonymiser pseudonymiser = new Pseudonymiser(KEY, "breast-rt-2026", TYPES);

    @Test
    void thePatientKeepsOnlyGenderBirthYearAndWhetherDeceased() {
        Patient patient = new Patient();
        patient.setId("p17");
        patient.addIdentifier().setSystem("https://leipzig.example.org/mrn").setValue("MRN-4711");
        patient.addIdentifier().setSystem("urn:oncotwin:twin").setValue(TWIN);
        patient.addName().setFamily("Novak").addGiven("Jana");
        patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("+49 341 5550123");
        patient.addAddress(new Address().addLine("12 Karl-Liebknecht-Strasse").setCity("Leipzig"));
        patient.setGender(Enumerations.AdministrativeGender.FEMALE);
        patient.setBirthDateElement(new DateType("1961-04-23"));
        patient.setDeceased(new DateTimeType("2020-02-02"));
        patient.addExtension(new Extension("http://example.org/religion", new StringType("secret")));
        patient.getText().setStatus(Narrative.NarrativeStatus.GENERATED).setDivAsString("<div>Jana Novak</div>");

        String json = json(pseudonymiser.pseudonymised("leipzig", patient, TWINS).orElseThrow());

        assertThat(json).doesNotContain("MRN-4711", TWIN, "Novak", "Jana", "5550123", "Karl-Liebknecht", "Leipzig",
                "1961-04", "secret", "p17", "2020");
        Patient out = (Patient) R4Validator.R4.newJsonParser().parseResource(json);
        assertThat(out.getIdElement().getIdPart()).isEqualTo(pseudonymiser.pseudonym(TWIN)).hasSize(20);
        assertThat(out.getBirthDateElement().getValueAsString()).isEqualTo("1961");
        assertThat(out.getGender()).isEqualTo(Enumerations.AdministrativeGender.FEMALE);
        assertThat(out.getDeceasedBooleanType().booleanValue()).isTrue();
        assertThat(R4Validator.errors(out)).isEmpty();
    }

    @Test
    void clinicalResourcesLoseIdentifiersFreeTextAndOtherReferencesAndPointAtThePseudonym() {
        Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL);
        observation.setId("obs-9");
        observation.addIdentifier().setSystem("https://leipzig.example.org/lab").setValue("LAB-123");
        observation.setSubject(new Reference("Patient/p17").setDisplay("Jana Novak"));
        observation.addPerformer(new Reference("Practitioner/dr-who").setDisplay("Dr. Who"));
        observation.addBasedOn(new Reference("ServiceRequest/sr-1"));
        observation.addHasMember(new Reference("Observation/obs-10"));
        observation.setCode(new CodeableConcept(new Coding("http://loinc.org", "21905-5", "Primary tumor.clinical")));
        observation.setValue(new Quantity().setValue(42).setUnit("mm"));
        observation.addNote(new Annotation().setText("Patient Jana lives next to the hospital"));
        observation.setEffective(new DateTimeType("2021-05-10"));
        observation.getMeta().setVersionId("3").addTag("http://example.org", "vip", "VIP").addProfile(
                "http://example.org/StructureDefinition/tnm");

        var out = (Observation) parse(pseudonymiser.pseudonymised("leipzig", observation, TWINS).orElseThrow());

        String json = json(out);
        assertThat(json).doesNotContain("LAB-123", "Jana", "Novak", "dr-who", "Dr. Who", "sr-1", "obs-9", "p17",
                "vip", "hospital", "leipzig");
        assertThat(out.getSubject().getReference()).isEqualTo("Patient/" + pseudonymiser.pseudonym(TWIN));
        assertThat(out.getHasMemberFirstRep().getReference()).isEqualTo("Observation/"
                + pseudonymiser.resourceId("leipzig", "Observation", "obs-10"));
        assertThat(out.getIdElement().getIdPart()).isEqualTo(pseudonymiser.resourceId("leipzig", "Observation",
                "obs-9"));
        assertThat(out.getValueQuantity().getUnit()).isEqualTo("mm");
        assertThat(out.getCode().getCodingFirstRep().getDisplay()).isEqualTo("Primary tumor.clinical");
        assertThat(out.getMeta().getProfile()).hasSize(1);
        assertThat(out.hasPerformer()).isFalse();
        out.setMeta(null); // the example profile is unknown to the validator
        assertThat(R4Validator.errors(out)).isEmpty();
    }

    @Test
    void freeTextValuesAreDropped() {
        Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL)
                .setSubject(new Reference("Patient/p17"))
                .setCode(new CodeableConcept(new Coding("http://loinc.org", "8302-2", null)));
        observation.setId("obs-1");
        observation.setValue(new StringType("Mrs Novak, 12 Karl-Liebknecht-Strasse"));
        assertThat(json(pseudonymiser.pseudonymised("leipzig", observation, TWINS).orElseThrow()))
                .doesNotContain("Novak", "Karl");
    }

    @Test
    void datesOfOnePatientShiftByTheSameWholeDaysSoIntervalsStayTrue() {
        Condition condition = new Condition().setSubject(new Reference("Patient/p17"));
        condition.setId("c-1");
        condition.setOnset(new DateTimeType("2021-03-01"));
        condition.setRecordedDateElement(new DateTimeType("2021-03-04"));
        Procedure procedure = new Procedure().setSubject(new Reference("Patient/p17"))
                .setStatus(Procedure.ProcedureStatus.COMPLETED);
        procedure.setId("pr-1");
        procedure.setPerformed(new DateTimeType("2021-06-15"));

        var c = (Condition) parse(pseudonymiser.pseudonymised("leipzig", condition, TWINS).orElseThrow());
        var p = (Procedure) parse(pseudonymiser.pseudonymised("dresden", procedure, TWINS).orElseThrow());

        int shift = pseudonymiser.dayShift(TWIN);
        assertThat(shift).isBetween(-180, 180);
        LocalDate onset = LocalDate.parse(c.getOnsetDateTimeType().getValueAsString());
        LocalDate recorded = LocalDate.parse(c.getRecordedDateElement().getValueAsString());
        LocalDate performed = LocalDate.parse(p.getPerformedDateTimeType().getValueAsString());
        assertThat(ChronoUnit.DAYS.between(LocalDate.of(2021, 3, 1), onset)).isEqualTo(shift);
        assertThat(ChronoUnit.DAYS.between(onset, recorded)).isEqualTo(3);
        assertThat(ChronoUnit.DAYS.between(onset, performed)).isEqualTo(106);
    }

    @Test
    void pseudonymsAreStablePerKeyAndProjectAndDifferAcrossProjectsAndKeys() {
        var again = new Pseudonymiser(KEY, "breast-rt-2026", TYPES);
        var otherProject = new Pseudonymiser(KEY, "lung-2027", TYPES);
        var otherKey = new Pseudonymiser(KEY + "x", "breast-rt-2026", TYPES);
        assertThat(again.pseudonym(TWIN)).isEqualTo(pseudonymiser.pseudonym(TWIN));
        assertThat(again.dayShift(TWIN)).isEqualTo(pseudonymiser.dayShift(TWIN));
        assertThat(java.util.stream.IntStream.range(0, 50).map(i -> pseudonymiser.dayShift("twin-" + i)).distinct()
                .count()).as("offsets vary between patients").isGreaterThan(30);
        assertThat(otherProject.pseudonym(TWIN)).isNotEqualTo(pseudonymiser.pseudonym(TWIN));
        assertThat(otherKey.pseudonym(TWIN)).isNotEqualTo(pseudonymiser.pseudonym(TWIN));
        assertThat(pseudonymiser.pseudonym(TWIN)).matches("[a-z2-7]{20}");
        assertThat(pseudonymiser.pseudonym("another-twin")).isNotEqualTo(pseudonymiser.pseudonym(TWIN));
    }

    @Test
    void resourcesOfPatientsOutsideTheCohortAreNotExported() {
        Condition condition = new Condition().setSubject(new Reference("Patient/not-in-cohort"));
        condition.setId("c-2");
        assertThat(pseudonymiser.pseudonymised("leipzig", condition, TWINS)).isEmpty();
    }

    private static String json(Resource resource) {
        return R4Validator.R4.newJsonParser().encodeResourceToString(resource);
    }

    private static Resource parse(Resource resource) {
        return (Resource) R4Validator.R4.newJsonParser().parseResource(json(resource));
    }
}

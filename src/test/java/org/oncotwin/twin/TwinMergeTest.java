package org.oncotwin.twin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

class TwinMergeTest {

    private static final String LEIPZIG = "http://leipzig/fhir";
    private static final String DRESDEN = "http://dresden/fhir";

    @Test
    void aResourceReportedTwiceByACentreIsInTheTwinOnceButEqualIdsAtTwoCentresAreTwoResources() {
        var twin = TwinMerge.merge(List.of(
                record("leipzig", LEIPZIG, patient("1"), patient("1")),
                record("dresden", DRESDEN, patient("1"))));

        assertThat(twin).extracting(TwinMerge.Located::url)
                .containsExactly(LEIPZIG + "/Patient/1", DRESDEN + "/Patient/1");
    }

    @Test
    void logicalReferencesAcrossCentresAreResolvedToTheResourceCarryingTheIdentifier() {
        CarePlan plan = new CarePlan();
        plan.setId("CarePlan/7");
        plan.addIdentifier(new Identifier().setSystem("urn:oncotwin:pathway-resource").setValue("t/pi/careplan"));
        Task referral = new Task();
        referral.setId("Task/3");
        referral.addBasedOn(new Reference().setType("CarePlan").setIdentifier(new Identifier()
                .setSystem("urn:oncotwin:pathway-resource").setValue("t/pi/careplan")));
        referral.setOwner(new Reference().setType("Organization").setIdentifier(new Identifier()
                .setSystem("urn:oncotwin:centre").setValue("dresden")));

        TwinMerge.merge(List.of(record("leipzig", LEIPZIG, plan), record("dresden", DRESDEN, referral)));

        assertThat(referral.getBasedOnFirstRep().getReference()).isEqualTo(LEIPZIG + "/CarePlan/7");
        assertThat(referral.getOwner().hasReference()).as("no Organization in the twin: stays logical").isFalse();
    }

    @Test
    void theTimelineRunsInTimeAcrossCentres() {
        Condition diagnosis = new Condition();
        diagnosis.setId("Condition/1");
        diagnosis.setRecordedDate(date("2026-10-02"));
        diagnosis.setCode(new CodeableConcept().setText("Chordoma of the clivus"));
        Procedure surgery = new Procedure();
        surgery.setId("Procedure/2");
        surgery.getPerformedDateTimeType().setValueAsString("2026-12-20");
        surgery.setCode(new CodeableConcept().setText("Resection"));
        Procedure imaging = new Procedure();
        imaging.setId("Procedure/5");
        imaging.getPerformedDateTimeType().setValueAsString("2026-09-15");
        imaging.setCode(new CodeableConcept().setText("MRI"));

        var timeline = TwinTimeline.of(TwinMerge.merge(List.of(record("prague", "http://prague/fhir", surgery),
                record("leipzig", LEIPZIG, diagnosis), record("dresden", DRESDEN, imaging))));

        assertThat(timeline).extracting(TimelineEvent::title)
                .containsExactly("MRI", "Chordoma of the clivus", "Resection");
        assertThat(timeline).extracting(TimelineEvent::centre).containsExactly("dresden", "leipzig", "prague");
    }

    @Test
    void titlesComeFromDisplaysThenShippedNamesThenTextAndDatesFromTheClinicalTime() {
        Observation ecog = new Observation();
        ecog.setId("Observation/7");
        ecog.setCode(new CodeableConcept(new Coding("http://loinc.org", "89247-1", null)));
        ecog.setValue(new org.hl7.fhir.r4.model.IntegerType(1));
        ecog.getEffectiveDateTimeType().setValueAsString("2026-03-05");
        ecog.getMeta().setLastUpdated(date("2026-11-30"));
        Observation weight = new Observation();
        weight.setId("Observation/8");
        weight.setCode(new CodeableConcept(new Coding("http://loinc.org", "29463-7", "Body weight Measured"))
                .setText("weight"));
        weight.setValue(new org.hl7.fhir.r4.model.Quantity().setValue(64.50).setUnit("kg"));
        weight.getMeta().setLastUpdated(date("2026-11-30"));
        Condition diagnosis = new Condition();
        diagnosis.setId("Condition/9");
        diagnosis.setCode(new CodeableConcept(new Coding("urn:local", "X1", null)).setText("Breast cancer, left"));
        diagnosis.getOnsetDateTimeType().setValueAsString("2026-03-02");
        diagnosis.setRecordedDate(date("2026-11-30"));

        var timeline = TwinTimeline.of(TwinMerge.merge(List.of(record("prague", "http://prague/fhir", ecog, weight,
                diagnosis))));

        assertThat(timeline).extracting(TimelineEvent::title).containsExactly("Breast cancer, left",
                "ECOG performance status: 1", "Body weight Measured: 64.5 kg");
        assertThat(timeline).extracting(TimelineEvent::atIsWriteTime).containsExactly(false, false, true);
        assertThat(timeline.get(0).at()).as("the onset, not the recorded date")
                .isEqualTo(new org.hl7.fhir.r4.model.DateTimeType("2026-03-02").getValue().toInstant());
        assertThat(timeline.get(2).at()).as("no clinical time: when it was written")
                .isEqualTo(date("2026-11-30").toInstant());
    }

    private static CentreRecord record(String centre, String base, Resource... resources) {
        return new CentreRecord(centre, base, List.of(resources), null);
    }

    private static Patient patient(String id) {
        Patient patient = new Patient();
        patient.setId("Patient/" + id);
        return patient;
    }

    private static Date date(String iso) {
        return Date.from(LocalDate.parse(iso).atStartOfDay(ZoneOffset.UTC).toInstant());
    }
}

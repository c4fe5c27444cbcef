package org.oncotwin.pathway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.oncotwin.centre.Centre;
import org.oncotwin.centre.Modality;
import org.oncotwin.fhir.R4Validator;

/** The tumour board's resources are valid FHIR R4 with standard codes (ICD-10, LOINC). */
class TumourBoardMappingTest {

    private static final TumourBoardDecision DECISION = new TumourBoardDecision("C41.0", "Chordoma of the clivus",
            "T2", "N0", "M0", 1, List.of(Modality.SURGERY, Modality.RADIOTHERAPY));

    @Test
    void diagnosisStagingAndEcogAreValidAndCoded() {
        Reference patient = new Reference("Patient/1");
        Reference condition = new Reference("Condition/2");
        var diagnosis = TumourBoardMapping.diagnosis(DECISION, id("condition"), patient, new Date());
        var t = TumourBoardMapping.tnm("T", "T2", id("t"), patient, condition, new Date());
        var ecog = TumourBoardMapping.ecog(1, id("ecog"), patient, condition, new Date());

        assertThat(R4Validator.errors(diagnosis)).isEmpty();
        assertThat(R4Validator.errors(t)).isEmpty();
        assertThat(R4Validator.errors(ecog)).isEmpty();
        assertThat(diagnosis.getCode().getCodingFirstRep().getSystem()).isEqualTo("http://hl7.org/fhir/sid/icd-10");
        assertThat(t.getCode().getCodingFirstRep().getCode()).isEqualTo("21905-5");
        assertThat(ecog.getCode().getCodingFirstRep().getCode()).isEqualTo("89247-1");
    }

    @Test
    void theBoardPlansEachStepOnceAndARepeatedDecisionChangesNothing() {
        CarePlan plan = CarePlanMapping.newPathwayPlan(id("careplan"), new Reference("Patient/1"),
                new Centre("leipzig", "Leipzig University Hospital", "http://l/fhir", "DE"), List.of(Modality.IMAGING),
                new Date());

        assertThat(TumourBoardMapping.planSteps(plan, DECISION, new Reference("Condition/2"))).isTrue();
        assertThat(TumourBoardMapping.planSteps(plan, DECISION, new Reference("Condition/2"))).isFalse();

        assertThat(plan.getActivity()).hasSize(3);
        assertThat(plan.getAddresses()).hasSize(1);
        assertThat(R4Validator.errors(plan)).isEmpty();
    }

    private static Identifier id(String kind) {
        return new Identifier().setSystem("urn:oncotwin:pathway-resource").setValue("t/pi/Task_X/" + kind);
    }
}

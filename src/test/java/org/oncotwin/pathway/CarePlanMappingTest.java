package org.oncotwin.pathway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CarePlan.CarePlanActivityStatus;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.oncotwin.centre.Centre;
import org.oncotwin.centre.Modality;
import org.oncotwin.fhir.R4Validator;

class CarePlanMappingTest {

    private static final Centre LEIPZIG = new Centre("leipzig", "Leipzig University Hospital", "http://l/fhir", "DE");
    private static final Centre DRESDEN = new Centre("dresden", "Dresden Proton Centre", "http://d/fhir", "DE");

    @Test
    void aNewPlanIsValidActiveAndPlansTheFirstSteps() {
        CarePlan plan = newPlan();

        assertThat(R4Validator.errors(plan)).isEmpty();
        assertThat(plan.getStatus()).isEqualTo(CarePlan.CarePlanStatus.ACTIVE);
        assertThat(plan.getActivityFirstRep().getDetail().getStatus()).isEqualTo(CarePlanActivityStatus.NOTSTARTED);
        assertThat(plan.getActivityFirstRep().getDetail().getCode().getCodingFirstRep().getCode())
                .isEqualTo("363679005");
    }

    @Test
    void closingCompletesOrRevokesThePlanAndItsActivities() {
        CarePlan completed = newPlan();
        CarePlanMapping.close(completed, true);
        CarePlan revoked = newPlan();
        CarePlanMapping.close(revoked, false);

        assertThat(completed.getStatus()).isEqualTo(CarePlan.CarePlanStatus.COMPLETED);
        assertThat(completed.getActivityFirstRep().getDetail().getStatus()).isEqualTo(CarePlanActivityStatus.COMPLETED);
        assertThat(revoked.getStatus()).isEqualTo(CarePlan.CarePlanStatus.REVOKED);
        assertThat(revoked.getActivityFirstRep().getDetail().getStatus()).isEqualTo(CarePlanActivityStatus.CANCELLED);
        assertThat(R4Validator.errors(revoked)).isEmpty();
    }

    private static CarePlan newPlan() {
        return CarePlanMapping.newPathwayPlan(new Identifier().setSystem("urn:oncotwin:pathway-resource")
                .setValue("t/pi/careplan"), new Reference("Patient/1"), LEIPZIG, List.of(Modality.IMAGING),
                new Date());
    }
}

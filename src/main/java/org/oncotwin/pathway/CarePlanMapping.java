package org.oncotwin.pathway;

import java.util.Date;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CarePlan.CarePlanActivityKind;
import org.hl7.fhir.r4.model.CarePlan.CarePlanActivityStatus;
import org.hl7.fhir.r4.model.CarePlan.CarePlanIntent;
import org.hl7.fhir.r4.model.CarePlan.CarePlanStatus;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.oncotwin.centre.Centre;
import org.oncotwin.centre.Modality;
import org.oncotwin.fhir.BusinessIdentifiers;
import java.util.List;

/** The CarePlan of a pathway at the coordinating centre; its activities mirror the planned treatment steps. */
final class CarePlanMapping {

    private CarePlanMapping() {
    }

    static CarePlan newPathwayPlan(Identifier identifier, Reference patient, Centre coordinating,
                                   List<Modality> firstSteps, Date created) {
        CarePlan plan = new CarePlan();
        plan.addIdentifier(identifier);
        plan.setStatus(CarePlanStatus.ACTIVE);
        plan.setIntent(CarePlanIntent.PLAN);
        plan.addCategory(new CodeableConcept(new Coding(Modality.SNOMED, "395082007", "Cancer care plan")));
        plan.setTitle("Oncology pathway");
        plan.setSubject(patient);
        plan.setCreated(created);
        plan.setAuthor(BusinessIdentifiers.centreOrganization(coordinating.id(), coordinating.name()));
        for (Modality step : firstSteps) {
            plan.addActivity().getDetail()
                    .setKind(CarePlanActivityKind.SERVICEREQUEST)
                    .setCode(step.toCodeableConcept())
                    .setStatus(CarePlanActivityStatus.NOTSTARTED)
                    .setDescription(step.display());
        }
        return plan;
    }

    /** Closes the plan: completed when every step was done, revoked when the pathway ended early. */
    static void close(CarePlan plan, boolean completed) {
        plan.setStatus(completed ? CarePlanStatus.COMPLETED : CarePlanStatus.REVOKED);
        plan.getActivity().forEach(activity -> activity.getDetail().setStatus(
                completed ? CarePlanActivityStatus.COMPLETED : CarePlanActivityStatus.CANCELLED));
    }
}

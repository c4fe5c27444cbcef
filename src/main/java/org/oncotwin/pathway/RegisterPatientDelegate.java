package org.oncotwin.pathway;

import static org.oncotwin.pathway.PathwayVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.oncotwin.centre.Modality;
import org.springframework.stereotype.Component;

/**
 * Service task: register the patient and the pathway's CarePlan at the coordinating centre. Optional input parameter
 * {@code plannedSteps}: comma-separated modalities the plan starts with (default {@code imaging}).
 */
@Component("registerPatient")
class RegisterPatientDelegate implements JavaDelegate {

    private final CarePlanService carePlans;

    RegisterPatientDelegate(CarePlanService carePlans) {
        this.carePlans = carePlans;
    }

    @Override
    public void execute(DelegateExecution execution) {
        var registration = carePlans.register(StepContexts.of(execution),
                (String) execution.getVariable(COORDINATING_CENTRE),
                PatientVariables.read(execution),
                plannedSteps((String) execution.getVariable("plannedSteps")));
        execution.setVariable(COORDINATING_PATIENT_ID, registration.patientId());
        execution.setVariable(CARE_PLAN_ID, registration.carePlanId());
        execution.setVariable(CARE_PLAN_IDENTIFIER, registration.carePlanIdentifier());
    }

    private static java.util.List<Modality> plannedSteps(String steps) {
        return java.util.Arrays.stream((steps == null ? "imaging" : steps).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(Modality::fromCode).toList();
    }
}

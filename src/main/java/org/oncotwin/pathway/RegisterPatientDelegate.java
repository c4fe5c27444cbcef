package org.oncotwin.pathway;

import static org.oncotwin.pathway.PathwayVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.oncotwin.centre.Modality;
import org.springframework.stereotype.Component;

/** Service task: register the patient and the pathway's CarePlan at the coordinating centre. */
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
                (String) execution.getVariable(RECEIVING_CENTRE),
                Modality.fromCode((String) execution.getVariable(MODALITY)));
        execution.setVariable(COORDINATING_PATIENT_ID, registration.patientId());
        execution.setVariable(CARE_PLAN_ID, registration.carePlanId());
        execution.setVariable(CARE_PLAN_IDENTIFIER, registration.carePlanIdentifier());
    }
}

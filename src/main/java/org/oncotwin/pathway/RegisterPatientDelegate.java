package org.oncotwin.pathway;

import org.oncotwin.centre.CareStepKinds;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.oncotwin.centre.Modality;
import org.oncotwin.fhir.StepContext;
import org.oncotwin.process.InputParameters;
import org.oncotwin.process.PathwayVariables;
import org.springframework.stereotype.Component;

/**
 * Service task: register the patient, the pathway's CarePlan and the patient's consent decisions at the coordinating
 * centre. Optional input parameter
 * {@code plannedSteps}: comma-separated modalities the plan starts with (default {@code imaging}).
 */
@Component("registerPatient")
class RegisterPatientDelegate implements JavaDelegate {

    private final CareStepKinds kinds;
    private final CarePlanService carePlans;

    RegisterPatientDelegate(CarePlanService carePlans, CareStepKinds kinds) {
        this.carePlans = carePlans;
        this.kinds = kinds;
    }

    @Override
    public void execute(DelegateExecution execution) {
        var registration = carePlans.register(StepContext.of(execution),
                PathwayVariables.coordinatingCentre(execution), PathwayVariables.patient(execution),
                InputParameters.plannedSteps(execution).stream().map(kinds::require).toList(),
                PathwayVariables.consentDecisions(execution));
        PathwayVariables.registered(execution, registration.patientId(), registration.carePlanId(),
                registration.carePlanIdentifier());
    }
}

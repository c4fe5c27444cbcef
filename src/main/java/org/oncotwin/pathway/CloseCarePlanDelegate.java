package org.oncotwin.pathway;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.oncotwin.fhir.StepContext;
import org.oncotwin.process.InputParameters;
import org.oncotwin.process.PathwayVariables;
import org.springframework.stereotype.Component;

/**
 * Service task: close the pathway's CarePlan. Input parameter {@code carePlanOutcome}: {@code completed} (every step done) or
 * {@code revoked} (the pathway ended early).
 */
@Component("closeCarePlan")
class CloseCarePlanDelegate implements JavaDelegate {

    private final CarePlanService carePlans;

    CloseCarePlanDelegate(CarePlanService carePlans) {
        this.carePlans = carePlans;
    }

    @Override
    public void execute(DelegateExecution execution) {
        boolean completed = InputParameters.carePlanCompleted(execution);
        carePlans.close(StepContext.of(execution), PathwayVariables.coordinatingCentre(execution),
                PathwayVariables.carePlanId(execution), completed);
    }
}

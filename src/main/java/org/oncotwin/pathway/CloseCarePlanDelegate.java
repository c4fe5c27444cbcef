package org.oncotwin.pathway;

import static org.oncotwin.pathway.PathwayVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
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
        String outcome = (String) execution.getVariableLocal("carePlanOutcome");
        if (!"completed".equals(outcome) && !"revoked".equals(outcome)) {
            throw new IllegalArgumentException("Input parameter carePlanOutcome must be 'completed' or 'revoked', was '"
                    + outcome + "'");
        }
        carePlans.close(StepContexts.of(execution), (String) execution.getVariable(COORDINATING_CENTRE),
                (String) execution.getVariable(CARE_PLAN_ID), "completed".equals(outcome));
    }
}

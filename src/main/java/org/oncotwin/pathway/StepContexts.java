package org.oncotwin.pathway;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.oncotwin.fhir.StepContext;

/** Builds the {@link StepContext} of the activity a delegate runs in. */
public final class StepContexts {

    private StepContexts() {
    }

    public static StepContext of(DelegateExecution execution) {
        String actor = (String) execution.getVariable(PathwayVariables.LAST_ACTOR);
        if (actor == null) {
            actor = (String) execution.getVariable(PathwayVariables.INITIATOR);
        }
        String definitionKey = execution.getProcessDefinitionId().split(":")[0];
        return new StepContext(twinId(execution), definitionKey, execution.getProcessInstanceId(),
                execution.getCurrentActivityId(), actor);
    }

    private static String twinId(DelegateExecution execution) {
        Object twinId = execution.getVariable(PathwayVariables.TWIN_ID);
        return twinId != null ? twinId.toString() : execution.getProcessBusinessKey();
    }
}

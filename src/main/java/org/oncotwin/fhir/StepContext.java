package org.oncotwin.fhir;

import java.util.Objects;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.oncotwin.process.PathwayVariables;

/**
 * Which pathway step writes: the patient twin, the process instance and the BPMN activity, and who acted. It makes the
 * business identifiers of written resources deterministic, so a repeated step finds what it wrote before.
 */
public record StepContext(String twinId, String processDefinitionKey, String processInstanceId, String activityId,
                          String actor) {

    public StepContext {
        Objects.requireNonNull(twinId, "twinId");
        Objects.requireNonNull(processInstanceId, "processInstanceId");
        Objects.requireNonNull(activityId, "activityId");
    }

    /** The step a delegate runs in. */
    public static StepContext of(DelegateExecution execution) {
        String definitionKey = execution.getProcessDefinitionId().split(":")[0];
        return new StepContext(PathwayVariables.twinId(execution), definitionKey, execution.getProcessInstanceId(),
                execution.getCurrentActivityId(), PathwayVariables.actor(execution));
    }
}

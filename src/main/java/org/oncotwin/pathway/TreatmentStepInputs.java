package org.oncotwin.pathway;

import static org.oncotwin.process.VariableNames.MODALITY;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateVariableMapping;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.variable.VariableMap;
import org.oncotwin.centre.CareStepKinds;
import org.oncotwin.process.PathwayVariables;
import org.springframework.stereotype.Component;

/**
 * The inputs of a TreatmentStep call ({@code camunda:variableMappingDelegateExpression="${treatmentStepInputs}"}):
 * the pathway's context, by name, and nothing else of the caller. What is particular to the step (its kind of care,
 * a preferred centre, deadlines, a handover already written) the model passes with {@code camunda:in}; deadlines it
 * does not pass come from the kind's configuration ({@code oncotwin.care-steps.<kind>.accept-within} ...), else
 * from the model's defaults. The step returns nothing to the caller: its outcome is at the centres and in the twin.
 */
@Component(TreatmentStepInputs.NAME)
public class TreatmentStepInputs implements DelegateVariableMapping {

    public static final String NAME = "treatmentStepInputs";

    private final CareStepKinds kinds;

    public TreatmentStepInputs(CareStepKinds kinds) {
        this.kinds = kinds;
    }

    @Override
    public void mapInputVariables(DelegateExecution caller, VariableMap stepVariables) {
        // the model's camunda:in mappings come first: a deadline given there wins over the kind's default
        Object modality = stepVariables.get(MODALITY);
        if (modality instanceof String code) {
            kinds.defaultDeadlines(code).forEach(stepVariables::putIfAbsent);
        }
        PathwayVariables.passContext(caller, stepVariables);
    }

    @Override
    public void mapOutputVariables(DelegateExecution caller, VariableScope step) {
    }
}

package org.oncotwin.pathway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.oncotwin.centre.CareStepKinds;
import org.oncotwin.centre.Modality;
import org.oncotwin.process.TumourBoardVariables;
import org.springframework.stereotype.Component;

/**
 * The treatment steps the tumour board chose: the form's checkboxes ({@code stepSurgery}, {@code stepRadiotherapy}
 * ...) in the order they run when sequential, then the further configured kinds of care it named
 * ({@code furtherSteps}, e.g. {@code palliative-care}). Used by the models as {@code ${treatmentPlan.steps(execution)}},
 * the collection of the multi-instance TreatmentStep call activity.
 */
@Component("treatmentPlan")
public class TreatmentPlan {

    private static final List<Modality> CHECKBOXES = List.of(Modality.SURGERY, Modality.RADIOTHERAPY,
            Modality.CHEMOTHERAPY, Modality.IMMUNOTHERAPY);

    private final CareStepKinds kinds;

    public TreatmentPlan(CareStepKinds kinds) {
        this.kinds = kinds;
    }

    public List<String> steps(VariableScope variables) {
        return modalities(variables).stream().map(Modality::code).toList();
    }

    List<Modality> modalities(VariableScope variables) {
        List<Modality> steps = new ArrayList<>();
        for (Modality modality : CHECKBOXES) {
            if (TumourBoardVariables.stepChosen(variables, modality.code())) {
                steps.add(modality);
            }
        }
        for (String code : TumourBoardVariables.furtherSteps(variables)) {
            Modality kind = kinds.require(code);
            if (!steps.contains(kind)) {
                steps.add(kind);
            }
        }
        return steps;
    }

    /** What is wrong with the further kinds of care a board submitted: each one that is not configured. */
    List<String> problems(Map<String, Object> submitted) {
        return TumourBoardVariables.furtherSteps(submitted).stream().filter(code -> !kinds.contains(code))
                .map(code -> "Further kinds of care: '" + code + "' is not configured; configured: "
                        + kinds.all().stream().map(Modality::code).toList())
                .toList();
    }
}

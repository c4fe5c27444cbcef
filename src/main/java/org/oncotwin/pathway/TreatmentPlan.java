package org.oncotwin.pathway;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.oncotwin.centre.Modality;
import org.oncotwin.process.TumourBoardVariables;
import org.springframework.stereotype.Component;

/**
 * The treatment steps the tumour board chose (form checkboxes {@code stepSurgery}, {@code stepRadiotherapy} ...), in
 * the order they run when sequential. Used by the models as {@code ${treatmentPlan.steps(execution)}}, the collection
 * of the multi-instance TreatmentStep call activity.
 */
@Component("treatmentPlan")
public class TreatmentPlan {

    private static final List<Modality> ORDER = List.of(Modality.SURGERY, Modality.RADIOTHERAPY,
            Modality.CHEMOTHERAPY, Modality.IMMUNOTHERAPY);

    public List<String> steps(VariableScope variables) {
        return modalities(variables).stream().map(Modality::code).toList();
    }

    List<Modality> modalities(VariableScope variables) {
        List<Modality> steps = new ArrayList<>();
        for (Modality modality : ORDER) {
            if (TumourBoardVariables.stepChosen(variables, modality.code())) {
                steps.add(modality);
            }
        }
        return steps;
    }
}

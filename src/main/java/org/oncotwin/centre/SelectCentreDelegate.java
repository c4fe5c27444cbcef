package org.oncotwin.centre;

import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.oncotwin.process.BpmnErrors;
import org.oncotwin.process.PathwayVariables;
import org.oncotwin.process.TreatmentStepVariables;
import org.springframework.stereotype.Component;

/**
 * Service task of TreatmentStep: choose the receiving centre for {@code modality} (the centre-selection decision, or
 * the coordinator's {@code preferredCentre}). No centre left: BPMN error {@code Error_NoCentreAvailable}.
 */
@Component("selectCentre")
class SelectCentreDelegate implements JavaDelegate {

    private final CareStepKinds kinds;
    private final CentreSelection selection;

    SelectCentreDelegate(CentreSelection selection, CareStepKinds kinds) {
        this.selection = selection;
        this.kinds = kinds;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Modality modality = kinds.require(TreatmentStepVariables.modality(execution));
        var choice = selection.choose(modality, PathwayVariables.patientCountry(execution),
                PathwayVariables.urgency(execution), TreatmentStepVariables.excludedCentres(execution),
                TreatmentStepVariables.preferredCentre(execution), TreatmentStepVariables.overrideReason(execution));
        TreatmentStepVariables.preferredCentreUsed(execution);
        if (choice.centreId() == null) {
            throw new BpmnError(BpmnErrors.NO_CENTRE_AVAILABLE, "No centre may deliver " + modality.code() + ": "
                    + choice.candidates().stream().map(c -> c.centreId() + " " + c.reason())
                            .collect(Collectors.joining(", ")));
        }
        TreatmentStepVariables.centreChosen(execution, choice.centreId(), choice.overridden(), choice.reason());
    }
}

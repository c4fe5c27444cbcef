package org.oncotwin.centre;

import static org.oncotwin.pathway.PathwayVariables.*;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Service task of TreatmentStep: choose the receiving centre for {@code modality} (the centre-selection decision, or
 * the coordinator's {@code preferredCentre}). No centre left: BPMN error {@code Error_NoCentreAvailable}.
 */
@Component("selectCentre")
class SelectCentreDelegate implements JavaDelegate {

    static final String NO_CENTRE = "Error_NoCentreAvailable";

    private final CentreSelection selection;

    SelectCentreDelegate(CentreSelection selection) {
        this.selection = selection;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Modality modality = Modality.fromCode((String) execution.getVariable(MODALITY));
        var choice = selection.choose(modality, (String) execution.getVariable(PATIENT_COUNTRY),
                (String) execution.getVariable(URGENCY), excluded(execution),
                (String) execution.getVariable(PREFERRED_CENTRE), (String) execution.getVariable(OVERRIDE_REASON));
        // an override holds for one referral; after a rejection the decision chooses again
        execution.setVariable(PREFERRED_CENTRE, null);
        if (choice.centreId() == null) {
            throw new BpmnError(NO_CENTRE, "No centre may deliver " + modality.code() + ": " + choice.candidates()
                    .stream().map(c -> c.centreId() + " " + c.reason()).collect(Collectors.joining(", ")));
        }
        execution.setVariable(RECEIVING_CENTRE, choice.centreId());
        execution.setVariable(CENTRE_OVERRIDDEN, choice.overridden());
        execution.setVariable(CENTRE_SELECTION_REASON, choice.reason());
    }

    static Set<String> excluded(DelegateExecution execution) {
        String excluded = (String) execution.getVariable(EXCLUDED_CENTRES);
        return excluded == null || excluded.isBlank() ? Set.of()
                : Arrays.stream(excluded.split(",")).map(String::trim).collect(Collectors.toSet());
    }
}

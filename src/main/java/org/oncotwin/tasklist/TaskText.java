package org.oncotwin.tasklist;

import org.camunda.bpm.engine.delegate.VariableScope;
import org.oncotwin.centre.CentreDirectory;
import org.oncotwin.process.PathwayVariables;
import org.oncotwin.process.TreatmentStepVariables;
import org.springframework.stereotype.Component;

/**
 * What a task says about itself in Tasklist, for the models' task names and descriptions, e.g.
 * {@code name="Hand over ${taskText.patient(execution)} → ${taskText.centre(receivingCentre)} (${modality})"}.
 */
@Component("taskText")
public class TaskText {

    private final CentreDirectory centres;

    public TaskText(CentreDirectory centres) {
        this.centres = centres;
    }

    /** "Novak, Jana". */
    public String patient(VariableScope scope) {
        return PathwayVariables.patientName(scope);
    }

    /** The centre's name ("Dresden Proton Centre"), or the id as it is if the centre is unknown. */
    public String centre(String centreId) {
        if (centreId == null) {
            return "(no centre yet)";
        }
        return centres.contains(centreId) ? centres.require(centreId).name() : centreId;
    }

    /** One line under the task's name: who, born when, what, from where to where, how urgent. */
    public String description(VariableScope scope) {
        StringBuilder text = new StringBuilder(patient(scope));
        String born = PathwayVariables.patientBirthDate(scope);
        if (born != null) {
            text.append(" (born ").append(born).append(')');
        }
        String modality = TreatmentStepVariables.modality(scope);
        if (modality != null) {
            text.append(" · ").append(modality);
        }
        String from = PathwayVariables.coordinatingCentre(scope);
        String to = TreatmentStepVariables.receivingCentre(scope);
        if (from != null) {
            text.append(" · ").append(centre(from));
            if (to != null) {
                text.append(" → ").append(centre(to));
            }
        }
        text.append(" · ").append(PathwayVariables.urgent(scope) ? "urgent" : "routine");
        return text.toString();
    }
}

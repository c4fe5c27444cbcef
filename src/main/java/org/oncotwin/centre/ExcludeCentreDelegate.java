package org.oncotwin.centre;

import static org.oncotwin.pathway.PathwayVariables.*;

import java.util.TreeSet;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task of TreatmentStep: the current receiving centre is not asked again for this step. */
@Component("excludeCentre")
class ExcludeCentreDelegate implements JavaDelegate {

    @Override
    public void execute(DelegateExecution execution) {
        var excluded = new TreeSet<>(SelectCentreDelegate.excluded(execution));
        excluded.add((String) execution.getVariable(RECEIVING_CENTRE));
        execution.setVariable(EXCLUDED_CENTRES, String.join(",", excluded));
    }
}

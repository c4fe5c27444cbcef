package org.oncotwin.centre;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.oncotwin.process.TreatmentStepVariables;
import org.springframework.stereotype.Component;

/** Service task of TreatmentStep: the current receiving centre is not asked again for this step. */
@Component("excludeCentre")
class ExcludeCentreDelegate implements JavaDelegate {

    @Override
    public void execute(DelegateExecution execution) {
        TreatmentStepVariables.excludeReceivingCentre(execution);
    }
}

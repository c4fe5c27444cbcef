package org.oncotwin.pathway;

import static org.oncotwin.pathway.PathwayVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.hl7.fhir.r4.model.CarePlan.CarePlanActivityStatus;
import org.oncotwin.centre.Modality;
import org.springframework.stereotype.Component;

/**
 * Service task of TreatmentStep: mirror the step's progress in the pathway's CarePlan at the coordinating centre.
 * Input parameter {@code activityStatus}: a CarePlan activity status code, e.g. {@code completed}.
 */
@Component("updateCarePlanStep")
class UpdateCarePlanStepDelegate implements JavaDelegate {

    private final TumourBoardService board;

    UpdateCarePlanStepDelegate(TumourBoardService board) {
        this.board = board;
    }

    @Override
    public void execute(DelegateExecution execution) {
        board.updateStep(StepContexts.of(execution), (String) execution.getVariable(COORDINATING_CENTRE),
                (String) execution.getVariable(CARE_PLAN_ID), Modality.fromCode((String) execution.getVariable(MODALITY)),
                CarePlanActivityStatus.fromCode((String) execution.getVariableLocal("activityStatus")));
    }
}

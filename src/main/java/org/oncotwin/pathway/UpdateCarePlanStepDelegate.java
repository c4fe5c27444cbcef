package org.oncotwin.pathway;

import org.oncotwin.centre.CareStepKinds;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.hl7.fhir.r4.model.CarePlan.CarePlanActivityStatus;
import org.oncotwin.centre.Modality;
import org.oncotwin.fhir.StepContext;
import org.oncotwin.process.InputParameters;
import org.oncotwin.process.PathwayVariables;
import org.oncotwin.process.TreatmentStepVariables;
import org.springframework.stereotype.Component;

/**
 * Service task of TreatmentStep: mirror the step's progress in the pathway's CarePlan at the coordinating centre.
 * Input parameter {@code activityStatus}: a CarePlan activity status code, e.g. {@code completed}.
 */
@Component("updateCarePlanStep")
class UpdateCarePlanStepDelegate implements JavaDelegate {

    private final CareStepKinds kinds;
    private final TumourBoardService board;

    UpdateCarePlanStepDelegate(TumourBoardService board, CareStepKinds kinds) {
        this.board = board;
        this.kinds = kinds;
    }

    @Override
    public void execute(DelegateExecution execution) {
        board.updateStep(StepContext.of(execution), PathwayVariables.coordinatingCentre(execution),
                PathwayVariables.carePlanId(execution), kinds.require(TreatmentStepVariables.modality(execution)),
                CarePlanActivityStatus.fromCode(InputParameters.activityStatus(execution)));
    }
}

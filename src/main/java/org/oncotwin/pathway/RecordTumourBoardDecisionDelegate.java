package org.oncotwin.pathway;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.oncotwin.fhir.StepContext;
import org.oncotwin.process.PathwayVariables;
import org.oncotwin.process.TumourBoardVariables;
import org.springframework.stereotype.Component;

/** Service task: write the tumour board's decision (diagnosis, staging, planned steps) at the coordinating centre. */
@Component("recordTumourBoardDecision")
class RecordTumourBoardDecisionDelegate implements JavaDelegate {

    private final TumourBoardService board;
    private final TreatmentPlan plan;

    RecordTumourBoardDecisionDelegate(TumourBoardService board, TreatmentPlan plan) {
        this.board = board;
        this.plan = plan;
    }

    @Override
    public void execute(DelegateExecution execution) {
        int round = TumourBoardVariables.nextBoardRound(execution);
        var decision = new TumourBoardDecision(
                TumourBoardVariables.diagnosisCode(execution), TumourBoardVariables.diagnosisText(execution),
                TumourBoardVariables.tnmT(execution), TumourBoardVariables.tnmN(execution),
                TumourBoardVariables.tnmM(execution), TumourBoardVariables.ecog(execution),
                plan.modalities(execution));
        board.record(StepContext.of(execution), PathwayVariables.coordinatingCentre(execution),
                PathwayVariables.coordinatingPatientId(execution), PathwayVariables.carePlanId(execution), round,
                decision);
        TumourBoardVariables.boardRoundRecorded(execution, round);
    }
}

package org.oncotwin.pathway;

import static org.oncotwin.pathway.PathwayVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
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
        Object previous = execution.getVariable(BOARD_ROUND);
        int round = previous == null ? 1 : ((Number) previous).intValue() + 1;
        Object ecog = execution.getVariable(ECOG);
        var decision = new TumourBoardDecision(
                (String) execution.getVariable(DIAGNOSIS_CODE), (String) execution.getVariable(DIAGNOSIS_TEXT),
                (String) execution.getVariable(TNM_T), (String) execution.getVariable(TNM_N),
                (String) execution.getVariable(TNM_M),
                ecog == null ? null : Integer.valueOf(ecog.toString()),
                plan.modalities(execution));
        board.record(StepContexts.of(execution), (String) execution.getVariable(COORDINATING_CENTRE),
                (String) execution.getVariable(COORDINATING_PATIENT_ID), (String) execution.getVariable(CARE_PLAN_ID),
                round, decision);
        execution.setVariable(BOARD_ROUND, round);
    }
}

package org.oncotwin.pathway;

import org.oncotwin.process.TumourBoardVariables;
import org.oncotwin.centre.Modality;
import org.oncotwin.centre.CareStepKinds;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.oncotwin.centre.CentreDirectory;
import org.springframework.stereotype.Component;

/**
 * Start listener of a pathway: checks the intake (also when started from Tasklist's start form), fills in defaults
 * and makes the twin id the business key. Bad intake fails the start; nothing is persisted.
 */
@Component("checkReferralIntake")
class CheckReferralIntakeListener implements ExecutionListener {

    private final CentreDirectory centres;
    private final FormRules forms;

    private final CareStepKinds kinds;

    CheckReferralIntakeListener(CentreDirectory centres, FormRules forms, CareStepKinds kinds) {
        this.centres = centres;
        this.forms = forms;
        this.kinds = kinds;
    }

    @Override
    public void notify(DelegateExecution execution) {
        PathwayIntake intake = PathwayIntake.fromVariables(execution.getVariables(), execution.getProcessBusinessKey())
                .validated(centres, forms);
        execution.setVariables(intake.toVariables());
        TumourBoardVariables.kindsOffered(execution, kinds.all().stream().map(Modality::code).toList());
        if (!intake.twinId().equals(execution.getProcessBusinessKey())) {
            execution.setProcessBusinessKey(intake.twinId());
        }
    }
}

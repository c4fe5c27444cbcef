package org.oncotwin.pathway;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.oncotwin.process.TreatmentStepVariables;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Checks a completed task's form submission on the server, against the rules of its Camunda Form. Bad data is
 * refused with a message the user understands; the task stays open and nothing is written to any centre.
 */
@Component
class CheckSubmittedForm {

    private final FormRules rules;
    private final TreatmentPlan treatmentPlan;

    CheckSubmittedForm(FormRules rules, TreatmentPlan treatmentPlan) {
        this.rules = rules;
        this.treatmentPlan = treatmentPlan;
    }

    @Order(0)
    @EventListener(condition = "#task.eventName == '" + TaskListener.EVENTNAME_COMPLETE + "'")
    public void onComplete(DelegateTask task) {
        UserTask userTask = task.getBpmnModelElementInstance();
        String formId = userTask == null ? null : userTask.getCamundaFormRef();
        if (formId == null || !rules.knows(formId)) {
            return;
        }
        List<String> problems = new ArrayList<>(rules.problems(formId, task.getVariables()));
        problems.addAll(treatmentPlan.problems(task.getVariables()));
        problems.addAll(TreatmentStepVariables.identityChoiceProblems(task.getVariables()));
        if (!problems.isEmpty()) {
            throw new InvalidFormException(problems);
        }
    }

    /** Maps to HTTP 400 in the REST API; Tasklist shows the message. */
    static class InvalidFormException extends BadUserRequestException {
        InvalidFormException(List<String> problems) {
            super("Please correct the form: " + String.join("; ", problems));
        }
    }
}

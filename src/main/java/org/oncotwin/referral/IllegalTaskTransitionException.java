package org.oncotwin.referral;

import org.hl7.fhir.r4.model.Task.TaskStatus;

/** A referral Task status change the FHIR R4 task flow does not allow, e.g. completed → requested. */
public class IllegalTaskTransitionException extends IllegalStateException {

    public IllegalTaskTransitionException(String taskId, TaskStatus from, TaskStatus to) {
        super("Referral " + taskId + " cannot move from " + code(from) + " to " + code(to));
    }

    private static String code(TaskStatus status) {
        return status == null ? "no status" : status.toCode();
    }
}

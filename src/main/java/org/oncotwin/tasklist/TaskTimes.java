package org.oncotwin.tasklist;

import java.time.Duration;
import java.util.Date;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.oncotwin.process.PathwayVariables;
import org.oncotwin.process.TreatmentStepVariables;
import org.springframework.stereotype.Component;

/**
 * Due dates, follow-up dates and priorities of user tasks, for the models, e.g.
 * {@code camunda:dueDate="${taskTimes.due(execution, 'acceptWithin', 'P2D')}"}. A task is due when the model's own
 * timer for it fires (the same variable and default), so a task that comes back after "remind" is due again later;
 * its follow-up date, the reminder, is half way there. The engine's clock is used, as its timers use it.
 */
@Component("taskTimes")
public class TaskTimes {

    static final int ROUTINE = 50;
    static final int URGENT = 80;
    /** Added to an escalation's priority, and to a task that comes back after one. */
    static final int ESCALATED = 15;

    /** @param variable the variable holding the task's time (ISO-8601 duration), e.g. {@code acceptWithin} */
    public Date due(VariableScope scope, String variable, String fallback) {
        return Date.from(ClockUtil.now().toInstant().plus(within(scope, variable, fallback)));
    }

    public Date followUp(VariableScope scope, String variable, String fallback) {
        return Date.from(ClockUtil.now().toInstant().plus(within(scope, variable, fallback).dividedBy(2)));
    }

    /** Urgent before routine; an escalation, or a task that came back after one, above both of its kind. */
    public int priority(VariableScope scope, boolean escalation) {
        int priority = PathwayVariables.urgent(scope) ? URGENT : ROUTINE;
        return escalation || TreatmentStepVariables.escalated(scope) ? priority + ESCALATED : priority;
    }

    private static Duration within(VariableScope scope, String variable, String fallback) {
        return PathwayVariables.duration(scope, variable, Duration.parse(fallback));
    }
}

package org.oncotwin.pathway;

import java.time.Instant;
import java.util.List;

/**
 * One of a patient's pathways as a coordinator reads it: which model, its state and where it stands now.
 *
 * @param openSteps what the pathway and the treatment steps it called wait for now, oldest first
 */
public record PathwayOverview(String processInstanceId, String pathway, String name, String state, Instant started,
                              Instant ended, List<OpenStep> openSteps) {

    /**
     * @param name for a user task the task's own name (naming patient and centres), else the model's activity name
     * @param kind the BPMN element type, e.g. {@code userTask}, {@code receiveTask}, {@code intermediateTimer}
     */
    public record OpenStep(String name, String kind, Instant since, String processInstanceId) {
    }
}

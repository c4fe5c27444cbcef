package org.oncotwin.pathway;

import java.time.Instant;
import java.util.List;

/**
 * Where one pathway stands, for the pathway page: its treatment steps with their centres and referral statuses, the
 * tasks open now (with links into Tasklist) and the incidents.
 */
public record PathwayDetail(String processInstanceId, String twinId, String pathway, String name, String state,
                            Instant started, Instant ended, List<Step> steps, List<OpenTask> openTasks,
                            List<Incident> incidents) {

    /** @param answerBy the deadline of the centre's answer (while it has not answered) */
    public record Step(String processInstanceId, String kindOfCare, String receivingCentre, String referralStatus,
                       Instant answerBy, String state, Instant started, Instant ended) {
    }

    public record OpenTask(String taskId, String name, String assignee, Instant since, Instant due) {
    }

    public record Incident(String processInstanceId, String activityId, String message, Instant since) {
    }
}

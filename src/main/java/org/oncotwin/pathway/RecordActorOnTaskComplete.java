package org.oncotwin.pathway;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.oncotwin.process.PathwayVariables;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Remembers who completed a user task, so that the service task writing that decision to a centre names the user in
 * its Provenance (service tasks run later in a job, without the user's session).
 */
@Component
class RecordActorOnTaskComplete {

    @Order(1)
    @EventListener(condition = "#task.eventName == '" + TaskListener.EVENTNAME_COMPLETE + "'")
    public void onComplete(DelegateTask task) {
        Authentication authentication = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        String actor = authentication != null ? authentication.getUserId() : task.getAssignee();
        if (actor != null) {
            PathwayVariables.actorCompletedTask(task.getExecution(), actor);
        }
    }
}

package org.oncotwin.referral;

import static org.oncotwin.process.VariableNames.*;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.oncotwin.fhir.BusinessIdentifiers;
import org.oncotwin.fhir.CentreClients;
import org.oncotwin.process.TreatmentStepVariables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Applies a referral Task that a centre changed in its own system to the waiting TreatmentStep: each status the Task
 * went through since OncoTwin last knew it becomes the matching BPMN message, in order. An illegal transition
 * becomes an incident on the step (visible in Cockpit), never a message; an update no pathway waits for is logged.
 */
@Component
class CentreTaskUpdates {

    static final String INCIDENT_TYPE = "referralUpdate";
    private static final Logger log = LoggerFactory.getLogger(CentreTaskUpdates.class);

    enum Outcome { APPLIED, KNOWN, NOT_WAITING, ILLEGAL, UNMATCHED }

    private final RuntimeService runtime;
    private final TaskService tasks;
    private final HistoryService history;
    private final CentreClients clients;
    private final MeterRegistry meters;

    CentreTaskUpdates(RuntimeService runtime, TaskService tasks, HistoryService history,
                      CentreClients clients, MeterRegistry meters) {
        this.runtime = runtime;
        this.tasks = tasks;
        this.history = history;
        this.clients = clients;
        this.meters = meters;
    }

    Outcome apply(String centreId, Task task) {
        String taskId = task.getIdElement().toUnqualifiedVersionless().getValue();
        TaskStatus current = task.getStatus();
        Optional<ProcessInstance> waiting = stepThatSent(centreId, taskId, task);
        if (waiting.isEmpty()) {
            return unmatched(centreId, taskId, task, current);
        }
        ProcessInstance step = waiting.get();
        var knownReferral = TreatmentStepVariables.knownReferral(runtime, step.getId());
        TaskStatus known = TaskStatus.fromCode(knownReferral.status());
        Long knownVersion = TaskVersions.number(knownReferral.taskVersion());
        Long currentVersion = TaskVersions.number(task);
        if (current == known) {
            // not remembered as the step's version: writing to a step from here would race the step's own jobs
            return count(Outcome.KNOWN);
        }
        if (currentVersion != null && knownVersion != null && currentVersion <= knownVersion) {
            return count(Outcome.KNOWN);
        }
        TaskStatus previous = known;
        for (Task version : versionsAfter(centreId, task, known, knownVersion)) {
            TaskStatus next = version.getStatus();
            if (next == previous) {
                continue;
            }
            if (!TaskStatusFlow.isAllowed(previous, next) || next == TaskStatus.CANCELLED) {
                reportIllegal(step, taskId, version, previous, next);
                return count(Outcome.ILLEGAL);
            }
            var message = ReferralMessages.forStatus(next);
            try {
                if (message.isPresent()) {
                    var correlation = runtime.createMessageCorrelation(message.get()).processInstanceId(step.getId())
                            .setVariable(REFERRAL_TASK_VERSION, TaskVersions.versionOf(version))
                            .setVariable(REFERRAL_STATUS, next.toCode());
                    if (next == TaskStatus.REJECTED || next == TaskStatus.FAILED) {
                        correlation.setVariable(REJECTION_REASON, version.getStatusReason().getText());
                    }
                    if (next == TaskStatus.COMPLETED) {
                        correlation.setVariable(REPORTED_OUTPUTS,
                                String.join(",", ReferralMapping.outputReferences(version)));
                    }
                    correlation.correlateWithResult();
                } else {
                    runtime.setVariables(step.getId(), TaskVersions.versionAndStatus(version, next));
                }
            } catch (MismatchingMessageCorrelationException e) {
                log.info("Referral {} at {} is {} but step {} does not wait for it yet; trying again later", taskId,
                        centreId, next.toCode(), step.getId());
                return count(Outcome.NOT_WAITING);
            }
            log.info("Referral {} at {} moved {} -> {} in the centre's system; step {} follows", taskId, centreId,
                    previous.toCode(), next.toCode(), step.getId());
            previous = next;
        }
        return count(Outcome.APPLIED);
    }

    /**
     * The Task's versions after the last one with the status OncoTwin knew, oldest first. Read version by version
     * (newest back): a server's history bundle may be answered from a cached count and miss the newest versions.
     * When OncoTwin knows the version of its status, only the versions after it are read: none when the current one
     * is the next.
     */
    private List<Task> versionsAfter(String centreId, Task current, TaskStatus known, Long knownVersion) {
        List<Task> newer = new ArrayList<>();
        newer.add(current);
        for (Task version : TaskVersions.olderThan(clients, centreId, current, knownVersion)) {
            if (version.getStatus() == known) {
                break;
            }
            newer.add(0, version);
        }
        return newer;
    }

    private void reportIllegal(ProcessInstance step, String taskId, Task version, TaskStatus from, TaskStatus to) {
        String configuration = taskId + "/_history/" + version.getIdElement().getVersionIdPart();
        String message = "Centre moved referral " + taskId + " from " + from.toCode() + " to " + to.toCode()
                + ", which the referral flow does not allow; not applied. Clarify with the centre, then resolve.";
        log.warn("{} (step {})", message, step.getId());
        if (runtime.createIncidentQuery().incidentType(INCIDENT_TYPE).configuration(configuration).count() == 0) {
            // an incident belongs to an execution in an activity: the one of the task waiting for the centre
            String executionId = tasks.createTaskQuery().processInstanceId(step.getId()).list().stream()
                    .map(org.camunda.bpm.engine.task.Task::getExecutionId).findFirst().orElse(step.getId());
            runtime.createIncident(INCIDENT_TYPE, executionId, configuration, message);
        }
    }

    /**
     * The running step that sent this Task to this centre. The Task's OncoTwin identifier names the step that wrote it,
     * which is looked up by its id and counts only if the step's own record of its referral is this Task at this
     * centre (a centre cannot point a Task at another pathway); a Task without such an identifier is looked for among
     * the steps' variables, a query that grows with the number of running steps. Task ids repeat across centres, so
     * the centre is part of the match, and a status is never a match.
     */
    private Optional<ProcessInstance> stepThatSent(String centreId, String taskId, Task task) {
        Optional<String> named = BusinessIdentifiers.writingProcessInstance(task.getIdentifier());
        if (named.isEmpty()) {
            return runtime.createProcessInstanceQuery().variableValueEquals(REFERRAL_TASK_ID, taskId)
                    .variableValueEquals(RECEIVING_CENTRE, centreId).list().stream().findFirst();
        }
        return Optional.ofNullable(runtime.createProcessInstanceQuery().processInstanceId(named.get()).singleResult())
                .filter(step -> TreatmentStepVariables.sentReferral(runtime, step.getId())
                        .filter(sent -> taskId.equals(sent.taskId()) && centreId.equals(sent.receivingCentre()))
                        .isPresent());
    }

    /**
     * No running step waits for this Task at this centre. If a step that sent this very Task to this centre has ended,
     * the change came after it (known); any other Task is unmatched.
     */
    private Outcome unmatched(String centreId, String taskId, Task task, TaskStatus current) {
        Optional<String> named = BusinessIdentifiers.writingProcessInstance(task.getIdentifier());
        var endedSteps = history.createHistoricProcessInstanceQuery().finished()
                .variableValueEquals(REFERRAL_TASK_ID, taskId).variableValueEquals(RECEIVING_CENTRE, centreId);
        named.ifPresent(endedSteps::processInstanceId);
        long ended = endedSteps.count();
        if (ended == 0) {
            log.warn("Referral {} at centre {} changed to {}, but no pathway sent it; not applied", taskId,
                    centreId, current.toCode());
            return count(Outcome.UNMATCHED);
        }
        return count(Outcome.KNOWN);
    }

    private Outcome count(Outcome outcome) {
        meters.counter("oncotwin.referral.updates", "outcome", outcome.name().toLowerCase()).increment();
        return outcome;
    }
}

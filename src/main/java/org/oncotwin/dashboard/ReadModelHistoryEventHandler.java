package org.oncotwin.dashboard;

import static org.oncotwin.process.VariableNames.*;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.oncotwin.process.ProcessKeys;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.history.event.HistoricActivityInstanceEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricProcessInstanceEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.oncotwin.process.TreatmentStepVariables;
import org.oncotwin.referral.TaskStatusFlow;

/**
 * Keeps the dashboard's read model up to date from the engine's history events, in the engine's transaction: what
 * rolls back in the engine rolls back here. A pathway is a process instance without a parent; its stages and
 * outcome come from the model's {@code stage} and {@code outcome} properties; a referral is the
 * {@code referralStatus} variable of a TreatmentStep changing.
 */
class ReadModelHistoryEventHandler implements HistoryEventHandler {

    private final PathwayReadModel readModel;
    private final PathwayMetrics metrics;
    private final ModelProperties properties = new ModelProperties();
    private final Supplier<RuntimeService> runtime;

    ReadModelHistoryEventHandler(PathwayReadModel readModel, PathwayMetrics metrics, Supplier<RuntimeService> runtime) {
        this.readModel = readModel;
        this.metrics = metrics;
        this.runtime = runtime;
    }

    @Override
    public void handleEvent(HistoryEvent event) {
        if (event instanceof HistoricProcessInstanceEventEntity process) {
            onPathway(process);
        } else if (event instanceof HistoricActivityInstanceEventEntity activity) {
            onActivity(activity);
        } else if (event instanceof HistoricVariableUpdateEventEntity variable) {
            onVariable(variable);
        }
    }

    @Override
    public void handleEvents(List<HistoryEvent> events) {
        events.forEach(this::handleEvent);
    }

    private void onPathway(HistoricProcessInstanceEventEntity process) {
        if (process.getSuperProcessInstanceId() != null || process.getSuperCaseInstanceId() != null
                || !ProcessKeys.isPathway(process.getProcessDefinitionKey())) {
            return;
        }
        if (process.isEventOfType(HistoryEventTypes.PROCESS_INSTANCE_START)) {
            readModel.pathwayStarted(process.getProcessInstanceId(), process.getBusinessKey(),
                    process.getProcessDefinitionKey(), process.getStartTime().toInstant());
            metrics.started(process.getProcessDefinitionKey());
        } else if (process.isEventOfType(HistoryEventTypes.PROCESS_INSTANCE_END)) {
            String outcome = properties.of(process.getProcessDefinitionId(), process.getEndActivityId(), "outcome");
            if (outcome == null) {
                outcome = process.getEndActivityId() == null ? "cancelled" : "ended";
            }
            Instant endedAt = process.getEndTime() != null ? process.getEndTime().toInstant() : now();
            readModel.pathwayEnded(process.getProcessInstanceId(), outcome, endedAt);
            metrics.finished(process.getProcessDefinitionKey(), outcome);
        }
    }

    private void onActivity(HistoricActivityInstanceEventEntity activity) {
        if (!activity.isEventOfType(HistoryEventTypes.ACTIVITY_INSTANCE_START)
                || !activity.getProcessInstanceId().equals(activity.getRootProcessInstanceId())) {
            return;
        }
        String stage = properties.of(activity.getProcessDefinitionId(), activity.getActivityId(), "stage");
        if (stage != null) {
            readModel.stageEntered(activity.getProcessInstanceId(), stage, activity.getStartTime().toInstant());
        }
    }

    private void onVariable(HistoricVariableUpdateEventEntity variable) {
        if (!variable.isEventOfType(HistoryEventTypes.VARIABLE_INSTANCE_CREATE)
                && !variable.isEventOfType(HistoryEventTypes.VARIABLE_INSTANCE_UPDATE)) {
            return;
        }
        String instanceId = variable.getProcessInstanceId();
        boolean pathwayScope = instanceId != null && instanceId.equals(variable.getRootProcessInstanceId())
                && instanceId.equals(variable.getExecutionId());
        switch (variable.getVariableName()) {
            case COORDINATING_CENTRE -> {
                if (pathwayScope) {
                    readModel.coordinatingCentre(instanceId, variable.getTextValue());
                }
            }
            case URGENCY -> {
                if (pathwayScope) {
                    readModel.urgency(instanceId, "urgent".equals(variable.getTextValue()));
                }
            }
            case REFERRAL_STATUS -> {
                if (!pathwayScope && variable.getTextValue() != null) {
                    readModel.referralChanged(referralChange(variable));
                }
            }
            case REJECTION_REASON -> {
                if (!pathwayScope && variable.getTextValue() != null) {
                    readModel.reasonGiven(instanceId, variable.getTextValue());
                }
            }
            default -> {
            }
        }
    }

    /**
     * The referral's other facts are read from the step at the moment its status changes: the process contract
     * writes the status last. The status is always written by a job or by the watcher, never in a user's request,
     * so this nested read runs without a user's authorizations (it reuses the engine's command context).
     */
    private PathwayReadModel.ReferralChange referralChange(HistoricVariableUpdateEventEntity variable) {
        var facts = TreatmentStepVariables.referralFacts(runtime.get()
                .getVariables(variable.getProcessInstanceId(), TreatmentStepVariables.REFERRAL_FACT_NAMES));
        String status = variable.getTextValue();
        String reason = TaskStatusFlow.declinedCodes().contains(status) ? facts.rejectionReason() : null;
        return new PathwayReadModel.ReferralChange(variable.getProcessInstanceId(),
                variable.getRootProcessInstanceId(), facts.fromCentre(), facts.toCentre(), facts.modality(), status,
                reason, facts.acceptBy(), variable.getTimestamp().toInstant());
    }

    private static Instant now() {
        return ClockUtil.getCurrentTime().toInstant();
    }
}

package org.oncotwin.dashboard;

import static org.oncotwin.pathway.PathwayVariables.*;

import java.time.Instant;
import java.util.List;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.history.event.HistoricActivityInstanceEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricProcessInstanceEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;

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

    ReadModelHistoryEventHandler(PathwayReadModel readModel, PathwayMetrics metrics) {
        this.readModel = readModel;
        this.metrics = metrics;
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
        if (process.getSuperProcessInstanceId() != null || process.getSuperCaseInstanceId() != null) {
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

    private static PathwayReadModel.ReferralChange referralChange(HistoricVariableUpdateEventEntity variable) {
        ExecutionEntity step = Context.getCommandContext().getExecutionManager()
                .findExecutionById(variable.getProcessInstanceId());
        String status = variable.getTextValue();
        String reason = "rejected".equals(status) || "failed".equals(status)
                ? (String) step.getVariable(REJECTION_REASON) : null;
        Object acceptBy = step.getVariable(ACCEPT_BY);
        return new PathwayReadModel.ReferralChange(variable.getProcessInstanceId(),
                variable.getRootProcessInstanceId(), (String) step.getVariable(COORDINATING_CENTRE),
                (String) step.getVariable(RECEIVING_CENTRE), (String) step.getVariable(MODALITY), status, reason,
                acceptBy == null ? null : Instant.parse(acceptBy.toString()), variable.getTimestamp().toInstant());
    }

    private static Instant now() {
        return org.camunda.bpm.engine.impl.util.ClockUtil.getCurrentTime().toInstant();
    }
}

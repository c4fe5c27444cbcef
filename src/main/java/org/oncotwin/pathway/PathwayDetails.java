package org.oncotwin.pathway;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.oncotwin.process.VariableNames;
import org.springframework.stereotype.Service;

/** Reads where one pathway stands ({@link PathwayDetail}) from the engine's runtime and history. */
@Service
public class PathwayDetails {

    private final HistoryService history;
    private final RuntimeService runtime;
    private final TaskService tasks;

    PathwayDetails(HistoryService history, RuntimeService runtime, TaskService tasks) {
        this.history = history;
        this.runtime = runtime;
        this.tasks = tasks;
    }

    /** @return empty when there is no pathway (a process without a caller) with this id */
    public Optional<PathwayDetail> of(String processInstanceId) {
        HistoricProcessInstance pathway = history.createHistoricProcessInstanceQuery()
                .processInstanceId(processInstanceId).singleResult();
        if (pathway == null || pathway.getSuperProcessInstanceId() != null) {
            return Optional.empty();
        }
        List<HistoricProcessInstance> called = history.createHistoricProcessInstanceQuery()
                .superProcessInstanceId(processInstanceId).orderByProcessInstanceStartTime().asc().list();
        List<PathwayDetail.Step> steps = new ArrayList<>();
        for (HistoricProcessInstance step : called) {
            Map<String, Object> variables = new HashMap<>();
            history.createHistoricVariableInstanceQuery().processInstanceId(step.getId())
                    .variableNameIn(VariableNames.MODALITY, VariableNames.RECEIVING_CENTRE,
                            VariableNames.REFERRAL_STATUS, VariableNames.ACCEPT_BY).list()
                    .forEach(v -> variables.put(v.getName(), v.getValue()));
            String status = text(variables.get(VariableNames.REFERRAL_STATUS));
            String acceptBy = text(variables.get(VariableNames.ACCEPT_BY));
            boolean unanswered = "requested".equals(status) || "received".equals(status);
            steps.add(new PathwayDetail.Step(step.getId(), text(variables.get(VariableNames.MODALITY)),
                    text(variables.get(VariableNames.RECEIVING_CENTRE)), status,
                    unanswered && acceptBy != null ? Instant.parse(acceptBy) : null, step.getState(),
                    instant(step.getStartTime()), instant(step.getEndTime())));
        }
        List<String> instances = new ArrayList<>();
        instances.add(processInstanceId);
        called.forEach(step -> instances.add(step.getId()));
        List<PathwayDetail.OpenTask> open = tasks.createTaskQuery()
                .processInstanceIdIn(instances.toArray(String[]::new)).list().stream()
                .map(task -> new PathwayDetail.OpenTask(task.getId(), task.getName(), task.getAssignee(),
                        instant(task.getCreateTime()), instant(task.getDueDate())))
                .sorted(Comparator.comparing(PathwayDetail.OpenTask::since)).toList();
        List<PathwayDetail.Incident> incidents = new ArrayList<>();
        for (String instance : instances) {
            runtime.createIncidentQuery().processInstanceId(instance).list().forEach(incident ->
                    incidents.add(new PathwayDetail.Incident(instance, incident.getActivityId(),
                            incident.getIncidentMessage(), instant(incident.getIncidentTimestamp()))));
        }
        return Optional.of(new PathwayDetail(pathway.getId(), pathway.getBusinessKey(),
                pathway.getProcessDefinitionKey(), pathway.getProcessDefinitionName(), pathway.getState(),
                instant(pathway.getStartTime()), instant(pathway.getEndTime()), steps, open, incidents));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}

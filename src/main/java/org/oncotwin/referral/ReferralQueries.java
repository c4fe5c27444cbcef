package org.oncotwin.referral;

import static org.oncotwin.pathway.PathwayVariables.*;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.hl7.fhir.r4.model.Task;
import org.oncotwin.fhir.CentreCallException;
import org.oncotwin.fhir.CentreClients;
import org.springframework.stereotype.Service;

/** Finds referrals (TreatmentStep instances that sent one) for {@code /api/referrals}. */
@Service
public class ReferralQueries {

    private static final String TREATMENT_STEP = "TreatmentStep";
    private static final Set<String> AWAITING_ANSWER = Set.of("requested", "received");

    private final HistoryService history;
    private final CentreClients clients;
    private final Clock clock;

    ReferralQueries(HistoryService history, CentreClients clients, Clock clock) {
        this.history = history;
        this.clients = clients;
        this.clock = clock;
    }

    public record Filter(String status, String centre, Boolean overdue, int limit) {
    }

    /** Newest first. */
    public List<ReferralView> find(Filter filter) {
        List<HistoricProcessInstance> steps = history.createHistoricProcessInstanceQuery()
                .processDefinitionKey(TREATMENT_STEP).orderByProcessInstanceStartTime().desc()
                .listPage(0, Math.max(1, Math.min(filter.limit(), 1000)) * 4);
        List<ReferralView> found = new ArrayList<>();
        Map<String, Map<String, Object>> variables = variablesOf(steps);
        for (HistoricProcessInstance step : steps) {
            ReferralView view = view(step, variables.getOrDefault(step.getId(), Map.of()));
            if (view.taskId() != null && matches(view, filter)) {
                found.add(view);
            }
        }
        return found.stream().sorted(Comparator.comparing(ReferralView::started).reversed())
                .limit(filter.limit()).toList();
    }

    /** One referral with its Task's status history read from the receiving centre. */
    public Optional<ReferralView> get(String id) {
        HistoricProcessInstance step = history.createHistoricProcessInstanceQuery().processInstanceId(id)
                .processDefinitionKey(TREATMENT_STEP).singleResult();
        if (step == null) {
            return Optional.empty();
        }
        ReferralView view = view(step, variablesOf(List.of(step)).getOrDefault(id, Map.of()));
        if (view.taskId() == null) {
            return Optional.empty();
        }
        try {
            Task current = clients.call(view.toCentre(), "read " + view.taskId(),
                    client -> client.read().resource(Task.class).withId(view.taskId()).execute());
            List<Task> versions = TaskVersions.all(TaskVersions.olderThan(clients, view.toCentre(), current));
            java.util.Collections.reverse(versions);
            versions.add(current);
            List<ReferralView.StatusChange> changes = new ArrayList<>();
            versions.forEach(task -> {
                        String status = task.getStatus() == null ? null : task.getStatus().toCode();
                        if (changes.isEmpty() || !changes.get(changes.size() - 1).status().equals(status)) {
                            changes.add(new ReferralView.StatusChange(status,
                                    task.getMeta().getLastUpdated().toInstant(),
                                    task.getIdElement().getVersionIdPart(), task.getStatusReason().getText()));
                        }
                    });
            return Optional.of(view.withHistory(changes, null));
        } catch (CentreCallException e) {
            return Optional.of(view.withHistory(null, e.getMessage()));
        }
    }

    private ReferralView view(HistoricProcessInstance step, Map<String, Object> vars) {
        String status = (String) vars.get(REFERRAL_STATUS);
        Instant acceptBy = vars.get(ACCEPT_BY) == null ? null : Instant.parse((String) vars.get(ACCEPT_BY));
        boolean overdue = acceptBy != null && AWAITING_ANSWER.contains(status) && step.getEndTime() == null
                && acceptBy.isBefore(clock.instant());
        return new ReferralView(step.getId(), step.getBusinessKey(), step.getSuperProcessInstanceId(),
                (String) vars.get(COORDINATING_CENTRE), (String) vars.get(RECEIVING_CENTRE),
                (String) vars.get(MODALITY), (String) vars.get(REFERRAL_TASK_ID), status, acceptBy, overdue,
                step.getStartTime().toInstant(), step.getEndTime() == null ? null : step.getEndTime().toInstant(),
                null, null);
    }

    private static boolean matches(ReferralView view, Filter filter) {
        return (filter.status() == null || filter.status().equals(view.status()))
                && (filter.centre() == null || filter.centre().equals(view.toCentre())
                        || filter.centre().equals(view.fromCentre()))
                && (filter.overdue() == null || filter.overdue() == view.overdue());
    }

    private Map<String, Map<String, Object>> variablesOf(List<HistoricProcessInstance> steps) {
        Map<String, Map<String, Object>> byInstance = new HashMap<>();
        if (steps.isEmpty()) {
            return byInstance;
        }
        String[] ids = steps.stream().map(HistoricProcessInstance::getId).toArray(String[]::new);
        for (HistoricVariableInstance variable : history.createHistoricVariableInstanceQuery()
                .processInstanceIdIn(ids).variableNameIn(REFERRAL_STATUS, ACCEPT_BY, COORDINATING_CENTRE,
                        RECEIVING_CENTRE, MODALITY, REFERRAL_TASK_ID).list()) {
            if (variable.getValue() != null) {
                byInstance.computeIfAbsent(variable.getProcessInstanceId(), k -> new HashMap<>())
                        .put(variable.getName(), variable.getValue());
            }
        }
        return byInstance;
    }
}

package org.oncotwin.referral;

import static org.oncotwin.process.VariableNames.ACCEPT_BY;
import static org.oncotwin.process.VariableNames.REFERRAL_STATUS;
import static org.oncotwin.process.VariableNames.REFERRAL_TASK_ID;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstanceQuery;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.hl7.fhir.r4.model.Task;
import org.oncotwin.fhir.CentreCallException;
import org.oncotwin.fhir.CentreClients;
import org.oncotwin.process.ProcessKeys;
import org.oncotwin.process.TreatmentStepVariables;
import org.oncotwin.security.PatientAccess;
import org.springframework.stereotype.Service;

/** Finds referrals (TreatmentStep instances that sent one) for {@code /api/referrals}. */
@Service
public class ReferralQueries {

    private static final int MAX_LIMIT = 1000;
    private static final int MIN_PAGE = 50;

    private final HistoryService history;
    private final CentreClients clients;
    private final Clock clock;

    ReferralQueries(HistoryService history, CentreClients clients, Clock clock) {
        this.history = history;
        this.clients = clients;
        this.clock = clock;
    }

    /** @param scope the referrals the user may see (from or to which centres) */
    public record Filter(String status, String centre, Boolean overdue, int limit, PatientAccess.ReferralScope scope) {
    }

    /**
     * Newest first. Filters the database can apply (status, overdue) narrow the query; the rest is checked page by
     * page until {@code limit} referrals are found or none are left, so a selective filter never returns too few.
     */
    public List<ReferralView> find(Filter filter) {
        int limit = Math.max(1, Math.min(filter.limit(), MAX_LIMIT));
        Instant now = clock.instant();
        HistoricProcessInstanceQuery query = history.createHistoricProcessInstanceQuery()
                .processDefinitionKey(ProcessKeys.TREATMENT_STEP).variableValueLike(REFERRAL_TASK_ID, "%");
        if (filter.status() != null) {
            query.variableValueEquals(REFERRAL_STATUS, filter.status());
        }
        if (Boolean.TRUE.equals(filter.overdue())) {
            // ISO instants compare as text within one format: a bound one second later keeps every overdue one
            String bound = now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1).toString();
            query.unfinished().variableValueLessThan(ACCEPT_BY, bound);
        }
        query.orderByProcessInstanceStartTime().desc();
        int pageSize = Math.max(limit, MIN_PAGE);
        List<ReferralView> found = new ArrayList<>();
        for (int first = 0; found.size() < limit; first += pageSize) {
            List<HistoricProcessInstance> steps = query.listPage(first, pageSize);
            Map<String, Map<String, Object>> variables = variablesOf(steps);
            for (HistoricProcessInstance step : steps) {
                ReferralView view = view(step, variables.getOrDefault(step.getId(), Map.of()), now);
                if (view.taskId() != null && matches(view, filter) && found.size() < limit) {
                    found.add(view);
                }
            }
            if (steps.size() < pageSize) {
                break;
            }
        }
        return found;
    }

    /** One referral with its Task's status history read from the receiving centre. */
    public Optional<ReferralView> get(String id) {
        HistoricProcessInstance step = history.createHistoricProcessInstanceQuery().processInstanceId(id)
                .processDefinitionKey(ProcessKeys.TREATMENT_STEP).singleResult();
        if (step == null) {
            return Optional.empty();
        }
        ReferralView view = view(step, variablesOf(List.of(step)).getOrDefault(id, Map.of()), clock.instant());
        if (view.taskId() == null) {
            return Optional.empty();
        }
        try {
            Task current = clients.call(view.toCentre(), "read " + view.taskId(),
                    client -> client.read().resource(Task.class).withId(view.taskId()).execute());
            List<Task> versions = TaskVersions.all(TaskVersions.olderThan(clients, view.toCentre(), current));
            Collections.reverse(versions);
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

    private static ReferralView view(HistoricProcessInstance step, Map<String, Object> variables, Instant now) {
        var facts = TreatmentStepVariables.referralFacts(variables);
        boolean overdue = facts.acceptBy() != null && TaskStatusFlow.isAwaitingAnswer(facts.status())
                && step.getEndTime() == null && facts.acceptBy().isBefore(now);
        return new ReferralView(step.getId(), step.getBusinessKey(), step.getSuperProcessInstanceId(),
                facts.fromCentre(), facts.toCentre(), facts.modality(), facts.taskId(), facts.status(),
                facts.acceptBy(), overdue, step.getStartTime().toInstant(),
                step.getEndTime() == null ? null : step.getEndTime().toInstant(), null, null);
    }

    private static boolean matches(ReferralView view, Filter filter) {
        return filter.scope().covers(view.fromCentre(), view.toCentre())
                && (filter.status() == null || filter.status().equals(view.status()))
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
                .processInstanceIdIn(ids).variableNameIn(TreatmentStepVariables.REFERRAL_FACT_NAMES.toArray(String[]::new))
                .list()) {
            if (variable.getValue() != null) {
                byInstance.computeIfAbsent(variable.getProcessInstanceId(), k -> new HashMap<>())
                        .put(variable.getName(), variable.getValue());
            }
        }
        return byInstance;
    }
}

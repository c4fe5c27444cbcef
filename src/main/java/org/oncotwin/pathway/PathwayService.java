package org.oncotwin.pathway;

import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.oncotwin.centre.CentreDirectory;
import org.oncotwin.process.Messages;
import org.oncotwin.process.ProcessKeys;
import org.oncotwin.process.VariableNames;
import org.oncotwin.referral.ReferralHolds;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Service;

/** Starts oncology pathways and tells where they stand. */
@Service
public class PathwayService {

    private final RuntimeService runtime;
    private final HistoryService history;
    private final CentreDirectory centres;
    private final RepositoryService repository;
    private final FormRules forms;
    private final ReferralHolds holds;

    PathwayService(RuntimeService runtime, HistoryService history, CentreDirectory centres,
                   RepositoryService repository, FormRules forms, ReferralHolds holds) {
        this.holds = holds;
        this.runtime = runtime;
        this.history = history;
        this.centres = centres;
        this.repository = repository;
        this.forms = forms;
    }

    /**
     * The patient withdrew: open referrals are cancelled at the centres and the care plan revoked.
     *
     * @return false when there is no running pathway with this id
     */
    public boolean withdraw(String processInstanceId, String reason) {
        if (runtime.createProcessInstanceQuery().processInstanceId(processInstanceId).active().count() == 0) {
            return false;
        }
        runtime.createMessageCorrelation(Messages.PATIENT_WITHDREW).processInstanceId(processInstanceId)
                .setVariable(VariableNames.WITHDRAWAL_REASON, reason).correlateWithResult();
        return true;
    }

    /**
     * Puts the pathway on hold (nothing moves: no job runs, no task can be completed), including the treatment steps
     * it called, and sets their open referrals on hold at the centres with the reason.
     *
     * @return the centres told, or empty when there is no running pathway with this id
     * @throws org.oncotwin.referral.ReferralChangingException when a centre has just changed a referral (nothing is
     *         held then)
     */
    public Optional<ReferralHolds.CentresTold> hold(String processInstanceId, String actor, String reason) {
        if (runtime.createProcessInstanceQuery().processInstanceId(processInstanceId).count() == 0) {
            return Optional.empty();
        }
        List<String> steps = stepsOf(processInstanceId);
        holds.requireSettled(steps);
        var told = holds.hold(steps, actor, reason);
        suspension(processInstanceId, steps, true);
        return Optional.of(told);
    }

    /**
     * Resumes a pathway on hold; the referrals OncoTwin set on hold go back to the status they had (unless the centre
     * moved them on meanwhile).
     *
     * @return the centres told, or empty when there is no running pathway with this id
     */
    public Optional<ReferralHolds.CentresTold> resume(String processInstanceId, String actor) {
        if (runtime.createProcessInstanceQuery().processInstanceId(processInstanceId).count() == 0) {
            return Optional.empty();
        }
        List<String> steps = stepsOf(processInstanceId);
        // while the steps are still suspended: no job of theirs races the variables written here
        var told = holds.resume(steps, actor);
        suspension(processInstanceId, steps, false);
        return Optional.of(told);
    }

    private List<String> stepsOf(String processInstanceId) {
        return runtime.createProcessInstanceQuery().superProcessInstanceId(processInstanceId).list().stream()
                .map(ProcessInstance::getId).toList();
    }

    private void suspension(String processInstanceId, List<String> steps, boolean suspend) {
        var instances = new ArrayList<String>();
        instances.add(processInstanceId);
        instances.addAll(steps);
        for (String id : instances) {
            var update = runtime.updateProcessInstanceSuspensionState().byProcessInstanceId(id);
            if (suspend) {
                update.suspend();
            } else {
                update.activate();
            }
        }
    }

    public record StartedPathway(String twinId, String processInstanceId) {
    }

    public record PathwayState(String processInstanceId, String twinId, String processDefinitionKey, String state,
                               List<String> activeActivities, Map<String, Object> variables) {
    }

    /**
     * @param pathway the process definition key of the pathway model, e.g. {@code OncologyPathway}
     * @throws InvalidIntakeException when the intake has problems; nothing is started then
     * @throws UnknownPathwayException when no such pathway model is deployed
     * @throws PathwayAlreadyRunningException when the patient already has a running pathway of this model
     */
    public StartedPathway start(String pathway, PathwayIntake intake) {
        PathwayIntake valid = intake.validated(centres, forms);
        if (repository.createProcessDefinitionQuery().processDefinitionKey(pathway).latestVersion().count() == 0
                || !ProcessKeys.isPathway(pathway)) {
            throw new UnknownPathwayException(pathway);
        }
        runtime.createProcessInstanceQuery().processDefinitionKey(pathway).processInstanceBusinessKey(valid.twinId())
                .list().stream().findFirst().ifPresent(running -> {
                    throw new PathwayAlreadyRunningException(pathway, valid.twinId(), running.getId());
                });
        var instance = runtime.createProcessInstanceByKey(pathway)
                .businessKey(valid.twinId())
                .setVariables(valid.toVariables())
                .execute();
        return new StartedPathway(valid.twinId(), instance.getId());
    }

    /** The patient's pathways, newest first; the treatment steps they called show as the pathway's open steps. */
    public List<PathwayOverview> ofPatient(String twinId) {
        var instances = history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(twinId).list();
        Map<String, String> taskNames = new HashMap<>();
        history.createHistoricTaskInstanceQuery().processInstanceBusinessKey(twinId).unfinished().list()
                .forEach(task -> taskNames.put(task.getActivityInstanceId(), task.getName()));
        var overviews = new ArrayList<PathwayOverview>();
        for (HistoricProcessInstance pathway : instances) {
            if (pathway.getSuperProcessInstanceId() != null) {
                continue;
            }
            var open = new ArrayList<PathwayOverview.OpenStep>();
            instances.stream().filter(i -> pathway.getId().equals(i.getRootProcessInstanceId()))
                    .forEach(instance -> history.createHistoricActivityInstanceQuery()
                            .processInstanceId(instance.getId()).unfinished().list().stream()
                            .filter(activity -> !"callActivity".equals(activity.getActivityType()))
                            .map(activity -> openStep(activity, taskNames))
                            .filter(step -> step.name() != null)
                            .forEach(open::add));
            open.sort(Comparator.comparing(PathwayOverview.OpenStep::since));
            overviews.add(new PathwayOverview(pathway.getId(), pathway.getProcessDefinitionKey(),
                    pathway.getProcessDefinitionName(), pathway.getState(), instant(pathway.getStartTime()),
                    instant(pathway.getEndTime()), open));
        }
        overviews.sort(Comparator.comparing(PathwayOverview::started).reversed());
        return overviews;
    }

    private static PathwayOverview.OpenStep openStep(HistoricActivityInstance activity, Map<String, String> taskNames) {
        String name = taskNames.getOrDefault(activity.getId(), activity.getActivityName());
        return new PathwayOverview.OpenStep(name, activity.getActivityType(), instant(activity.getStartTime()),
                activity.getProcessInstanceId());
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    public Optional<PathwayState> find(String processInstanceId) {
        HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery()
                .processInstanceId(processInstanceId).singleResult();
        if (instance == null) {
            return Optional.empty();
        }
        List<String> active = history.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId)
                .unfinished().list().stream().map(HistoricActivityInstance::getActivityId).toList();
        var variables = new TreeMap<String, Object>();
        history.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId).list().stream()
                .filter(v -> v.getValue() != null)
                .forEach((HistoricVariableInstance v) -> variables.put(v.getName(), v.getValue()));
        return Optional.of(new PathwayState(instance.getId(), instance.getBusinessKey(),
                instance.getProcessDefinitionKey(), instance.getState(), active, variables));
    }
}

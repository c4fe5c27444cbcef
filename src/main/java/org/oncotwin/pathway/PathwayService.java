package org.oncotwin.pathway;

import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.oncotwin.centre.CentreDirectory;
import org.springframework.stereotype.Service;

/** Starts oncology pathways and tells where they stand. */
@Service
public class PathwayService {

    public static final String ONCOLOGY_PATHWAY = "OncologyPathway";

    private final RuntimeService runtime;
    private final HistoryService history;
    private final CentreDirectory centres;

    PathwayService(RuntimeService runtime, HistoryService history, CentreDirectory centres) {
        this.runtime = runtime;
        this.history = history;
        this.centres = centres;
    }

    public record StartedPathway(String twinId, String processInstanceId) {
    }

    public record PathwayState(String processInstanceId, String twinId, String processDefinitionKey, String state,
                               List<String> activeActivities, java.util.Map<String, Object> variables) {
    }

    /** @throws InvalidIntakeException when the intake has problems; nothing is started then */
    public StartedPathway start(PathwayIntake intake) {
        PathwayIntake valid = intake.validated(centres);
        var instance = runtime.createProcessInstanceByKey(ONCOLOGY_PATHWAY)
                .businessKey(valid.twinId())
                .setVariables(valid.toVariables())
                .execute();
        return new StartedPathway(valid.twinId(), instance.getId());
    }

    public Optional<PathwayState> find(String processInstanceId) {
        HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery()
                .processInstanceId(processInstanceId).singleResult();
        if (instance == null) {
            return Optional.empty();
        }
        List<String> active = history.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId)
                .unfinished().list().stream().map(HistoricActivityInstance::getActivityId).toList();
        var variables = new java.util.TreeMap<String, Object>();
        history.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId).list().stream()
                .filter(v -> v.getValue() != null)
                .forEach((HistoricVariableInstance v) -> variables.put(v.getName(), v.getValue()));
        return Optional.of(new PathwayState(instance.getId(), instance.getBusinessKey(),
                instance.getProcessDefinitionKey(), instance.getState(), active, variables));
    }
}

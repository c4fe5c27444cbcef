package org.oncotwin.dashboard;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;

/**
 * The {@code camunda:properties} a pathway model puts on its elements, e.g. {@code stage} on the activities that
 * open a stage and {@code outcome} on end events (see docs/pathways.md). Read from the engine's deployment cache
 * once per element and kept; a process definition never changes once deployed.
 */
class ModelProperties {

    private final Map<String, Map<String, String>> byElement = new ConcurrentHashMap<>();

    /** Must be called inside an engine command (a history event handler is). */
    String of(String processDefinitionId, String elementId, String name) {
        if (elementId == null) {
            return null;
        }
        return byElement.computeIfAbsent(processDefinitionId + "#" + elementId,
                key -> read(processDefinitionId, elementId)).get(name);
    }

    private static Map<String, String> read(String processDefinitionId, String elementId) {
        var model = Context.getProcessEngineConfiguration().getDeploymentCache()
                .findBpmnModelInstanceForProcessDefinition(processDefinitionId);
        if (model == null || !(model.getModelElementById(elementId) instanceof BaseElement element)
                || element.getExtensionElements() == null) {
            return Map.of();
        }
        return element.getExtensionElements().getElementsQuery().filterByType(CamundaProperties.class).list()
                .stream()
                .flatMap(properties -> properties.getCamundaProperties().stream())
                .filter(property -> property.getCamundaName() != null && property.getCamundaValue() != null)
                .collect(Collectors.toMap(CamundaProperty::getCamundaName, CamundaProperty::getCamundaValue,
                        (first, second) -> first));
    }
}

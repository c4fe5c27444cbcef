package org.oncotwin.pathway;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.oncotwin.centre.CareStepKinds;
import org.oncotwin.process.InputParameters;
import org.oncotwin.process.Messages;
import org.oncotwin.process.ProcessKeys;
import org.oncotwin.process.VariableNames;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.stereotype.Component;

/**
 * Checks every BPMN model when it is deployed (at start from {@code processes/}, or through the REST API, Cockpit or
 * Modeler), so that a mistake is refused with a message naming the element, not found when a patient's step fails:
 * <ul>
 *   <li>a delegate expression {@code ${name}} names a bean OncoTwin has; a {@code camunda:class} exists;</li>
 *   <li>a TreatmentStep call passes named inputs through {@code ${treatmentStepInputs}}, not all variables, and
 *   its {@code modality}, if literal, names a configured kind of care;</li>
 *   <li>a form reference names a form of the same deployment (binding {@code deployment}) or one deployed;</li>
 *   <li>a message {@code Msg_*} is one OncoTwin sends or correlates;</li>
 *   <li>a building block gets the inputs it needs, with allowed values.</li>
 * </ul>
 * Refusal is a {@link BadUserRequestException}: HTTP 400 with all problems from the REST API; a failed start.
 */
@Component
class ModelChecks extends AbstractProcessEnginePlugin {

    private static final Pattern DELEGATE_BEAN = Pattern.compile("^\\s*[$#]\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}\\s*$");
    private static final Pattern LITERAL = Pattern.compile("^\\s*[$#]\\{\\s*'([^']*)'\\s*}\\s*$");
    private static final Set<String> MESSAGES = Set.of(Messages.PATIENT_WITHDREW, Messages.REFERRAL_ACCEPTED,
            Messages.REFERRAL_REJECTED, Messages.TREATMENT_STARTED, Messages.STEP_COMPLETED, Messages.STEP_FAILED);
    /** Inputs a building block needs, with their allowed values (empty: any). */
    private static final Map<String, Map<String, Set<String>>> REQUIRED_INPUTS = Map.of(
            "updateReferralStatus", Map.of(InputParameters.TARGET_STATUS,
                    Set.of("received", "accepted", "rejected", "in-progress", "completed", "failed", "cancelled",
                            "on-hold")),
            "closeCarePlan", Map.of(InputParameters.CARE_PLAN_OUTCOME, Set.of("completed", "revoked")),
            "updateCarePlanStep", Map.of(InputParameters.ACTIVITY_STATUS,
                    Set.of("not-started", "scheduled", "in-progress", "on-hold", "completed", "cancelled",
                            "stopped")));

    private final ListableBeanFactory beans;
    private final CareStepKinds kinds;
    private final ObjectMapper json = new ObjectMapper();

    ModelChecks(ListableBeanFactory beans, CareStepKinds kinds) {
        this.beans = beans;
        this.kinds = kinds;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        var listeners = new ArrayList<>(configuration.getCustomPostBPMNParseListeners() == null ? List.of()
                : configuration.getCustomPostBPMNParseListeners());
        listeners.add(new AbstractBpmnParseListener() {
            @Override
            public void parseRootElement(Element root, List<ProcessDefinitionEntity> definitions) {
                check(root, definitions);
            }
        });
        configuration.setCustomPostBPMNParseListeners(listeners);
    }

    private void check(Element root, List<ProcessDefinitionEntity> definitions) {
        DeploymentEntity deployment = definitions.isEmpty() ? null : Context.getCommandContext()
                .getDeploymentManager().findDeploymentById(definitions.get(0).getDeploymentId());
        if (deployment == null || !deployment.isNew()) {
            // the engine parses deployed models again when its cache misses them (a restart, another node): they
            // were checked when deployed, and refusing one now would strand the patients on it
            return;
        }
        Set<String> formsInDeployment = formsOf(deployment);
        List<String> problems = new ArrayList<>();
        walk(root, null, formsInDeployment, problems);
        if (!problems.isEmpty()) {
            String processes = definitions.stream().map(ProcessDefinitionEntity::getKey).toList().toString();
            throw new BadUserRequestException("Model of process " + processes + " refused: "
                    + String.join("; ", problems));
        }
    }

    private void walk(Element element, String activityId, Set<String> forms, List<String> problems) {
        String id = element.attribute("id") != null ? element.attribute("id") : activityId;
        String where = id == null ? element.getTagName() : element.getTagName() + " '" + id + "'";
        String delegate = element.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "delegateExpression");
        if (delegate != null) {
            Matcher bean = DELEGATE_BEAN.matcher(delegate);
            if (bean.matches() && !beans.containsBean(bean.group(1))) {
                problems.add(where + ": delegate expression " + delegate + " names no building block of OncoTwin");
            } else if (bean.matches() && REQUIRED_INPUTS.containsKey(bean.group(1))) {
                checkInputs(element, where, REQUIRED_INPUTS.get(bean.group(1)), problems);
            }
        }
        String className = element.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "class");
        if (className != null && !loadable(className)) {
            problems.add(where + ": class " + className + " does not exist");
        }
        if ("callActivity".equals(element.getTagName())
                && ProcessKeys.TREATMENT_STEP.equals(element.attribute("calledElement"))) {
            checkTreatmentStepCall(element, where, problems);
        }
        String formRef = element.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "formRef");
        if (formRef != null && !formRef.contains("${") && !formRef.contains("#{")) {
            String binding = element.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "formRefBinding");
            boolean inDeployment = forms.contains(formRef);
            if ("deployment".equals(binding) && !inDeployment) {
                problems.add(where + ": form '" + formRef + "' is not in the same deployment (deploy the .form file "
                        + "with the model)");
            } else if (!inDeployment && !formDeployed(formRef)) {
                problems.add(where + ": form '" + formRef + "' is neither in this deployment nor deployed");
            }
        }
        if ("message".equals(element.getTagName())) {
            String name = element.attribute("name");
            if (name != null && name.startsWith("Msg_") && !MESSAGES.contains(name)) {
                problems.add(where + ": message '" + name + "' is not one OncoTwin sends; known: "
                        + MESSAGES.stream().sorted().toList());
            }
        }
        for (Element child : element.elements()) {
            walk(child, id, forms, problems);
        }
    }

    /** Named inputs only (the pathway's context through {@link TreatmentStepInputs}), and a configured kind. */
    private void checkTreatmentStepCall(Element callActivity, String where, List<String> problems) {
        String mapping = callActivity.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS,
                "variableMappingDelegateExpression");
        if (mapping == null || !mapping.replace(" ", "").equals("${" + TreatmentStepInputs.NAME + "}")) {
            problems.add(where + ": a TreatmentStep call needs camunda:variableMappingDelegateExpression=\"${"
                    + TreatmentStepInputs.NAME + "}\" (it passes the pathway's context)");
        }
        Element extensions = callActivity.element("extensionElements");
        List<Element> ins = extensions == null ? List.of()
                : extensions.elementsNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "in");
        if (ins.stream().anyMatch(in -> "all".equals(in.attribute("variables")))) {
            problems.add(where + ": a TreatmentStep call must not pass all variables (camunda:in variables=\"all\"); "
                    + "pass what the step needs by name");
        }
        if (ins.stream().noneMatch(in -> VariableNames.MODALITY.equals(in.attribute("target")))) {
            problems.add(where + ": a TreatmentStep call needs the input 'modality' (camunda:in target=\"modality\")");
        }
        for (Element in : ins) {
            if (VariableNames.MODALITY.equals(in.attribute("target"))) {
                String source = in.attribute("sourceExpression");
                Matcher literal = source == null ? null : LITERAL.matcher(source);
                if (literal != null && literal.matches() && !kinds.contains(literal.group(1))) {
                    problems.add(where + ": kind of care '" + literal.group(1) + "' is not configured (configured: "
                            + kinds.all().stream().map(k -> k.code()).toList()
                            + "; add it under oncotwin.care-steps)");
                }
            }
        }
    }

    private static void checkInputs(Element task, String where, Map<String, Set<String>> required,
                                    List<String> problems) {
        Element extensions = task.element("extensionElements");
        Element io = extensions == null ? null
                : extensions.elementNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "inputOutput");
        Map<String, String> given = new HashMap<>();
        if (io != null) {
            for (Element input : io.elementsNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "inputParameter")) {
                given.put(input.attribute("name"), input.getText() == null ? "" : input.getText().trim());
            }
        }
        required.forEach((name, allowed) -> {
            if (!given.containsKey(name)) {
                problems.add(where + ": input parameter '" + name + "' is missing (one of " + allowed + ")");
            } else if (!allowed.isEmpty() && !given.get(name).contains("${") && !allowed.contains(given.get(name))) {
                problems.add(where + ": input parameter '" + name + "' is '" + given.get(name) + "', not one of "
                        + allowed);
            }
        });
    }

    /** The ids of the Camunda Forms deployed together with the model. */
    private Set<String> formsOf(DeploymentEntity deployment) {
        Set<String> ids = new HashSet<>();
        if (deployment.getResources() == null) {
            return ids;
        }
        for (ResourceEntity resource : deployment.getResources().values()) {
            if (resource.getName().endsWith(".form")) {
                try {
                    var id = json.readTree(new String(resource.getBytes(), StandardCharsets.UTF_8)).path("id");
                    if (id.isTextual()) {
                        ids.add(id.asText());
                    }
                } catch (Exception unreadable) {
                    // Camunda's own form deployer refuses an unreadable form with its message
                }
            }
        }
        return ids;
    }

    private static boolean formDeployed(String formKey) {
        return Context.getCommandContext().getCamundaFormDefinitionManager().findLatestDefinitionByKey(formKey) != null;
    }

    private static boolean loadable(String className) {
        try {
            Class<?> type = Class.forName(className, false, ModelChecks.class.getClassLoader());
            return !Modifier.isAbstract(type.getModifiers());
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}

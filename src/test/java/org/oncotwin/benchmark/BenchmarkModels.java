package org.oncotwin.benchmark;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Pathway models only the benchmarks deploy (not startable in Tasklist): a pathway of treatment steps in sequence,
 * and a single referral step to time one step on its own.
 */
public final class BenchmarkModels {

    public static final String PATHWAY = "BenchmarkPathway";
    static final String SEND_REFERRAL = "BenchmarkSendReferral";
    static final List<String> MODALITIES = List.of("imaging", "surgery", "radiotherapy", "chemotherapy",
            "immunotherapy");

    private BenchmarkModels() {
    }

    /** Register the patient, then {@code steps} TreatmentSteps in sequence (modalities in turn). */
    public static String pathway(int steps) {
        String activities = IntStream.range(0, steps).mapToObj(i -> """
                <bpmn:callActivity id="Step%1$d" calledElement="TreatmentStep" camunda:calledElementBinding="latest" camunda:variableMappingDelegateExpression="${treatmentStepInputs}">
                  <bpmn:extensionElements><camunda:properties><camunda:property name="stage" value="treatment" /></camunda:properties><camunda:in businessKey="#{execution.processBusinessKey}" /><camunda:in sourceExpression="${'%2$s'}" target="modality" /><camunda:in source="clinicalSummary" target="clinicalSummary" /><camunda:in source="relevantFindings" target="relevantFindings" /></bpmn:extensionElements>
                </bpmn:callActivity>
                <bpmn:sequenceFlow id="Flow%1$d" sourceRef="%3$s" targetRef="Step%1$d" />
                """.formatted(i, MODALITIES.get(i % MODALITIES.size()), i == 0 ? "Register" : "Step" + (i - 1)))
                .collect(Collectors.joining());
        return definitions(PATHWAY, """
                <bpmn:startEvent id="Start">
                  <bpmn:extensionElements><camunda:executionListener delegateExpression="${checkReferralIntake}" event="start" /></bpmn:extensionElements>
                </bpmn:startEvent>
                <bpmn:sequenceFlow id="FlowStart" sourceRef="Start" targetRef="Register" />
                <bpmn:serviceTask id="Register" camunda:asyncBefore="true" camunda:delegateExpression="${registerPatient}">
                  <bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="plannedSteps">%s</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>
                </bpmn:serviceTask>
                %s
                <bpmn:endEvent id="End"><bpmn:extensionElements><camunda:properties><camunda:property name="outcome" value="completed" /></camunda:properties></bpmn:extensionElements></bpmn:endEvent>
                <bpmn:sequenceFlow id="FlowEnd" sourceRef="Step%d" targetRef="End" />
                """.formatted(String.join(",", MODALITIES.subList(0, Math.min(steps, MODALITIES.size()))),
                activities, steps - 1));
    }

    /** One asynchronous Send referral service task: its job is the step the overhead is measured on. */
    static String sendReferral() {
        return definitions(SEND_REFERRAL, """
                <bpmn:startEvent id="Start" />
                <bpmn:sequenceFlow id="Flow1" sourceRef="Start" targetRef="Task_SendReferral" />
                <bpmn:serviceTask id="Task_SendReferral" camunda:asyncBefore="true" camunda:delegateExpression="${sendReferral}" />
                <bpmn:sequenceFlow id="Flow2" sourceRef="Task_SendReferral" targetRef="End" />
                <bpmn:endEvent id="End" />
                """);
    }

    private static String definitions(String processId, String body) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_%1$s" targetNamespace="http://oncotwin.org/bpmn/benchmark">
                  <bpmn:process id="%1$s" isExecutable="true" camunda:historyTimeToLive="P1D" camunda:isStartableInTasklist="false">
                %2$s
                  </bpmn:process>
                </bpmn:definitions>
                """.formatted(processId, body);
    }
}

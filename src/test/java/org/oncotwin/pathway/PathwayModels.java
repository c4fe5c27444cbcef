package org.oncotwin.pathway;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.oncotwin.centre.CentreDirectory;
import org.oncotwin.centre.CentreProperties;
import org.oncotwin.centre.CentreTestSupport;

/**
 * The process-test harness: every delegate that calls a centre is a Mockito mock; the intake check, the centre
 * selection (with the real DMN) and the treatment plan are the real ones.
 */
public final class PathwayModels {

    public static final String[] RESOURCES = {"oncology-pathway.bpmn", "treatment-step.bpmn",
            "neoadjuvant-pathway.bpmn", "centre-selection.dmn", "referral-intake.form", "handover.form",
            "referral-answer.form", "treatment-start.form", "step-outcome.form", "escalation.form",
            "escalation-late.form", "tumour-board.form", "follow-up.form", "step-problem.form"};

    static final List<String> FHIR_DELEGATES = List.of("registerPatient", "sendReferral", "updateReferralStatus",
            "recordOutcome", "importOutcome", "closeCarePlan", "recordTumourBoardDecision", "updateCarePlanStep",
            "cancelOpenReferrals");

    private final Map<String, JavaDelegate> mocks = new HashMap<>();

    public PathwayModels(ProcessEngine engine) {
        init(engine);
        CentreDirectory centres = CentreTestSupport.demoDirectory();
        for (String name : FHIR_DELEGATES) {
            JavaDelegate delegate = org.mockito.Mockito.mock(JavaDelegate.class);
            mocks.put(name, delegate);
            Mocks.register(name, delegate);
        }
        Mocks.register("checkReferralIntake", new CheckReferralIntakeListener(centres));
        Mocks.register("treatmentPlan", new TreatmentPlan());
        CentreTestSupport.registerSelection(centres, engine.getDecisionService());
    }

    public JavaDelegate mock(String name) {
        return mocks.get(name);
    }

    public static CentreDirectory centres() {
        return CentreTestSupport.demoDirectory();
    }

    public static Map<String, Object> intake() {
        Map<String, Object> variables = new HashMap<>();
        variables.put("patientFamilyName", "Novak");
        variables.put("patientGivenName", "Jana");
        variables.put("patientBirthDate", "1961-04-23");
        variables.put("patientGender", "female");
        variables.put("patientMrn", "LE-000123");
        variables.put("referralReason", "Suspected skull base chordoma");
        return variables;
    }

    /** The TreatmentStep instance a pathway called and that is still running (exactly one). */
    public static ProcessInstance runningStep(ProcessInstance pathway) {
        return runtimeService().createProcessInstanceQuery().superProcessInstanceId(pathway.getId()).singleResult();
    }

    /** Runs a called TreatmentStep through its Tasklist happy path. */
    public static void completeStepInTasklist(ProcessInstance step) {
        assertThat(step).isWaitingAt("Task_Handover");
        complete(task("Task_Handover", step), withVariables("clinicalSummary", "Summary", "urgency", "routine"));
        execute(jobQuery().processInstanceId(step.getId()).singleResult());
        complete(task("Task_AnswerReferral", step), withVariables("referralDecision", "accepted"));
        execute(jobQuery().processInstanceId(step.getId()).singleResult());
        complete(task("Task_ConfirmTreatmentStart", step), withVariables("treatmentStartDate", "2026-12-01"));
        execute(jobQuery().processInstanceId(step.getId()).singleResult());
        complete(task("Task_ReportOutcome", step), withVariables("procedurePerformed", "Done",
                "procedureDate", "2026-12-20"));
        execute(jobQuery().processInstanceId(step.getId()).singleResult());
        execute(jobQuery().processInstanceId(step.getId()).singleResult());
        assertThat(step).isEnded();
    }

    public static Task taskOf(ProcessInstance instance, String key) {
        return task(key, instance);
    }
}

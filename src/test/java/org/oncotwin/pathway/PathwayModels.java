package org.oncotwin.pathway;

import org.oncotwin.centre.CareStepKinds;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;
import static org.oncotwin.process.Activities.*;
import static org.oncotwin.process.VariableNames.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.mockito.Mockito;
import org.oncotwin.centre.CentreDirectory;
import org.oncotwin.centre.CentreProperties;
import org.oncotwin.tasklist.TaskText;
import org.oncotwin.tasklist.TaskTimes;
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

    static final List<String> FHIR_DELEGATES = List.of("registerPatient", "prepareHandover", "findPatientAtCentre", "sendReferral",
            "updateReferralStatus", "recordOutcome", "importOutcome", "closeCarePlan", "recordTumourBoardDecision", "updateCarePlanStep",
            "cancelOpenReferrals");

    private final Map<String, JavaDelegate> mocks = new HashMap<>();

    public PathwayModels(ProcessEngine engine) {
        init(engine);
        CentreDirectory centres = CentreTestSupport.demoDirectory();
        for (String name : FHIR_DELEGATES) {
            JavaDelegate delegate = Mockito.mock(JavaDelegate.class);
            mocks.put(name, delegate);
            Mocks.register(name, delegate);
        }
        Mocks.register("checkReferralIntake", new CheckReferralIntakeListener(centres, formRules(), CareStepKinds.shipped()));
        Mocks.register("treatmentPlan", new TreatmentPlan(CareStepKinds.shipped()));
        Mocks.register("taskText", new TaskText(centres));
        Mocks.register("taskTimes", new TaskTimes());
        Mocks.register(TreatmentStepInputs.NAME, new TreatmentStepInputs(CareStepKinds.shipped()));
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
        variables.put(PATIENT_FAMILY_NAME, "Novak");
        variables.put(PATIENT_GIVEN_NAME, "Jana");
        variables.put(PATIENT_BIRTH_DATE, "1961-04-23");
        variables.put(PATIENT_GENDER, "female");
        variables.put(PATIENT_MRN, "LE-000123");
        variables.put(REFERRAL_REASON, "Suspected skull base chordoma");
        return variables;
    }

    /** The TreatmentStep instance a pathway called and that is still running (exactly one). */
    public static ProcessInstance runningStep(ProcessInstance pathway) {
        return runtimeService().createProcessInstanceQuery().superProcessInstanceId(pathway.getId()).singleResult();
    }

    /** Runs a called TreatmentStep through its Tasklist happy path. */
    public static void completeStepInTasklist(ProcessInstance step) {
        assertThat(step).isWaitingAt(HANDOVER);
        complete(task(HANDOVER, step), withVariables(CLINICAL_SUMMARY, "Summary", URGENCY, "routine"));
        execute(jobQuery().processInstanceId(step.getId()).singleResult()); // find the patient at the centre
        execute(jobQuery().processInstanceId(step.getId()).singleResult());
        complete(task(ANSWER_REFERRAL, step), withVariables(REFERRAL_DECISION, "accepted"));
        execute(jobQuery().processInstanceId(step.getId()).singleResult());
        complete(task(CONFIRM_TREATMENT_START, step), withVariables("treatmentStartDate", "2026-12-01"));
        execute(jobQuery().processInstanceId(step.getId()).singleResult());
        complete(task(REPORT_OUTCOME, step), withVariables(PROCEDURE_PERFORMED, "Done",
                PROCEDURE_DATE, "2026-12-20"));
        execute(jobQuery().processInstanceId(step.getId()).singleResult());
        execute(jobQuery().processInstanceId(step.getId()).singleResult());
        assertThat(step).isEnded();
    }

    public static Task taskOf(ProcessInstance instance, String key) {
        return task(key, instance);
    }

    /** The rules of the forms OncoTwin ships, read from the forms themselves. */
    public static FormRules formRules() {
        try {
            return new FormRules(new ObjectMapper(), new ValueSets());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

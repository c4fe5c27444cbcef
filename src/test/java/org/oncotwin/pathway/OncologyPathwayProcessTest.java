package org.oncotwin.pathway;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.*;

import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.oncotwin.centre.CentreDirectory;
import org.oncotwin.centre.CentreProperties;

/** Every path of {@code OncologyPathway}, with the step delegates mocked and the real intake check. */
@Deployment(resources = {"oncology-pathway.bpmn", "referral-intake.form", "referral-answer.form",
        "treatment-start.form", "step-outcome.form"})
class OncologyPathwayProcessTest {

    @RegisterExtension
    static ProcessEngineExtension engine = ProcessEngineExtension.builder()
            .configurationResource("camunda-unit.cfg.xml").build();

    private final Map<String, JavaDelegate> delegates = new HashMap<>();

    @BeforeEach
    void registerMocks() {
        init(engine.getProcessEngine());
        for (String name : new String[] {"registerPatient", "sendReferral", "updateReferralStatus", "recordOutcome",
                "closeCarePlan"}) {
            JavaDelegate delegate = mock(JavaDelegate.class);
            delegates.put(name, delegate);
            Mocks.register(name, delegate);
        }
        Mocks.register("checkReferralIntake", new CheckReferralIntakeListener(centres()));
    }

    @AfterEach
    void resetMocks() {
        Mocks.reset();
    }

    @Test
    void acceptedReferralRunsTheStepToItsOutcomeAndCompletesTheCarePlan() throws Exception {
        ProcessInstance pathway = start(intake());

        assertThat(pathway).isWaitingAt("Task_RegisterPatient");
        execute(job());
        assertThat(pathway).isWaitingAt("Task_SendReferral");
        execute(job());
        assertThat(pathway).isWaitingAt("Task_AnswerReferral");
        assertThat(task()).hasCandidateGroup("coordinators").hasCandidateGroup("staff-dresden");

        complete(task(), withVariables("referralDecision", "accepted"));
        assertThat(pathway).isWaitingAt("Task_AcceptReferral");
        execute(job());
        complete(task("Task_ConfirmTreatmentStart"), withVariables("treatmentStartDate", "2026-11-30"));
        execute(job());
        assertThat(pathway).isWaitingAt("Task_ReportOutcome");
        complete(task(), withVariables("procedurePerformed", "Proton beam therapy 60 Gy",
                "procedureDate", "2026-12-20", "keyFindings", "Well tolerated"));
        execute(job());
        assertThat(pathway).isWaitingAt("Task_CompleteCarePlan");
        execute(job());

        assertThat(pathway).isEnded().hasPassedInOrder("Task_RegisterPatient", "Task_SendReferral",
                "Task_AnswerReferral", "Task_AcceptReferral", "Task_ConfirmTreatmentStart",
                "Task_MarkTreatmentStarted", "Task_ReportOutcome", "Task_RecordOutcome", "Task_CompleteCarePlan",
                "EndEvent_PathwayCompleted");
        assertThat(pathway).hasNotPassed("Task_RejectReferral", "Task_RevokeCarePlan");
        verify(delegates.get("updateReferralStatus"), times(2)).execute(any(DelegateExecution.class));
        verify(delegates.get("recordOutcome")).execute(any(DelegateExecution.class));
        verify(delegates.get("closeCarePlan")).execute(any(DelegateExecution.class));
    }

    @Test
    void rejectedReferralMarksTheTaskRejectedAndRevokesTheCarePlan() {
        ProcessInstance pathway = start(intake());
        assertThat(pathway).isWaitingAt("Task_RegisterPatient");
        execute(job());
        execute(job());

        complete(task("Task_AnswerReferral"), withVariables("referralDecision", "rejected",
                "rejectionReason", "No capacity before January"));
        assertThat(pathway).isWaitingAt("Task_RejectReferral");
        execute(job());
        execute(job());

        assertThat(pathway).isEnded().hasPassed("EndEvent_ReferralRejected")
                .hasNotPassed("Task_AcceptReferral", "Task_RecordOutcome", "Task_CompleteCarePlan");
    }

    @Test
    void theTwinIdBecomesTheBusinessKeyAndDefaultsAreFilledIn() {
        ProcessInstance pathway = start(intake());

        assertThat(pathway).hasBusinessKey((String) runtimeService().getVariable(pathway.getId(), "twinId"));
        assertThat(pathway).variables()
                .containsEntry("coordinatingCentre", "leipzig")
                .containsEntry("urgency", "routine")
                .containsEntry("patientGender", "female");
    }

    @Test
    void anIncompleteIntakeStartsNothing() {
        Map<String, Object> intake = intake();
        intake.remove("patientMrn");
        intake.put("receivingCentre", "atlantis");
        intake.put("patientBirthDate", "23.04.1961");

        assertThatThrownBy(() -> start(intake))
                .isInstanceOf(InvalidIntakeException.class)
                .hasMessageContaining("Medical record number is required")
                .hasMessageContaining("Unknown receiving centre 'atlantis'")
                .hasMessageContaining("Date of birth must be a date like 1961-04-23");
        org.assertj.core.api.Assertions.assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
    }

    private ProcessInstance start(Map<String, Object> variables) {
        return runtimeService().startProcessInstanceByKey("OncologyPathway", variables);
    }

    static Map<String, Object> intake() {
        Map<String, Object> variables = new HashMap<>();
        variables.put("patientFamilyName", "Novak");
        variables.put("patientGivenName", "Jana");
        variables.put("patientBirthDate", "1961-04-23");
        variables.put("patientGender", "female");
        variables.put("patientMrn", "LE-000123");
        variables.put("receivingCentre", "dresden");
        variables.put("modality", "radiotherapy");
        variables.put("referralReason", "Proton therapy for skull base chordoma");
        return variables;
    }

    static CentreDirectory centres() {
        var entry = (java.util.function.BiFunction<String, String, CentreProperties.CentreEntry>)
                (name, url) -> new CentreProperties.CentreEntry(name, url, "DE", null);
        return new CentreDirectory(new CentreProperties("leipzig", Map.of(
                "leipzig", entry.apply("Leipzig University Hospital", "http://leipzig.invalid/fhir"),
                "dresden", entry.apply("Dresden Proton Centre", "http://dresden.invalid/fhir"),
                "prague", entry.apply("Prague Oncology Institute", "http://prague.invalid/fhir"))));
    }

}

package org.oncotwin.pathway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every formRef in every model points at a form in forms/, and every field the process reads is in its form. */
class FormReferencesTest {

    /** The fields the models (gateways, timers) and the delegates after a form read from it. */
    private static final Map<String, List<String>> READ_BY_THE_PROCESS = Map.of(
            "referral-intake", List.of("patientFamilyName", "patientGivenName", "patientBirthDate", "patientGender",
                    "patientMrn", "patientCountry", "diagnosticsCentre", "urgency", "referralReason"),
            "handover", List.of("clinicalSummary", "referralReason", "urgency", "relevantFindings", "openQuestions"),
            "referral-answer", List.of("referralDecision", "rejectionReason"),
            "step-outcome", List.of("procedurePerformed", "procedureDate", "keyFindings"),
            "escalation", List.of("escalationAction", "preferredCentre", "overrideReason"),
            "escalation-late", List.of("escalationAction"),
            "tumour-board", List.of("diagnosisCode", "diagnosisText", "tnmT", "tnmN", "tnmM", "ecog", "stepSurgery",
                    "stepRadiotherapy", "stepChemotherapy", "stepImmunotherapy", "treatmentOrder", "endPathway"),
            "step-problem", List.of("endPathway"));

    private static FormRules forms;

    @BeforeAll
    static void loadForms() throws Exception {
        forms = new FormRules(new ObjectMapper(), new ValueSets());
    }

    @Test
    void everyFormReferenceOfEveryModelPointsAtAFormAndEveryFieldTheProcessReadsIsInIt() {
        Map<String, String> referencedBy = new HashMap<>();
        File[] models = new File("processes").listFiles((dir, name) -> name.endsWith(".bpmn"));
        assertThat(models).isNotEmpty();
        for (File file : models) {
            var model = Bpmn.readModelFromFile(file);
            model.getModelElementsByType(UserTask.class).forEach(task -> referencedBy.put(task.getCamundaFormRef(),
                    file.getName() + " " + task.getId()));
            model.getModelElementsByType(StartEvent.class).stream().filter(start -> start.getCamundaFormRef() != null)
                    .forEach(start -> referencedBy.put(start.getCamundaFormRef(), file.getName() + " " + start.getId()));
            model.getModelElementsByType(UserTask.class).forEach(task ->
                    assertThat(task.getCamundaFormRefBinding()).as(task.getId()).isEqualTo("deployment"));
        }

        referencedBy.forEach((form, where) -> assertThat(forms.knows(form)).as(where + " -> " + form).isTrue());
        READ_BY_THE_PROCESS.forEach((form, fields) -> {
            assertThat(referencedBy).as("form %s is used by a model", form).containsKey(form);
            assertThat(forms.keys(form)).as(form).containsAll(fields);
        });
    }

    @Test
    void theServerAppliesTheFormsOwnRules() {
        assertThat(forms.problems("referral-answer", Map.of("referralDecision", "maybe")))
                .containsExactly("Decision must be one of [accepted, rejected]");
        assertThat(forms.problems("referral-answer", Map.of("referralDecision", "rejected"))).isEmpty();
        assertThat(forms.problems("tumour-board", Map.of("diagnosisCode", "C41.0", "diagnosisText", "Chordoma",
                "tnmT", "T2", "tnmN", "N0", "tnmM", "M1a", "ecog", "1"))).isEmpty();
        assertThat(forms.problems("tumour-board", Map.of("diagnosisCode", "C41.0", "diagnosisText", "Chordoma",
                "ecog", "7"))).containsExactly("ECOG performance status must be one of [0, 1, 2, 3, 4]");
        assertThat(forms.problems("step-outcome", Map.of("procedurePerformed", "Resection",
                "procedureDate", "20.12.2026"))).containsExactly(
                        "Date performed must be a date like 2026-12-01, was '20.12.2026'");
    }
}

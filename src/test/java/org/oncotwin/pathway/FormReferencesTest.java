package org.oncotwin.pathway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oncotwin.process.VariableNames.*;

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
            "referral-intake", List.of(PATIENT_FAMILY_NAME, PATIENT_GIVEN_NAME, PATIENT_BIRTH_DATE, PATIENT_GENDER,
                    PATIENT_MRN, PATIENT_COUNTRY, DIAGNOSTICS_CENTRE, URGENCY, REFERRAL_REASON, CONSENT_CARE_SHARING,
                    CONSENT_RESEARCH, CONSENT_DATE),
            "consent-withdrawal", List.of(TWIN_ID, CONSENT_SCOPE, WITHDRAWAL_DATE, WITHDRAWAL_REASON),
            "handover", List.of(CLINICAL_SUMMARY, REFERRAL_REASON, URGENCY, RELEVANT_FINDINGS, OPEN_QUESTIONS),
            "referral-answer", List.of(REFERRAL_DECISION, REJECTION_REASON),
            "step-outcome", List.of(PROCEDURE_PERFORMED, PROCEDURE_DATE, KEY_FINDINGS),
            "escalation", List.of(ESCALATION_ACTION, PREFERRED_CENTRE, OVERRIDE_REASON),
            "escalation-late", List.of(ESCALATION_ACTION),
            "tumour-board", List.of(DIAGNOSIS_CODE, DIAGNOSIS_TEXT, TNM_T, TNM_N, TNM_M, ECOG, "stepSurgery",
                    "stepRadiotherapy", "stepChemotherapy", "stepImmunotherapy", TREATMENT_ORDER, END_PATHWAY),
            "step-problem", List.of(END_PATHWAY));

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
    void everyTaskFormLinksToThePatientsTwinAndToWhereThePathwayStands() throws Exception {
        File[] files = new File("forms").listFiles((dir, name) -> name.endsWith(".form"));
        assertThat(files).hasSizeGreaterThan(5);
        for (File file : files) {
            if (file.getName().equals("referral-intake.form") || file.getName().equals("consent-withdrawal.form")) {
                continue; // start forms: the pathway, or which twin, is not known yet
            }
            String texts = new ObjectMapper().readTree(file).findValues("text").toString();
            assertThat(texts).as(file.getName()).contains("(/twins/{{twinId}})", "(/twins/{{twinId}}#pathways)");
        }
    }

    @Test
    void theServerAppliesTheFormsOwnRules() {
        assertThat(forms.problems("referral-answer", Map.of(REFERRAL_DECISION, "maybe")))
                .containsExactly("Decision must be one of [accepted, rejected]");
        assertThat(forms.problems("referral-answer", Map.of(REFERRAL_DECISION, "rejected"))).isEmpty();
        assertThat(forms.problems("tumour-board", Map.of(DIAGNOSIS_CODE, "C41.0", DIAGNOSIS_TEXT, "Chordoma",
                TNM_T, "T2", TNM_N, "N0", TNM_M, "M1a", ECOG, "1"))).isEmpty();
        assertThat(forms.problems("tumour-board", Map.of(DIAGNOSIS_CODE, "C41.0", DIAGNOSIS_TEXT, "Chordoma",
                ECOG, "7"))).containsExactly("ECOG performance status must be one of [0, 1, 2, 3, 4]");
        assertThat(forms.problems("step-outcome", Map.of(PROCEDURE_PERFORMED, "Resection",
                PROCEDURE_DATE, "20.12.2026"))).containsExactly(
                        "Date performed must be a date like 2026-12-01, was '20.12.2026'");
    }
}

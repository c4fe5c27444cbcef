package org.oncotwin.process;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import static org.oncotwin.process.VariableNames.*;

import org.camunda.bpm.engine.delegate.VariableScope;

/** Typed access to the tumour board's decision (form {@code tumour-board}) in a pathway. */
public final class TumourBoardVariables {

    private TumourBoardVariables() {
    }

    public static String diagnosisCode(VariableScope scope) {
        return Values.text(scope, DIAGNOSIS_CODE);
    }

    public static String diagnosisText(VariableScope scope) {
        return Values.text(scope, DIAGNOSIS_TEXT);
    }

    public static String tnmT(VariableScope scope) {
        return Values.text(scope, TNM_T);
    }

    public static String tnmN(VariableScope scope) {
        return Values.text(scope, TNM_N);
    }

    public static String tnmM(VariableScope scope) {
        return Values.text(scope, TNM_M);
    }

    /** ECOG performance status 0–5, or null when not given. */
    public static Integer ecog(VariableScope scope) {
        return Values.integer(ECOG, scope.getVariable(ECOG));
    }

    /** The round the next decision is recorded as: 1 for the first board, then 2, 3 ... after a re-plan. */
    public static int nextBoardRound(VariableScope scope) {
        Integer previous = Values.integer(BOARD_ROUND, scope.getVariable(BOARD_ROUND));
        return previous == null ? 1 : previous + 1;
    }

    public static void boardRoundRecorded(VariableScope scope, int round) {
        scope.setVariable(BOARD_ROUND, round);
    }

    /** The further kinds of care the board chose (codes as entered, in order; empty when none). */
    public static List<String> furtherSteps(VariableScope scope) {
        return codes(Values.text(scope, FURTHER_STEPS));
    }

    /** The further kinds of care in a submitted tumour-board form. */
    public static List<String> furtherSteps(Map<String, Object> submitted) {
        return codes(Values.text(FURTHER_STEPS, submitted.get(FURTHER_STEPS)));
    }

    /** Tells the forms which kinds of care are configured (a text, as forms show it). */
    public static void kindsOffered(VariableScope scope, List<String> codes) {
        scope.setVariable(CARE_STEP_KINDS, String.join(", ", codes));
    }

    private static List<String> codes(String text) {
        return text == null ? List.of() : Arrays.stream(text.split("[,;\\s]+")).filter(s -> !s.isBlank()).toList();
    }

    /** Whether the board chose a treatment step of this modality (form checkbox {@link #stepCheckbox}). */
    public static boolean stepChosen(VariableScope scope, String modalityCode) {
        return Values.flag(scope.getVariable(stepCheckbox(modalityCode)));
    }

    /** The form field of a modality's checkbox: {@code stepSurgery}, {@code stepRadiotherapy} ... */
    public static String stepCheckbox(String modalityCode) {
        return "step" + Character.toUpperCase(modalityCode.charAt(0)) + modalityCode.substring(1);
    }
}

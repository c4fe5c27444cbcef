package org.oncotwin.process;

import static org.oncotwin.process.VariableNames.*;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * Typed access to the variables of a TreatmentStep: centre selection, handover, referral and outcome. The writing
 * methods carry the order the readers rely on: {@code referralStatus} is always written last, because the dashboard's
 * read model takes a referral's other facts at the moment its status changes.
 */
public final class TreatmentStepVariables {

    /** What a referral of a step is, as the read model and the referral API need it. */
    public record ReferralFacts(String fromCentre, String toCentre, String modality, String taskId, String status,
                                Instant acceptBy, String rejectionReason) {
    }

    /** The variables {@link #referralFacts(Map)} reads. */
    public static final List<String> REFERRAL_FACT_NAMES = List.of(COORDINATING_CENTRE, RECEIVING_CENTRE, MODALITY,
            REFERRAL_TASK_ID, REFERRAL_STATUS, ACCEPT_BY, REJECTION_REASON);

    private TreatmentStepVariables() {
    }

    /** The kind of care of the step (a modality code such as {@code radiotherapy}). */
    public static String modality(VariableScope scope) {
        return Values.text(scope, MODALITY);
    }

    public static String receivingCentre(VariableScope scope) {
        return Values.text(scope, RECEIVING_CENTRE);
    }

    public static String preferredCentre(VariableScope scope) {
        return Values.text(scope, PREFERRED_CENTRE);
    }

    public static String overrideReason(VariableScope scope) {
        return Values.text(scope, OVERRIDE_REASON);
    }

    public static String centreSelectionReason(VariableScope scope) {
        return Values.text(scope, CENTRE_SELECTION_REASON);
    }

    /** Centres that declined, failed or were given up on for this step. */
    public static Set<String> excludedCentres(VariableScope scope) {
        String excluded = Values.text(scope, EXCLUDED_CENTRES);
        return excluded == null || excluded.isBlank() ? Set.of()
                : Arrays.stream(excluded.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .collect(Collectors.toSet());
    }

    /** The current receiving centre is not asked again for this step. */
    public static void excludeReceivingCentre(VariableScope scope) {
        var excluded = new TreeSet<>(excludedCentres(scope));
        excluded.add(receivingCentre(scope));
        scope.setVariable(EXCLUDED_CENTRES, String.join(",", excluded));
    }

    /** An override holds for one referral: after a rejection the decision chooses again. */
    public static void preferredCentreUsed(VariableScope scope) {
        scope.setVariable(PREFERRED_CENTRE, null);
    }

    public static void centreChosen(VariableScope scope, String centreId, boolean overridden, String reason) {
        scope.setVariable(RECEIVING_CENTRE, centreId);
        scope.setVariable(CENTRE_OVERRIDDEN, overridden);
        scope.setVariable(CENTRE_SELECTION_REASON, reason);
    }

    /** A handover drafted from the twin; what is already written (passed by the pathway) is kept. */
    public static void handoverDrafted(VariableScope scope, String clinicalSummary, String relevantFindings) {
        if (Values.text(scope, CLINICAL_SUMMARY) == null) {
            scope.setVariable(CLINICAL_SUMMARY, clinicalSummary);
        }
        if (Values.text(scope, RELEVANT_FINDINGS) == null && relevantFindings != null && !relevantFindings.isBlank()) {
            scope.setVariable(RELEVANT_FINDINGS, relevantFindings);
        }
    }

    public static String clinicalSummary(VariableScope scope) {
        return Values.text(scope, CLINICAL_SUMMARY);
    }

    public static String relevantFindings(VariableScope scope) {
        return Values.text(scope, RELEVANT_FINDINGS);
    }

    public static String openQuestions(VariableScope scope) {
        return Values.text(scope, OPEN_QUESTIONS);
    }

    /** Whether a coordinator has escalated this step (a deadline passed and they chose what to do). */
    public static boolean escalated(VariableScope scope) {
        return Values.text(scope, ESCALATION_ACTION) != null;
    }

    public static String referralTaskId(VariableScope scope) {
        return Values.text(scope, REFERRAL_TASK_ID);
    }

    public static String rejectionReason(VariableScope scope) {
        return Values.text(scope, REJECTION_REASON);
    }

    /** The referral Task's status as OncoTwin last saw or wrote it, read from a running step. */
    /**
     * The referral status OncoTwin knows and the version of the Task it knows it of, read in one query: read one
     * after the other, a change applied in between would pair the old status with the new version.
     */
    public record KnownReferral(String status, String taskVersion) {
    }

    public static KnownReferral knownReferral(RuntimeService runtime, String stepInstanceId) {
        Map<String, Object> variables = runtime.getVariables(stepInstanceId,
                List.of(REFERRAL_STATUS, REFERRAL_TASK_VERSION));
        return new KnownReferral(Values.text(REFERRAL_STATUS, variables.get(REFERRAL_STATUS)),
                Values.text(REFERRAL_TASK_VERSION, variables.get(REFERRAL_TASK_VERSION)));
    }

    /** The version of the referral Task OncoTwin knows the status of; null if unknown (steps of older releases). */
    public static String referralTaskVersion(RuntimeService runtime, String stepInstanceId) {
        return Values.text(REFERRAL_TASK_VERSION, runtime.getVariable(stepInstanceId, REFERRAL_TASK_VERSION));
    }

    /**
     * What the receiving centre's records hold of the patient, before the referral is written there.
     *
     * @param grade       certain, probable or none
     * @param matched     the record to use when certain ({@code Patient/<id>}), else null
     * @param candidates  the probable records' ids, best first
     * @param comparison  the patient and the candidates side by side, for the coordinator
     */
    public static void identityFound(VariableScope scope, String grade, String matched, List<String> candidates,
                                     String comparison) {
        scope.setVariable(IDENTITY_MATCH, grade);
        scope.setVariable(MATCHED_PATIENT_ID, matched);
        scope.setVariable(IDENTITY_CANDIDATES, String.join(",", candidates));
        scope.setVariable(IDENTITY_COMPARISON, comparison);
        scope.setVariable(IDENTITY_CHOICE, null);
    }

    /**
     * The receiving centre's own record to refer the patient in: the certain match, or the candidate the coordinator
     * confirmed; empty when a new record is to be created.
     */
    public static Optional<String> patientToLink(VariableScope scope) {
        String grade = Values.text(scope, IDENTITY_MATCH);
        if ("certain".equals(grade)) {
            return Optional.ofNullable(Values.text(scope, MATCHED_PATIENT_ID));
        }
        if (!"probable".equals(grade)) {
            return Optional.empty();
        }
        return chosenCandidate(Values.text(scope, IDENTITY_CHOICE), Values.text(scope, IDENTITY_CANDIDATES));
    }

    /**
     * @return the candidate a Confirm identity answer names; empty for {@code new}
     * @throws IllegalArgumentException when the answer names no candidate shown
     */
    public static Optional<String> chosenCandidate(String choice, String candidateIds) {
        if (choice == null || "new".equals(choice)) {
            return Optional.empty();
        }
        List<String> candidates = candidateIds == null || candidateIds.isBlank() ? List.of()
                : List.of(candidateIds.split(","));
        int index;
        try {
            index = Integer.parseInt(choice) - 1;
        } catch (NumberFormatException e) {
            index = -1;
        }
        if (index < 0 || index >= candidates.size()) {
            throw new IllegalArgumentException("Record " + choice + " is not among the " + candidates.size()
                    + " shown; choose one of them or 'a new record'");
        }
        return Optional.of(candidates.get(index));
    }

    /** A Confirm identity answer that names no candidate shown, in words for the coordinator; empty when fine. */
    public static List<String> identityChoiceProblems(Map<String, Object> variables) {
        Object choice = variables.get(IDENTITY_CHOICE);
        if (choice == null || !"probable".equals(variables.get(IDENTITY_MATCH))) {
            return List.of();
        }
        try {
            chosenCandidate(choice.toString(), Values.text(IDENTITY_CANDIDATES, variables.get(IDENTITY_CANDIDATES)));
            return List.of();
        } catch (IllegalArgumentException e) {
            return List.of(e.getMessage());
        }
    }

    /** A running step's referral: where it was sent, its Task and status; empty before the referral went out. */
    public static Optional<SentReferral> sentReferral(RuntimeService runtime, String stepInstanceId) {
        Map<String, Object> variables = runtime.getVariables(stepInstanceId,
                List.of(TWIN_ID, RECEIVING_CENTRE, REFERRAL_TASK_ID, REFERRAL_STATUS, STATUS_BEFORE_HOLD));
        String taskId = Values.text(REFERRAL_TASK_ID, variables.get(REFERRAL_TASK_ID));
        String centre = Values.text(RECEIVING_CENTRE, variables.get(RECEIVING_CENTRE));
        if (taskId == null || centre == null) {
            return Optional.empty();
        }
        return Optional.of(new SentReferral(Values.text(TWIN_ID, variables.get(TWIN_ID)), centre, taskId,
                Values.text(REFERRAL_STATUS, variables.get(REFERRAL_STATUS)),
                Values.text(STATUS_BEFORE_HOLD, variables.get(STATUS_BEFORE_HOLD))));
    }

    /** @param statusBeforeHold the status OncoTwin set on-hold and will set back on resume; null when not held */
    public record SentReferral(String twinId, String receivingCentre, String taskId, String status,
                               String statusBeforeHold) {
    }

    /**
     * OncoTwin set the step's referral on-hold ({@code before} is what it was) or back ({@code before} null), at Task
     * version {@code version}. Only while the step is suspended: no job of the step can race this write.
     */
    public static void referralHoldChanged(RuntimeService runtime, String stepInstanceId, String status,
                                           String version, String before) {
        var variables = new java.util.LinkedHashMap<String, Object>();
        variables.put(STATUS_BEFORE_HOLD, before);
        variables.put(REFERRAL_TASK_VERSION, version);
        variables.put(REFERRAL_STATUS, status);
        runtime.setVariables(stepInstanceId, variables);
    }

    /** The referral was written at the receiving centre; its status comes last (see the class comment). */
    public static void referralSent(VariableScope scope, String receivingPatientId, String serviceRequestId,
                                    String taskId, String taskVersion, Instant acceptBy) {
        scope.setVariable(RECEIVING_PATIENT_ID, receivingPatientId);
        scope.setVariable(SERVICE_REQUEST_ID, serviceRequestId);
        scope.setVariable(REFERRAL_TASK_ID, taskId);
        scope.setVariable(REFERRAL_TASK_VERSION, taskVersion);
        scope.setVariable(ACCEPT_BY, acceptBy.toString());
        referralStatusChanged(scope, "requested");
    }

    public static void referralStatusChanged(VariableScope scope, String status) {
        scope.setVariable(REFERRAL_STATUS, status);
    }

    /** OncoTwin wrote the status itself; {@code version} is the Task's version with it (null if not known). */
    public static void referralStatusChanged(VariableScope scope, String status, String version) {
        scope.setVariable(REFERRAL_TASK_VERSION, version);
        referralStatusChanged(scope, status);
    }

    public static String procedurePerformed(VariableScope scope) {
        return Values.text(scope, PROCEDURE_PERFORMED);
    }

    public static LocalDate procedureDate(VariableScope scope) {
        return Values.date(PROCEDURE_DATE, scope.getVariable(PROCEDURE_DATE));
    }

    public static String keyFindings(VariableScope scope) {
        return Values.text(scope, KEY_FINDINGS);
    }

    /** OncoTwin wrote the step's outcome at the centre and completed the referral (status last). */
    public static void outcomeRecorded(VariableScope scope, String procedureId) {
        scope.setVariable(PROCEDURE_ID, procedureId);
        referralStatusChanged(scope, "completed");
    }

    /** The centre reported the outcome itself, as Task outputs; the first Procedure is the step's procedure. */
    /** The completed Task's outputs the watcher passed with the completion message; empty when none were passed. */
    public static Optional<List<String>> reportedOutputs(VariableScope scope) {
        Object value = scope.getVariable(REPORTED_OUTPUTS);
        if (value == null) {
            return Optional.empty();
        }
        String text = value.toString();
        return Optional.of(text.isBlank() ? List.of() : List.of(text.split(",")));
    }

    public static void outcomeImported(VariableScope scope, List<String> outputReferences) {
        scope.setVariable(OUTCOME_REFERENCES, String.join(",", outputReferences));
        scope.setVariable(PROCEDURE_ID, outputReferences.stream().filter(r -> r.startsWith("Procedure/"))
                .findFirst().orElse(null));
    }

    /** The referral facts among a step's variables (as read from the runtime or the history). */
    public static ReferralFacts referralFacts(Map<String, ?> variables) {
        return new ReferralFacts(Values.text(COORDINATING_CENTRE, variables.get(COORDINATING_CENTRE)),
                Values.text(RECEIVING_CENTRE, variables.get(RECEIVING_CENTRE)),
                Values.text(MODALITY, variables.get(MODALITY)),
                Values.text(REFERRAL_TASK_ID, variables.get(REFERRAL_TASK_ID)),
                Values.text(REFERRAL_STATUS, variables.get(REFERRAL_STATUS)),
                Values.instant(ACCEPT_BY, variables.get(ACCEPT_BY)),
                Values.text(REJECTION_REASON, variables.get(REJECTION_REASON)));
    }
}

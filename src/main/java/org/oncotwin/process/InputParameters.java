package org.oncotwin.process;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import org.camunda.bpm.engine.delegate.VariableScope;

/** Input parameters that configure the generic step delegates from the model (documented in docs/pathways.md). */
public final class InputParameters {

    /** {@code sendReferral}: ISO-8601 duration the receiving centre has to answer; default {@code P2D}. */
    public static final String ACCEPT_WITHIN = "acceptWithin";
    /** TreatmentStep: ISO-8601 duration from acceptance to the start of treatment; default {@code P30D}. */
    public static final String START_WITHIN = "startWithin";
    /** TreatmentStep: ISO-8601 duration from the start of treatment to its outcome; default {@code P180D}. */
    public static final String COMPLETE_WITHIN = "completeWithin";
    /** {@code updateCarePlanStep}: a CarePlan activity status code, e.g. {@code completed}. */
    public static final String ACTIVITY_STATUS = "activityStatus";
    /** {@code updateReferralStatus}: the FHIR Task status to move the referral to. */
    public static final String TARGET_STATUS = "targetStatus";
    /** {@code closeCarePlan}: {@code completed} or {@code revoked}. */
    public static final String CARE_PLAN_OUTCOME = "carePlanOutcome";
    /** {@code registerPatient}: comma-separated modalities the care plan starts with; default {@code imaging}. */
    public static final String PLANNED_STEPS = "plannedSteps";

    static final Duration DEFAULT_ACCEPT_WITHIN = Duration.ofDays(2);
    static final String DEFAULT_PLANNED_STEPS = "imaging";

    private InputParameters() {
    }

    public static Duration acceptWithin(VariableScope scope) {
        String value = Values.text(scope, ACCEPT_WITHIN);
        try {
            return value == null || value.isBlank() ? DEFAULT_ACCEPT_WITHIN : Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Input parameter " + ACCEPT_WITHIN
                    + " must be an ISO-8601 duration such as P2D, was '" + value + "'");
        }
    }

    public static String activityStatus(VariableScope scope) {
        return Values.localText(scope, ACTIVITY_STATUS);
    }

    public static String targetStatus(VariableScope scope) {
        return Values.localText(scope, TARGET_STATUS);
    }

    /** @return true for {@code completed}, false for {@code revoked} */
    public static boolean carePlanCompleted(VariableScope scope) {
        String outcome = Values.localText(scope, CARE_PLAN_OUTCOME);
        if (!"completed".equals(outcome) && !"revoked".equals(outcome)) {
            throw new IllegalArgumentException("Input parameter " + CARE_PLAN_OUTCOME
                    + " must be 'completed' or 'revoked', was '" + outcome + "'");
        }
        return "completed".equals(outcome);
    }

    /** The modality codes of {@code plannedSteps}, in order. */
    public static List<String> plannedSteps(VariableScope scope) {
        String steps = Values.text(scope, PLANNED_STEPS);
        return Arrays.stream((steps == null ? DEFAULT_PLANNED_STEPS : steps).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}

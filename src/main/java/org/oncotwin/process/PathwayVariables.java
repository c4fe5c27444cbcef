package org.oncotwin.process;

import static org.oncotwin.process.VariableNames.*;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.variable.VariableMap;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;

/**
 * Typed access to the variables of a pathway (OncologyPathway, NeoadjuvantPathway and every model built like them).
 * A TreatmentStep sees them too: the call activity passes every variable in.
 */
public final class PathwayVariables {

    private PathwayVariables() {
    }

    /** The pathway's variables every step receives: the patient, the coordinating centre, the care plan, the user. */
    public static final List<String> CONTEXT = List.of(TWIN_ID, PATIENT_FAMILY_NAME, PATIENT_GIVEN_NAME,
            PATIENT_BIRTH_DATE, PATIENT_GENDER, PATIENT_MRN, PATIENT_COUNTRY, COORDINATING_CENTRE,
            COORDINATING_PATIENT_ID, CARE_PLAN_ID, CARE_PLAN_IDENTIFIER, REFERRAL_REASON, URGENCY, INITIATOR,
            LAST_ACTOR);

    /** Puts the pathway's {@link #CONTEXT} into a step's start variables, where the model did not give them. */
    public static void passContext(VariableScope pathway, VariableMap step) {
        for (String name : CONTEXT) {
            if (!step.containsKey(name) && pathway.getVariable(name) != null) {
                step.put(name, pathway.getVariableTyped(name));
            }
        }
    }

    /** The twin id: the variable, or the business key where a model did not pass the variable on. */
    public static String twinId(DelegateExecution execution) {
        String twinId = Values.text(execution, TWIN_ID);
        return twinId != null ? twinId : execution.getProcessBusinessKey();
    }

    /** The patient as the intake recorded it (validated when the pathway started). */
    public static PatientDetails patient(VariableScope scope) {
        LocalDate birthDate = Values.date(PATIENT_BIRTH_DATE, scope.getVariable(PATIENT_BIRTH_DATE));
        String gender = Values.text(scope, PATIENT_GENDER);
        return new PatientDetails(Values.text(scope, TWIN_ID), Values.text(scope, PATIENT_MRN),
                Values.text(scope, PATIENT_GIVEN_NAME), Values.text(scope, PATIENT_FAMILY_NAME), birthDate,
                gender == null || gender.isBlank() ? AdministrativeGender.UNKNOWN : AdministrativeGender.fromCode(gender));
    }

    /**
     * The patient's decisions the intake recorded (validated when the pathway started): one per scope asked, on the
     * consent date (the intake fills in the day of the intake when none was given).
     */
    public static List<ConsentDecision> consentDecisions(VariableScope scope) {
        LocalDate date = Values.date(CONSENT_DATE, scope.getVariable(CONSENT_DATE));
        List<ConsentDecision> decisions = new ArrayList<>();
        addDecision(decisions, ConsentDecision.PATIENT_PRIVACY, Values.text(scope, CONSENT_CARE_SHARING), date);
        addDecision(decisions, ConsentDecision.RESEARCH, Values.text(scope, CONSENT_RESEARCH), date);
        return decisions;
    }

    private static void addDecision(List<ConsentDecision> decisions, String consentScope, String answer,
                                    LocalDate date) {
        if (answer == null || answer.isBlank()) {
            return; // not asked
        }
        if (date == null) {
            throw new IllegalArgumentException("Process variable '" + CONSENT_DATE + "' is missing for a consent");
        }
        decisions.add(new ConsentDecision(consentScope, ConsentDecision.PERMIT.equals(answer.trim()), date));
    }

    /** The patient as a person reads a list: "Novak, Jana" (what the intake gave; never null). */
    public static String patientName(VariableScope scope) {
        String family = Values.text(scope, PATIENT_FAMILY_NAME);
        String given = Values.text(scope, PATIENT_GIVEN_NAME);
        if (family == null || family.isBlank()) {
            return given == null || given.isBlank() ? "(unnamed patient)" : given;
        }
        return given == null || given.isBlank() ? family : family + ", " + given;
    }

    public static String patientBirthDate(VariableScope scope) {
        return Values.text(scope, PATIENT_BIRTH_DATE);
    }

    /** How long a task may take, from a variable holding an ISO-8601 duration, else the default. */
    public static Duration duration(VariableScope scope, String variable, Duration fallback) {
        String value = Values.text(scope, variable);
        try {
            return value == null || value.isBlank() ? fallback : Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Process variable '" + variable
                    + "' must be an ISO-8601 duration such as P2D, was '" + value + "'");
        }
    }

    public static String coordinatingCentre(VariableScope scope) {
        return Values.text(scope, COORDINATING_CENTRE);
    }

    public static String patientCountry(VariableScope scope) {
        return Values.text(scope, PATIENT_COUNTRY);
    }

    /** {@code routine} or {@code urgent}. */
    public static String urgency(VariableScope scope) {
        return Values.text(scope, URGENCY);
    }

    public static boolean urgent(VariableScope scope) {
        return "urgent".equals(urgency(scope));
    }

    public static String referralReason(VariableScope scope) {
        return Values.text(scope, REFERRAL_REASON);
    }

    /** The user whose decision the current step writes: who completed the last user task, else who started. */
    public static String actor(VariableScope scope) {
        String actor = Values.text(scope, LAST_ACTOR);
        return actor != null ? actor : Values.text(scope, INITIATOR);
    }

    /** A user task was completed by this user: the next service task names them in its Provenance. */
    public static void actorCompletedTask(VariableScope scope, String userId) {
        scope.setVariable(LAST_ACTOR, userId);
    }

    public static String coordinatingPatientId(VariableScope scope) {
        return Values.text(scope, COORDINATING_PATIENT_ID);
    }

    public static String carePlanId(VariableScope scope) {
        return Values.text(scope, CARE_PLAN_ID);
    }

    public static String carePlanIdentifier(VariableScope scope) {
        return Values.text(scope, CARE_PLAN_IDENTIFIER);
    }

    /** The patient and the care plan were registered at the coordinating centre. */
    public static void registered(VariableScope scope, String patientId, String carePlanId, String carePlanIdentifier) {
        scope.setVariable(COORDINATING_PATIENT_ID, patientId);
        scope.setVariable(CARE_PLAN_ID, carePlanId);
        scope.setVariable(CARE_PLAN_IDENTIFIER, carePlanIdentifier);
    }

    /** Why the patient withdrew, as the coordinator recorded it; null if not given. */
    public static String withdrawalReason(VariableScope scope) {
        return Values.text(scope, WITHDRAWAL_REASON);
    }

    /** After withdrawal: the referral Tasks that were cancelled at the centres. */
    public static void referralsCancelled(VariableScope scope, List<String> taskReferences) {
        scope.setVariable(CANCELLED_REFERRALS, String.join(",", taskReferences));
    }
}

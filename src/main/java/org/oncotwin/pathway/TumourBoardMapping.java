package org.oncotwin.pathway;

import java.util.Date;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CarePlan.CarePlanActivityKind;
import org.hl7.fhir.r4.model.CarePlan.CarePlanActivityStatus;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.oncotwin.centre.Modality;
import org.hl7.fhir.r4.model.DateTimeType;

/** The tumour board's decision in FHIR: Condition (ICD-10), staging Observations (LOINC), CarePlan activities. */
final class TumourBoardMapping {

    static final String ICD10 = "http://hl7.org/fhir/sid/icd-10";
    static final String LOINC = "http://loinc.org";
    private static final String CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    private static final String CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
    private static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";

    private TumourBoardMapping() {
    }

    static Condition diagnosis(TumourBoardDecision decision, Identifier identifier, Reference patient, Date recorded) {
        Condition condition = new Condition();
        condition.addIdentifier(identifier);
        condition.setClinicalStatus(new CodeableConcept(new Coding(CONDITION_CLINICAL, "active", "Active")));
        condition.setVerificationStatus(new CodeableConcept(new Coding(CONDITION_VERIFICATION, "confirmed",
                "Confirmed")));
        condition.addCategory(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/condition-category", "encounter-diagnosis",
                "Encounter Diagnosis")));
        condition.setCode(new CodeableConcept(new Coding(ICD10, decision.icd10Code(), decision.diagnosisText()))
                .setText(decision.diagnosisText()));
        condition.setSubject(patient);
        condition.setRecordedDate(recorded);
        return condition;
    }

    /** One clinical TNM category (T, N or M) as an Observation; LOINC 21905-5, 21906-3, 21907-1. */
    static Observation tnm(String category, String value, Identifier identifier, Reference patient,
                           Reference condition, Date effective) {
        String[] loinc = switch (category) {
            case "T" -> new String[] {"21905-5", "Primary tumor.clinical [Class] Cancer"};
            case "N" -> new String[] {"21906-3", "Regional lymph nodes.clinical [Class] Cancer"};
            case "M" -> new String[] {"21907-1", "Distant metastases.clinical [Class] Cancer"};
            default -> throw new IllegalArgumentException("TNM category " + category);
        };
        Observation observation = observation(identifier, patient, condition, effective, loinc[0], loinc[1]);
        observation.setValue(new CodeableConcept().setText(value));
        return observation;
    }

    /** ECOG performance status, LOINC 89247-1. */
    static Observation ecog(int score, Identifier identifier, Reference patient, Reference condition, Date effective) {
        Observation observation = observation(identifier, patient, condition, effective, "89247-1",
                "ECOG Performance Status score");
        observation.setValue(new IntegerType(score));
        return observation;
    }

    /**
     * Adds a not-started activity for each decided step the plan does not have open yet, and links the diagnosis.
     *
     * @return whether the plan changed (a repeated decision changes nothing)
     */
    static boolean planSteps(CarePlan plan, TumourBoardDecision decision, Reference condition) {
        boolean changed = false;
        for (Modality step : decision.steps()) {
            boolean planned = plan.getActivity().stream().anyMatch(activity ->
                    isFor(activity, step) && activity.getDetail().getStatus() != CarePlanActivityStatus.CANCELLED
                            && activity.getDetail().getStatus() != CarePlanActivityStatus.COMPLETED);
            if (!planned) {
                plan.addActivity().getDetail()
                        .setKind(CarePlanActivityKind.SERVICEREQUEST)
                        .setCode(step.toCodeableConcept())
                        .setStatus(CarePlanActivityStatus.NOTSTARTED)
                        .setDescription(step.display() + " (tumour board decision)");
                changed = true;
            }
        }
        if (changed || plan.getAddresses().isEmpty()) {
            plan.addAddresses(condition);
            changed = true;
        }
        return changed;
    }

    /** Sets the status of the plan's open activity for a step; returns false when there is none. */
    static boolean setStepStatus(CarePlan plan, Modality step, CarePlanActivityStatus status) {
        for (var activity : plan.getActivity()) {
            var current = activity.getDetail().getStatus();
            if (isFor(activity, step) && current != CarePlanActivityStatus.COMPLETED
                    && current != CarePlanActivityStatus.CANCELLED) {
                activity.getDetail().setStatus(status);
                return true;
            }
        }
        return false;
    }

    private static boolean isFor(CarePlan.CarePlanActivityComponent activity, Modality step) {
        return activity.getDetail().getCode().getCoding().stream()
                .anyMatch(c -> step.toCodeableConcept().getCodingFirstRep().getCode().equals(c.getCode()));
    }

    private static Observation observation(Identifier identifier, Reference patient, Reference condition,
                                           Date effective, String loincCode, String display) {
        Observation observation = new Observation();
        observation.addIdentifier(identifier);
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory(new CodeableConcept(new Coding(OBSERVATION_CATEGORY, "exam", "Exam")));
        observation.setCode(new CodeableConcept(new Coding(LOINC, loincCode, display)).setText(display));
        observation.setSubject(patient);
        observation.addFocus(condition);
        observation.setEffective(new DateTimeType(effective));
        return observation;
    }
}

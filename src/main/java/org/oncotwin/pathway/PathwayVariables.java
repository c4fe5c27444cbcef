package org.oncotwin.pathway;

/** Names of the process variables the pathway models and the step delegates share (documented in docs/pathways.md). */
public final class PathwayVariables {

    public static final String TWIN_ID = "twinId";
    public static final String PATIENT_MRN = "patientMrn";
    public static final String PATIENT_GIVEN_NAME = "patientGivenName";
    public static final String PATIENT_FAMILY_NAME = "patientFamilyName";
    public static final String PATIENT_BIRTH_DATE = "patientBirthDate";
    public static final String PATIENT_GENDER = "patientGender";
    public static final String COORDINATING_CENTRE = "coordinatingCentre";
    public static final String RECEIVING_CENTRE = "receivingCentre";
    public static final String MODALITY = "modality";
    public static final String REFERRAL_REASON = "referralReason";
    public static final String URGENCY = "urgency";
    public static final String INITIATOR = "initiator";
    /** Set when a user task completes: the user whose decision the next step writes to the centres. */
    public static final String LAST_ACTOR = "lastActor";

    public static final String COORDINATING_PATIENT_ID = "coordinatingPatientId";
    public static final String CARE_PLAN_ID = "carePlanId";
    /** The CarePlan's business identifier value: how resources at other centres refer to it. */
    public static final String CARE_PLAN_IDENTIFIER = "carePlanIdentifier";
    public static final String RECEIVING_PATIENT_ID = "receivingPatientId";
    public static final String SERVICE_REQUEST_ID = "serviceRequestId";
    public static final String REFERRAL_TASK_ID = "referralTaskId";
    /** {@code accepted} or {@code rejected}: the receiving centre's answer to a referral. */
    public static final String REFERRAL_DECISION = "referralDecision";
    public static final String REJECTION_REASON = "rejectionReason";
    public static final String PROCEDURE_ID = "procedureId";
    public static final String PROCEDURE_PERFORMED = "procedurePerformed";
    public static final String PROCEDURE_DATE = "procedureDate";
    public static final String KEY_FINDINGS = "keyFindings";

    private PathwayVariables() {
    }
}

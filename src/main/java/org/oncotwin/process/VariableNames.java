package org.oncotwin.process;

/**
 * Names of the process variables the models and the code share (documented in docs/pathways.md). Read them through
 * {@link PathwayVariables}, {@link TumourBoardVariables} and {@link TreatmentStepVariables}, never by casting.
 */
public final class VariableNames {

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
    public static final String PATIENT_COUNTRY = "patientCountry";
    /** Optional: where the diagnostics should happen (a coordinator's choice, overriding the centre selection). */
    public static final String DIAGNOSTICS_CENTRE = "diagnosticsCentre";
    public static final String INITIATOR = "initiator";
    /** Why the patient withdrew, as the coordinator recorded it. */
    public static final String WITHDRAWAL_REASON = "withdrawalReason";
    /** Intake: the patient's decision on sharing their data for care across centres, {@code permit} or {@code deny}. */
    public static final String CONSENT_CARE_SHARING = "consentCareSharing";
    /** Intake: the patient's decision on research use of their data, {@code permit} or {@code deny}. */
    public static final String CONSENT_RESEARCH = "consentResearch";
    /** Intake: the day the patient decided (ISO date; default the day of the intake). */
    public static final String CONSENT_DATE = "consentDate";

    // RecordConsentWithdrawal
    /** Which consent the patient withdraws: {@code research} or {@code patient-privacy}. */
    public static final String CONSENT_SCOPE = "consentScope";
    /** The day the patient withdrew (ISO date; default today). */
    public static final String WITHDRAWAL_DATE = "withdrawalDate";
    /** The Consent that was set inactive ({@code Consent/<id>/_history/<version>} at the coordinating centre). */
    public static final String WITHDRAWN_CONSENT = "withdrawnConsent";
    /** Why a consent withdrawal could not be recorded (set by the error boundary). */
    public static final String CONSENT_WITHDRAWAL_PROBLEM = "consentWithdrawalProblem";

    // TreatmentStep
    public static final String PREFERRED_CENTRE = "preferredCentre";
    public static final String OVERRIDE_REASON = "overrideReason";
    /** Comma-separated ids of centres that declined, failed or were given up on for this step. */
    public static final String EXCLUDED_CENTRES = "excludedCentres";
    public static final String CENTRE_SELECTION_REASON = "centreSelectionReason";
    public static final String CENTRE_OVERRIDDEN = "centreOverridden";
    /** The referral Task's FHIR status as OncoTwin last saw or wrote it. */
    public static final String REFERRAL_STATUS = "referralStatus";
    /** ISO instant by which the receiving centre should answer the referral (the Task's restriction period end). */
    public static final String ACCEPT_BY = "acceptBy";
    public static final String CLINICAL_SUMMARY = "clinicalSummary";
    public static final String RELEVANT_FINDINGS = "relevantFindings";
    public static final String OPEN_QUESTIONS = "openQuestions";
    public static final String ESCALATION_ACTION = "escalationAction";
    public static final String OUTCOME_REFERENCES = "outcomeReferences";
    /**
     * TreatmentStep: the outputs of the completed referral Task as the watcher saw them (comma-separated references),
     * set with the completion message so that the outcome needs no second read of the Task.
     */
    public static final String REPORTED_OUTPUTS = "reportedOutputs";
    /** TreatmentStep, before a referral is sent: the patient found among the receiving centre's records. */
    public static final String IDENTITY_MATCH = "identityMatch";
    public static final String MATCHED_PATIENT_ID = "matchedPatientId";
    /** The probable records' ids at the receiving centre, comma-separated, in the order the coordinator sees them. */
    public static final String IDENTITY_CANDIDATES = "identityCandidates";
    /** The referred patient and the probable records side by side (a Markdown table for the Confirm identity form). */
    public static final String IDENTITY_COMPARISON = "identityComparison";
    /** The coordinator's answer in Confirm identity: {@code 1}, {@code 2}, {@code 3} (a candidate) or {@code new}. */
    public static final String IDENTITY_CHOICE = "identityChoice";
    /** TreatmentStep while its pathway is on hold: the referral Task's status before OncoTwin set it on-hold. */
    public static final String STATUS_BEFORE_HOLD = "referralStatusBeforeHold";
    /** Pathway, after withdrawal: the referral Tasks cancelled at the centres, comma-separated. */
    public static final String CANCELLED_REFERRALS = "cancelledReferrals";

    // tumour board
    public static final String BOARD_ROUND = "boardRound";
    public static final String DIAGNOSIS_CODE = "diagnosisCode";
    public static final String DIAGNOSIS_TEXT = "diagnosisText";
    public static final String TNM_T = "tnmT";
    public static final String TNM_N = "tnmN";
    public static final String TNM_M = "tnmM";
    public static final String ECOG = "ecog";
    public static final String TREATMENT_ORDER = "treatmentOrder";
    /** Tumour board: kinds of care beyond the four checkboxes, comma-separated codes, e.g. {@code palliative-care} */
    public static final String FURTHER_STEPS = "furtherSteps";
    /** The configured kinds of care, comma-separated, for forms to show (set when a pathway starts) */
    public static final String CARE_STEP_KINDS = "careStepKinds";
    public static final String END_PATHWAY = "endPathway";
    public static final String REPLAN_REASON = "replanReason";
    /** Set when a user task completes: the user whose decision the next step writes to the centres. */
    public static final String LAST_ACTOR = "lastActor";

    public static final String COORDINATING_PATIENT_ID = "coordinatingPatientId";
    public static final String CARE_PLAN_ID = "carePlanId";
    /** The CarePlan's business identifier value: how resources at other centres refer to it. */
    public static final String CARE_PLAN_IDENTIFIER = "carePlanIdentifier";
    public static final String RECEIVING_PATIENT_ID = "receivingPatientId";
    public static final String SERVICE_REQUEST_ID = "serviceRequestId";
    public static final String REFERRAL_TASK_ID = "referralTaskId";
    /** The version of the referral Task whose status {@code referralStatus} is (FHIR versionId). */
    public static final String REFERRAL_TASK_VERSION = "referralTaskVersion";
    /** {@code accepted} or {@code rejected}: the receiving centre's answer to a referral. */
    public static final String REFERRAL_DECISION = "referralDecision";
    public static final String REJECTION_REASON = "rejectionReason";
    public static final String PROCEDURE_ID = "procedureId";
    public static final String PROCEDURE_PERFORMED = "procedurePerformed";
    public static final String PROCEDURE_DATE = "procedureDate";
    public static final String KEY_FINDINGS = "keyFindings";

    private VariableNames() {
    }
}

package org.oncotwin.process;

/** Ids of the activities the code, the tests and the documentation refer to (BPMN ids, Camunda naming). */
public final class Activities {

    // pathways (OncologyPathway, NeoadjuvantPathway)
    public static final String REGISTER_PATIENT = "Task_RegisterPatient";
    public static final String TUMOUR_BOARD = "Task_TumourBoard";
    public static final String RECORD_TUMOUR_BOARD_DECISION = "Task_RecordTumourBoardDecision";
    public static final String FOLLOW_UP = "Task_FollowUp";
    public static final String REVIEW_STEP_PROBLEM = "Task_ReviewStepProblem";
    public static final String COMPLETE_CARE_PLAN = "Task_CompleteCarePlan";
    public static final String REVOKE_CARE_PLAN = "Task_RevokeCarePlan";
    public static final String CANCEL_OPEN_REFERRALS = "Task_CancelOpenReferrals";
    public static final String REVOKE_CARE_PLAN_ON_WITHDRAWAL = "Task_RevokeCarePlanOnWithdrawal";
    public static final String PATHWAY_COMPLETED = "EndEvent_PathwayCompleted";
    public static final String PATHWAY_ENDED = "EndEvent_PathwayEnded";
    public static final String WITHDRAWN = "EndEvent_Withdrawn";

    // TreatmentStep
    public static final String SELECT_CENTRE = "Task_SelectCentre";
    public static final String PREPARE_HANDOVER = "Task_PrepareHandover";
    public static final String HANDOVER = "Task_Handover";
    public static final String FIND_PATIENT_AT_CENTRE = "Task_FindPatientAtCentre";
    public static final String CONFIRM_IDENTITY = "Task_ConfirmIdentity";
    public static final String SEND_REFERRAL = "Task_SendReferral";
    public static final String ANSWER_REFERRAL = "Task_AnswerReferral";
    public static final String ACCEPT_REFERRAL = "Task_AcceptReferral";
    public static final String REJECT_REFERRAL = "Task_RejectReferral";
    public static final String EXCLUDE_CENTRE = "Task_ExcludeCentre";
    public static final String CONFIRM_TREATMENT_START = "Task_ConfirmTreatmentStart";
    public static final String MARK_TREATMENT_STARTED = "Task_MarkTreatmentStarted";
    public static final String REPORT_OUTCOME = "Task_ReportOutcome";
    public static final String RECORD_OUTCOME = "Task_RecordOutcome";
    public static final String IMPORT_OUTCOME = "Task_ImportOutcome";
    public static final String UPDATE_CARE_PLAN_STEP = "Task_UpdateCarePlanStep";
    public static final String ESCALATE_UNANSWERED = "Task_EscalateUnanswered";
    public static final String ESCALATE_NOT_STARTED = "Task_EscalateNotStarted";
    public static final String ESCALATE_NO_OUTCOME = "Task_EscalateNoOutcome";
    public static final String CANCEL_REFERRAL = "Task_CancelReferral";
    public static final String CANCEL_AND_STOP = "Task_CancelAndStop";
    public static final String ANSWER_OVERDUE = "Boundary_AnswerOverdue";
    public static final String START_OVERDUE = "Boundary_StartOverdue";
    public static final String OUTCOME_OVERDUE = "Boundary_OutcomeOverdue";
    public static final String REFERRAL_ACCEPTED_AT_CENTRE = "Boundary_ReferralAccepted";
    public static final String STEP_COMPLETED = "EndEvent_StepCompleted";
    public static final String STEP_FAILED = "EndEvent_StepFailed";
    public static final String STEP_CANCELLED = "EndEvent_StepCancelled";

    // RecordConsentWithdrawal
    public static final String WITHDRAW_CONSENT = "Task_WithdrawConsent";
    public static final String CONSENT_WITHDRAWN = "EndEvent_ConsentWithdrawn";
    public static final String CONSENT_NOT_WITHDRAWN = "EndEvent_ConsentNotWithdrawn";

    private Activities() {
    }
}

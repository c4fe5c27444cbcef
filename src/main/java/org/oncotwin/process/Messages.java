package org.oncotwin.process;

/** BPMN message names. The referral messages stand for a referral Task status that the receiving centre set. */
public final class Messages {

    /** Pathway event subprocess: the patient withdrew; open referrals are cancelled, the care plan revoked. */
    public static final String PATIENT_WITHDREW = "Msg_PatientWithdrew";

    // TreatmentStep
    public static final String REFERRAL_ACCEPTED = "Msg_ReferralAccepted";
    public static final String REFERRAL_REJECTED = "Msg_ReferralRejected";
    public static final String TREATMENT_STARTED = "Msg_TreatmentStarted";
    public static final String STEP_COMPLETED = "Msg_StepCompleted";
    public static final String STEP_FAILED = "Msg_StepFailed";

    private Messages() {
    }
}

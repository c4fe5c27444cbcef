package org.oncotwin.process;

/** BPMN error codes: business outcomes that the models catch (technical failures are retried instead). */
public final class BpmnErrors {

    /** TreatmentStep: the centre reported failure, or the coordinator gave the step up. */
    public static final String STEP_FAILED = "Error_StepFailed";
    /** TreatmentStep: the coordinator cancelled the referral and stopped the step. */
    public static final String STEP_CANCELLED = "Error_StepCancelled";
    /** TreatmentStep, centre selection: no centre left that may deliver the step. */
    public static final String NO_CENTRE_AVAILABLE = "Error_NoCentreAvailable";

    /**
     * RecordConsentWithdrawal: nothing to withdraw (no such patient, no consent of the scope, the patient had
     * declined) or the request is wrong (a withdrawal date in the future); the message says which.
     */
    public static final String CONSENT_NOT_WITHDRAWN = "Error_ConsentNotWithdrawn";

    private BpmnErrors() {
    }
}

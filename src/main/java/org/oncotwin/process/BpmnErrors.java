package org.oncotwin.process;

/** BPMN error codes: business outcomes that the models catch (technical failures are retried instead). */
public final class BpmnErrors {

    /** TreatmentStep: the centre reported failure, or the coordinator gave the step up. */
    public static final String STEP_FAILED = "Error_StepFailed";
    /** TreatmentStep: the coordinator cancelled the referral and stopped the step. */
    public static final String STEP_CANCELLED = "Error_StepCancelled";
    /** TreatmentStep, centre selection: no centre left that may deliver the step. */
    public static final String NO_CENTRE_AVAILABLE = "Error_NoCentreAvailable";

    private BpmnErrors() {
    }
}

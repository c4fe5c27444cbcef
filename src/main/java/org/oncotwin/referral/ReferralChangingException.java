package org.oncotwin.referral;

/** A centre changed a referral that OncoTwin has not applied yet; the caller should try again in a moment. */
public class ReferralChangingException extends RuntimeException {

    public ReferralChangingException(String centreId, String taskId, String known, String atCentre) {
        super("Referral " + taskId + " at " + centreId + " was just changed by the centre (" + known + " -> "
                + atCentre + ") and is being applied; try again in a few seconds");
    }
}

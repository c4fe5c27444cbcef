package org.oncotwin.fhir;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;

/**
 * A call to a centre's FHIR server failed: unreachable, timed out, or answered with an error. The message names the
 * centre, so the incident in Cockpit tells the operator where to look. Technical: the job retries.
 */
public class CentreCallException extends RuntimeException {

    private final String centreId;
    private final int httpStatus;

    CentreCallException(String centreId, String centreName, String what, RuntimeException cause) {
        super("Centre " + centreId + " (" + centreName + "): " + what + " failed: " + cause.getMessage(), cause);
        this.centreId = centreId;
        this.httpStatus = cause instanceof BaseServerResponseException response ? response.getStatusCode() : 0;
    }

    public String centreId() {
        return centreId;
    }

    /** The HTTP status the centre answered with, 0 when it did not answer. */
    public int httpStatus() {
        return httpStatus;
    }
}

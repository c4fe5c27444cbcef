package org.oncotwin.centre;

/** A centre id that the centre directory does not know. */
public class UnknownCentreException extends IllegalArgumentException {

    public UnknownCentreException(String centreId) {
        super("Unknown centre '" + centreId + "'");
    }
}

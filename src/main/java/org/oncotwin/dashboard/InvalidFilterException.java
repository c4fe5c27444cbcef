package org.oncotwin.dashboard;

/** A dashboard filter the API cannot apply (answered 400 with a problem detail). */
public class InvalidFilterException extends RuntimeException {

    public InvalidFilterException(String message) {
        super(message);
    }
}

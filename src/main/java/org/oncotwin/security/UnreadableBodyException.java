package org.oncotwin.security;

/** A request body that cannot be read as it says it is sent (gzip that is not): answered 400. */
public class UnreadableBodyException extends RuntimeException {

    public UnreadableBodyException(String message) {
        super(message);
    }
}

package org.oncotwin.security;

/** A request body read past its limit ({@link RequestSizeLimit}): answered 413. */
public class RequestTooLargeException extends RuntimeException {

    public RequestTooLargeException(long limit) {
        super("The request body is larger than " + limit + " bytes");
    }
}

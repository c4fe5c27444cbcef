package org.oncotwin.research;

import org.springframework.http.HttpStatus;

/** A consent withdrawal that cannot be recorded as asked: the message says why, the status how the API answers. */
public class ConsentRequestException extends RuntimeException {

    private final HttpStatus status;

    private ConsentRequestException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    static ConsentRequestException badRequest(String message) {
        return new ConsentRequestException(HttpStatus.BAD_REQUEST, message);
    }

    static ConsentRequestException notFound(String message) {
        return new ConsentRequestException(HttpStatus.NOT_FOUND, message);
    }

    static ConsentRequestException conflict(String message) {
        return new ConsentRequestException(HttpStatus.CONFLICT, message);
    }

    public HttpStatus status() {
        return status;
    }
}

package org.oncotwin.security;

/** A read of patient data could not be recorded, so it is not answered (503): there is no unrecorded read. */
public class ReadNotRecordedException extends RuntimeException {

    public ReadNotRecordedException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.oncotwin.security;

/** The user may not see this patient now (HTTP 403); the attempt was recorded. */
public class PatientAccessDeniedException extends RuntimeException {

    public PatientAccessDeniedException(String reason) {
        super(reason);
    }
}

package org.oncotwin.process;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A decision the patient made at the referral intake: whether they permit the use of their data for one purpose
 * (scope), and on which day. A question not asked is no decision (no instance of this).
 *
 * @param scope {@link #RESEARCH} or {@link #PATIENT_PRIVACY} (sharing for care across centres)
 */
public record ConsentDecision(String scope, boolean permit, LocalDate date) {

    public static final String RESEARCH = "research";
    public static final String PATIENT_PRIVACY = "patient-privacy";
    public static final String PERMIT = "permit";
    public static final String DENY = "deny";

    public ConsentDecision {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(date, "date");
        if (!isScope(scope)) {
            throw new IllegalArgumentException("Unknown consent scope '" + scope + "'");
        }
    }

    public static boolean isScope(String scope) {
        return RESEARCH.equals(scope) || PATIENT_PRIVACY.equals(scope);
    }
}

package org.oncotwin.referral;

import java.util.List;

/**
 * What OncoTwin found of the referred patient in a receiving centre's own records before writing there.
 *
 * @param grade      {@code certain} (the twin identifier or another identifier OncoTwin knows: {@code patientId} is
 *                   the record to use), {@code probable} (records alike in name, birth date and sex, or $match's
 *                   probable ones: a coordinator confirms) or {@code none} (a new record is created)
 * @param patientId  the centre's record to use when certain, as {@code Patient/<id>}; null otherwise
 * @param candidates the probable records, best first (at most {@link #MAX_CANDIDATES})
 */
public record IdentityMatch(String grade, String patientId, List<Candidate> candidates) {

    public static final int MAX_CANDIDATES = 3;
    public static final String CERTAIN = "certain";
    public static final String PROBABLE = "probable";
    public static final String NONE = "none";

    /** A centre's record that may be the patient: what a coordinator compares. */
    public record Candidate(String patientId, String name, String birthDate, String gender, String identifiers,
                            String address, String why) {
    }

    static IdentityMatch certain(String patientId) {
        return new IdentityMatch(CERTAIN, patientId, List.of());
    }

    static IdentityMatch none() {
        return new IdentityMatch(NONE, null, List.of());
    }
}

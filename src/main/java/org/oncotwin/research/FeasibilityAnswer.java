package org.oncotwin.research;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer to a feasibility query: counts of consenting patients meeting the criteria, per centre and in all (each
 * patient once, so the total may be less than the sum), small counts shown as "&lt;threshold".
 *
 * @param complete false when a centre did not answer: its patients are missing from every count
 */
public record FeasibilityAnswer(Map<String, Object> criteria, Instant askedAt, int threshold, String total,
                                List<CentreCount> centres, List<UnavailableCentre> unavailableCentres,
                                boolean complete) {

    /** @param count the count as shown: a number, or "&lt;threshold" */
    public record CentreCount(String centre, String name, String count) {
    }

    public record UnavailableCentre(String centre, String name, String reason) {
    }
}

package org.oncotwin.twin;

import java.time.Instant;

/**
 * One thing that happened to the patient, for people: when, where, what, in which state, and the resource it comes
 * from (its absolute URL at the centre).
 */
public record TimelineEvent(Instant at, String centre, String kind, String title, String status, String resource) {
}

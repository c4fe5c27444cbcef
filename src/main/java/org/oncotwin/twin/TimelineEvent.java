package org.oncotwin.twin;

import java.time.Instant;

/**
 * One thing that happened to the patient, for people: when, where, what, in which state, the resource it comes from
 * (its absolute URL at the centre) and, when OncoTwin wrote it, who did (from its Provenance). {@code at} is the
 * clinical time (onset, effective, performed, authored); {@code atIsWriteTime} says it is only the time of writing.
 */
public record TimelineEvent(Instant at, String centre, String kind, String title, String status, String resource,
                            String recordedBy, boolean atIsWriteTime) {

    public TimelineEvent(Instant at, String centre, String kind, String title, String status, String resource) {
        this(at, centre, kind, title, status, resource, null, false);
    }

    TimelineEvent recordedBy(String who) {
        return new TimelineEvent(at, centre, kind, title, status, resource, who, atIsWriteTime);
    }

    /** The resource holds no clinical time: {@code at} is when the centre stored it, shown as such. */
    TimelineEvent datedByWriteTime() {
        return new TimelineEvent(at, centre, kind, title, status, resource, recordedBy, true);
    }
}

package org.oncotwin.twin;

import java.time.Instant;

/**
 * One thing that happened to the patient, for people: when, where, what, in which state, the resource it comes from
 * (its absolute URL at the centre) and, when OncoTwin wrote it, who did (from its Provenance).
 */
public record TimelineEvent(Instant at, String centre, String kind, String title, String status, String resource,
                            String recordedBy) {

    public TimelineEvent(Instant at, String centre, String kind, String title, String status, String resource) {
        this(at, centre, kind, title, status, resource, null);
    }

    TimelineEvent recordedBy(String who) {
        return new TimelineEvent(at, centre, kind, title, status, resource, who);
    }
}

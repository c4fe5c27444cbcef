package org.oncotwin.research;

import java.time.Duration;

/** The researcher asked more queries in the last minute than allowed. */
public class TooManyQueriesException extends RuntimeException {

    private final Duration retryAfter;

    TooManyQueriesException(int allowed, Duration retryAfter) {
        super("At most " + allowed + " feasibility queries a minute; try again in " + retryAfter.toSeconds() + " s");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}

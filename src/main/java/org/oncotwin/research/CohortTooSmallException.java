package org.oncotwin.research;

/** Fewer consenting patients than the small-count threshold meet the criteria: tiny cohorts are not exported (422). */
public class CohortTooSmallException extends RuntimeException {

    CohortTooSmallException(int threshold) {
        super("Fewer than " + threshold + " consenting patients meet the criteria; such small cohorts are not exported");
    }
}

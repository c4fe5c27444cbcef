package org.oncotwin.research;

import java.util.Map;

/** A centre did not answer while the cohort was found: an export must not silently lack its patients (503). */
public class CentresUnavailableException extends RuntimeException {

    CentresUnavailableException(Map<String, String> unavailable) {
        super("Not exported, since centres did not answer: " + String.join(", ", unavailable.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).toList()) + "; start it again later");
    }
}

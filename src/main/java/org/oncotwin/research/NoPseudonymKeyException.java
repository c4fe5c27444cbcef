package org.oncotwin.research;

/** No pseudonym key is configured, so nothing can be exported (503). */
public class NoPseudonymKeyException extends RuntimeException {

    NoPseudonymKeyException() {
        super("Exports are not available: no pseudonym key is configured (ONCOTWIN_RESEARCH_PSEUDONYM_KEY, at least "
                + ExportProperties.MIN_KEY_LENGTH + " characters); ask the operators");
    }
}

package org.oncotwin.centre;

import java.util.Collection;

/** A model, a form or the configuration names a kind of care that is not configured. */
public class UnknownCareStepKindException extends IllegalArgumentException {

    public UnknownCareStepKindException(String code, Collection<String> known) {
        super("Unknown kind of care '" + code + "'; configured: " + known
                + " (add it under oncotwin.care-steps.<kind>, see docs/pathways.md)");
    }
}

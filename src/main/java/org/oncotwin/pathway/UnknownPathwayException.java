package org.oncotwin.pathway;

/** No pathway model with this key is deployed. */
public class UnknownPathwayException extends IllegalArgumentException {

    public UnknownPathwayException(String pathway) {
        super("Unknown pathway '" + pathway + "'");
    }
}

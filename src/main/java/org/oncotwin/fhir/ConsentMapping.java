package org.oncotwin.fhir;

import org.hl7.fhir.r4.model.Identifier;

/** The patient's consent decisions as FHIR Consents at the coordinating centre (one per twin and scope). */
public final class ConsentMapping {

    public static final String IDENTIFIER_SYSTEM = "urn:oncotwin:consent";
    public static final String SCOPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentscope";
    public static final String RESEARCH = "research";
    public static final String PATIENT_PRIVACY = "patient-privacy";

    private ConsentMapping() {
    }

    /** The twin id in a Consent's identifier {@code <twinId>.<scope>}, or null when it is not one of OncoTwin's. */
    public static String twinIdOf(Identifier identifier) {
        if (identifier == null || !IDENTIFIER_SYSTEM.equals(identifier.getSystem()) || !identifier.hasValue()) {
            return null;
        }
        String value = identifier.getValue();
        int dot = value.lastIndexOf('.');
        return dot <= 0 ? null : value.substring(0, dot);
    }
}

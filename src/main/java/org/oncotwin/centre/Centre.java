package org.oncotwin.centre;

/** A treatment centre of the network and where its FHIR R4 endpoint lives. */
public record Centre(String id, String name, String fhirBaseUrl, String country) {

    /** Stable identifier system for the centre's {@code Organization} in every FHIR resource OncoTwin writes. */
    public static final String ORGANIZATION_SYSTEM = "urn:oncotwin:centre";
}

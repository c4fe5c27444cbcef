package org.oncotwin.centre;

import java.util.Map;

/** A treatment centre of the network and where its FHIR R4 endpoint lives. */
public record Centre(String id, String name, String fhirBaseUrl, String country, Map<Modality, Integer> waitingDays) {

    public Centre(String id, String name, String fhirBaseUrl, String country) {
        this(id, name, fhirBaseUrl, country, Map.of());
    }

    public boolean offers(Modality modality) {
        return waitingDays.containsKey(modality);
    }

    /** Stable identifier system for the centre's {@code Organization} in every FHIR resource OncoTwin writes. */
    public static final String ORGANIZATION_SYSTEM = "urn:oncotwin:centre";
}

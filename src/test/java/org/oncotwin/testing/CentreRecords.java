package org.oncotwin.testing;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.oncotwin.fhir.CentreClients;
import org.oncotwin.testing.centres.CentreServer;

/** Reads what a centre's FHIR server holds, straight from the server (not through OncoTwin). */
public final class CentreRecords {

    private final IGenericClient client;

    CentreRecords(FhirContext fhirContext, CentreServer centre) {
        this.client = fhirContext.newRestfulGenericClient(centre.baseUrl());
    }

    /** All resources of a type matching a search, e.g. {@code identifier=urn:oncotwin:twin|...}. */
    public <T extends Resource> List<T> search(Class<T> type, String query) {
        String url = type.getSimpleName() + (query.isEmpty() ? "" : "?" + query) + (query.isEmpty() ? "?" : "&")
                + "_count=200";
        // like OncoTwin, ask for a fresh answer: HAPI reuses the result of an identical search for a minute
        Bundle bundle = client.search().byUrl(url).cacheControl(CentreClients.FRESH).returnBundle(Bundle.class)
                .execute();
        if (bundle.getLink(Bundle.LINK_NEXT) != null) {
            throw new IllegalStateException("More than one page of " + type.getSimpleName() + " for " + query);
        }
        return bundle.getEntry().stream().map(e -> type.cast(e.getResource())).toList();
    }

    public <T extends Resource> T read(Class<T> type, String id) {
        return client.read().resource(type).withId(id).execute();
    }

    public IGenericClient client() {
        return client;
    }
}

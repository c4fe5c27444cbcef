package org.oncotwin.testing;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.oncotwin.fhir.CentreClients;

/** Reads what a centre's FHIR server holds, straight from the server (not through OncoTwin). */
public final class CentreRecords {

    private final IGenericClient client;

    CentreRecords(FhirContext fhirContext, String baseUrl) {
        this.client = fhirContext.newRestfulGenericClient(baseUrl);
    }

    /** All resources of a type matching a search (every page), e.g. {@code identifier=urn:oncotwin:twin|...}. */
    public <T extends Resource> List<T> search(Class<T> type, String query) {
        String url = type.getSimpleName() + (query.isEmpty() ? "" : "?" + query) + (query.isEmpty() ? "?" : "&")
                + "_count=200";
        // like OncoTwin, ask for a fresh answer: HAPI reuses the result of an identical search for a minute
        Bundle bundle = client.search().byUrl(url).cacheControl(CentreClients.FRESH).returnBundle(Bundle.class)
                .execute();
        var found = new ArrayList<T>();
        while (true) {
            bundle.getEntry().forEach(e -> found.add(type.cast(e.getResource())));
            if (bundle.getLink(Bundle.LINK_NEXT) == null) {
                return found;
            }
            bundle = client.loadPage().next(bundle).cacheControl(CentreClients.FRESH).execute();
        }
    }

    public <T extends Resource> T read(Class<T> type, String id) {
        return client.read().resource(type).withId(id).execute();
    }

    public IGenericClient client() {
        return client;
    }
}

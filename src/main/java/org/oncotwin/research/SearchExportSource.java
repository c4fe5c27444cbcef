package org.oncotwin.research;

import java.util.List;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.oncotwin.fhir.CentreClients;
import org.springframework.stereotype.Component;

/**
 * Fetches by FHIR search, for centres without Bulk Data: {@code Patient?_id=a,b,...} and
 * {@code [Type]?patient=Patient/a,Patient/b,...}, {@value #IDS_PER_SEARCH} patients a search, in large pages.
 */
@Component
class SearchExportSource implements CentreExportSource {

    static final int IDS_PER_SEARCH = 100;

    private final CentreClients clients;
    private final ResearchProperties properties;

    SearchExportSource(CentreClients clients, ResearchProperties properties) {
        this.clients = clients;
        this.properties = properties;
    }

    @Override
    public void fetch(String centreId, List<String> patientIds, List<String> types, Consumer<String> progress,
                      Consumer<Resource> resources) {
        int done = 0;
        for (String type : types) {
            progress.accept(done + " of " + types.size() + " types (searching " + type + ")");
            for (int from = 0; from < patientIds.size(); from += IDS_PER_SEARCH) {
                List<String> ids = patientIds.subList(from, Math.min(patientIds.size(), from + IDS_PER_SEARCH));
                String url = "Patient".equals(type) ? "Patient?_id=" + String.join(",", ids)
                        : type + "?patient=" + String.join(",", ids.stream().map(id -> "Patient/" + id).toList());
                search(centreId, url + "&_count=" + properties.pageSize(), resources);
            }
            done++;
        }
        progress.accept(done + " of " + types.size() + " types");
    }

    private void search(String centreId, String url, Consumer<Resource> resources) {
        String what = "research export search " + url.substring(0, url.indexOf('?'));
        Bundle page = clients.call(centreId, what, client -> client.search().byUrl(url).returnBundle(Bundle.class)
                .cacheControl(CentreClients.FRESH).execute());
        while (page != null) {
            page.getEntry().stream().filter(entry -> entry.hasResource()
                            && (entry.getSearch().getMode() == null
                            || entry.getSearch().getMode() == Bundle.SearchEntryMode.MATCH))
                    .forEach(entry -> resources.accept(entry.getResource()));
            page = clients.nextPage(centreId, what, page);
        }
    }
}

package org.oncotwin.research;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;
import org.oncotwin.fhir.BusinessIdentifiers;
import org.oncotwin.fhir.CentreClients;
import org.oncotwin.fhir.ConsentMapping;
import org.springframework.stereotype.Component;

/**
 * Brings a centre's {@link CentreFactIndex} up to date: the first time (or after many changes) by searches that ask
 * only for the elements research needs ({@code _elements}, large pages), afterwards by the centre's history of each
 * type since the last time ({@code [type]/_history?_since=}), which also tells deletions and changes that make a
 * resource irrelevant (a withdrawn consent).
 */
@Component
class CentreFactLoader {

    /** Read again what changed shortly before the last read: a write may commit after the centre's clock passed it. */
    private static final Duration OVERLAP = Duration.ofSeconds(5);
    /** Without the centre's own time, look back generously. */
    private static final Duration NO_SERVER_TIME = Duration.ofMinutes(5);

    private final CentreClients clients;
    private final ResearchProperties properties;
    private final Clock clock;

    CentreFactLoader(CentreClients clients, ResearchProperties properties, Clock clock) {
        this.clients = clients;
        this.properties = properties;
        this.clock = clock;
    }

    /** @throws org.oncotwin.fhir.CentreCallException when the centre does not answer; the index keeps what it had */
    void refresh(CentreFactIndex index) {
        for (String type : CentreFactIndex.TYPES) {
            Instant upTo = index.upTo(type);
            if (upTo == null || !changesSince(index, type, upTo)) {
                load(index, type);
            }
        }
    }

    private void load(CentreFactIndex index, String type) {
        String centre = index.centreId();
        String what = "research search " + type;
        Bundle page = clients.call(centre, what, client -> client.search().byUrl(searchOf(type) + "&_count="
                + properties.pageSize()).cacheControl(CentreClients.FRESH).returnBundle(Bundle.class).execute());
        Instant serverTime = serverTime(page);
        java.util.List<Resource> all = new java.util.ArrayList<>();
        while (page != null) {
            for (var entry : page.getEntry()) {
                if (entry.getResource() != null && type.equals(entry.getResource().fhirType())) {
                    all.add(entry.getResource());
                }
            }
            page = clients.nextPage(centre, what, page);
        }
        // only once every page is read: a centre failing halfway leaves the index as it was
        index.clear(type);
        all.forEach(resource -> index.apply(type, resource.getIdElement().getIdPart(), resource));
        index.loadedUpTo(type, serverTime);
    }

    /**
     * Applies the type's history since {@code upTo}, the newest version of each resource.
     *
     * @return false when there were more changes than one page: a new search is cheaper then
     */
    private boolean changesSince(CentreFactIndex index, String type, Instant upTo) {
        String centre = index.centreId();
        String what = "research history " + type;
        Bundle page = clients.call(centre, what, client -> client.history().onType(type)
                .returnBundle(Bundle.class).since(java.util.Date.from(upTo)).count(properties.pageSize())
                .cacheControl(CentreClients.FRESH).execute());
        if (page.getLink(Bundle.LINK_NEXT) != null) {
            return false;
        }
        Map<String, Bundle.BundleEntryComponent> newest = new HashMap<>();
        Map<String, Long> versions = new HashMap<>();
        for (var entry : page.getEntry()) {
            IIdType id = idOf(entry);
            if (id == null || !type.equals(id.getResourceType())) {
                continue;
            }
            long version = id.hasVersionIdPart() && id.isVersionIdPartValidLong() ? id.getVersionIdPartAsLong() : 0;
            if (version >= versions.getOrDefault(id.getIdPart(), -1L)) {
                versions.put(id.getIdPart(), version);
                newest.put(id.getIdPart(), entry);
            }
        }
        newest.forEach((id, entry) -> index.apply(type, id, deleted(entry) ? null : entry.getResource()));
        index.loadedUpTo(type, serverTime(page));
        return true;
    }

    private static boolean deleted(Bundle.BundleEntryComponent entry) {
        return entry.getResource() == null
                || (entry.hasRequest() && entry.getRequest().getMethod() == Bundle.HTTPVerb.DELETE);
    }

    private static IIdType idOf(Bundle.BundleEntryComponent entry) {
        Resource resource = entry.getResource();
        if (resource != null && resource.getIdElement().hasIdPart()) {
            IdType id = resource.getIdElement();
            String version = id.hasVersionIdPart() ? id.getVersionIdPart() : resource.getMeta().getVersionId();
            return new IdType(resource.fhirType(), id.getIdPart(), version);
        }
        String url = entry.hasRequest() && entry.getRequest().hasUrl() ? entry.getRequest().getUrl()
                : entry.getFullUrl();
        if (url == null) {
            return null;
        }
        IdType id = new IdType(url);
        return id.hasIdPart() && id.hasResourceType() ? id : null;
    }

    private Instant serverTime(Bundle page) {
        Instant server = page.getMeta().getLastUpdated() == null ? null : page.getMeta().getLastUpdated().toInstant();
        return server == null ? clock.instant().minus(NO_SERVER_TIME) : server.minus(OVERLAP);
    }

    private static String searchOf(String type) {
        return switch (type) {
            case "Patient" -> "Patient?identifier=" + BusinessIdentifiers.TWIN_SYSTEM
                    + "%7C&_elements=identifier,gender,birthDate";
            case "Condition" -> "Condition?_elements=subject,code,onset,recordedDate";
            case "Observation" -> "Observation?code=" + String.join(",", TnmCategories.LOINC_CODES.values().stream()
                    .flatMap(java.util.List::stream).map(code -> "http://loinc.org%7C" + code).toList())
                    + "&_elements=subject,code,value";
            case "Procedure" -> "Procedure?_elements=subject,code,performed,status";
            case "Consent" -> "Consent?identifier=" + ConsentMapping.IDENTIFIER_SYSTEM + "%7C&scope="
                    + ConsentMapping.SCOPE_SYSTEM + "%7C" + ConsentMapping.RESEARCH + "&_elements=identifier,status,scope";
            default -> throw new IllegalArgumentException(type);
        };
    }
}

package org.oncotwin.centre;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import java.util.LinkedHashMap;
import org.springframework.beans.factory.annotation.Autowired;

/** The centres OncoTwin knows, by id, and which one coordinates pathways by default. */
@Component
public class CentreDirectory {

    private final Map<String, Centre> centres;
    private final Centre coordinatingCentre;

    /** With the shipped kinds of care only. */
    public CentreDirectory(CentreProperties properties) {
        this(properties, CareStepKinds.shipped());
    }

    /** @throws UnknownCareStepKindException when a centre offers a kind of care that is not configured */
    @Autowired
    public CentreDirectory(CentreProperties properties, CareStepKinds kinds) {
        this.centres = properties.centres().entrySet().stream()
                .map(e -> new Centre(e.getKey(), e.getValue().name(), stripTrailingSlash(e.getValue().fhirBaseUrl()),
                        e.getValue().country(), offers(e.getValue(), kinds)))
                .collect(Collectors.toUnmodifiableMap(Centre::id, Function.identity()));
        this.coordinatingCentre = require(properties.coordinatingCentre());
    }

    public Centre require(String centreId) {
        Centre centre = centreId == null ? null : centres.get(centreId);
        if (centre == null) {
            throw new UnknownCentreException(centreId);
        }
        return centre;
    }

    public boolean contains(String centreId) {
        return centreId != null && centres.containsKey(centreId);
    }

    public Centre coordinatingCentre() {
        return coordinatingCentre;
    }

    public List<Centre> all() {
        return centres.values().stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
    }

    private static Map<Modality, Integer> offers(CentreProperties.CentreEntry entry, CareStepKinds kinds) {
        Map<Modality, Integer> offers = new LinkedHashMap<>();
        entry.modalities().forEach((code, offer) -> offers.put(kinds.require(code), offer.waitingDays()));
        return Map.copyOf(offers);
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}

package org.oncotwin.twin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Property;
import org.oncotwin.fhir.References;

/**
 * Merges what the centres hold into one twin: every resource once (by its absolute URL at its centre), and
 * references across centres — logical references by identifier, which OncoTwin writes between centres — resolved to
 * the absolute URL of the resource that carries the identifier.
 */
final class TwinMerge {

    /** A resource of the twin, where it lives. */
    record Located(String centreId, String url, Resource resource) {
    }

    private TwinMerge() {
    }

    static List<Located> merge(List<CentreRecord> records) {
        Map<String, Located> byUrl = new LinkedHashMap<>();
        for (CentreRecord record : records) {
            for (Resource resource : record.resources()) {
                String url = record.baseUrl() + "/" + resource.fhirType() + "/" + resource.getIdElement().getIdPart();
                byUrl.putIfAbsent(url, new Located(record.centreId(), url, resource));
            }
        }
        List<Located> merged = new ArrayList<>(byUrl.values());
        resolveLogicalReferences(merged);
        return merged;
    }

    /** Sets {@code reference} on logical references whose identifier a resource of the twin carries. */
    static void resolveLogicalReferences(List<Located> twin) {
        Map<String, String> urlByIdentifier = new LinkedHashMap<>();
        for (Located located : twin) {
            identifiersOf(located.resource()).forEach(identifier -> urlByIdentifier.putIfAbsent(
                    located.resource().fhirType() + " " + identifier.getSystem() + "|" + identifier.getValue(),
                    located.url()));
        }
        for (Located located : twin) {
            References.in(located.resource()).forEach(reference -> {
                if (!reference.hasReference() && reference.hasIdentifier() && reference.hasType()) {
                    String url = urlByIdentifier.get(reference.getType() + " " + reference.getIdentifier().getSystem()
                            + "|" + reference.getIdentifier().getValue());
                    if (url != null) {
                        reference.setReference(url);
                    }
                }
            });
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Identifier> identifiersOf(Resource resource) {
        Property property = resource.getNamedProperty("identifier");
        if (property == null) {
            return List.of();
        }
        return property.getValues().stream().filter(Identifier.class::isInstance).map(Identifier.class::cast)
                .toList();
    }
}

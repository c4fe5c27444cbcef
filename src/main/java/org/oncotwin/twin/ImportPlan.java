package org.oncotwin.twin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.oncotwin.fhir.References;

/**
 * What an import of a hospital's Bundle will write, decided before anything is written: the entries to import, each
 * with a placeholder full URL; references between entries pointed at those placeholders, however the export wrote
 * them ({@code fullUrl}, {@code urn:uuid:}, relative {@code Type/id}, absolute URL, with or without
 * {@code _history}); references to resources the export left out kept as logical references (their identifier and a
 * display), because a centre refuses a write that points at a resource it does not hold; and what was skipped, why.
 */
final class ImportPlan {

    /** An entry to write: the resource and the placeholder other entries refer to it by. */
    record Entry(int index, Resource resource, String placeholder) {
    }

    /** A reference to a resource that is not in the Bundle, kept without its target. */
    record KeptReference(String from, String target, String keptAs) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final List<KeptReference> kept = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private int resolved;

    private ImportPlan() {
    }

    static ImportPlan of(Bundle bundle) {
        ImportPlan plan = new ImportPlan();
        Map<String, String> placeholders = new HashMap<>();
        Map<String, Integer> firstOfId = new HashMap<>();
        for (int i = 0; i < bundle.getEntry().size(); i++) {
            var entry = bundle.getEntry().get(i);
            Resource resource = entry.getResource();
            if (resource == null) {
                plan.skipped.add("entry " + i + ": no resource");
                continue;
            }
            if (entry.getSearch().getMode() == Bundle.SearchEntryMode.OUTCOME
                    || "OperationOutcome".equals(resource.fhirType())) {
                plan.skipped.add("entry " + i + ": " + resource.fhirType() + " (a message of the exporting server, "
                        + "not a record)");
                continue;
            }
            String localId = localIdOf(resource, entry.getFullUrl());
            if (localId != null && firstOfId.putIfAbsent(localId, i) != null) {
                plan.skipped.add("entry " + i + ": " + localId + " again (the Bundle holds it in entry "
                        + firstOfId.get(localId) + ")");
                continue;
            }
            String placeholder = "urn:uuid:" + UUID.randomUUID();
            if (entry.hasFullUrl()) {
                placeholders.put(entry.getFullUrl(), placeholder);
            }
            if (localId != null) {
                placeholders.put(localId, placeholder);
            }
            plan.entries.add(new Entry(i, resource, placeholder));
        }
        for (Entry entry : plan.entries) {
            String from = entry.resource().fhirType() + " (entry " + entry.index() + ")";
            for (Reference reference : References.in(entry.resource())) {
                plan.point(from, reference, placeholders);
            }
        }
        return plan;
    }

    List<Entry> entries() {
        return entries;
    }

    List<KeptReference> keptReferences() {
        return kept;
    }

    List<String> skipped() {
        return skipped;
    }

    /** References between entries of the Bundle, now pointing at the entry that is written with it. */
    int resolvedReferences() {
        return resolved;
    }

    Map<String, Integer> countByType() {
        Map<String, Integer> counts = new TreeMap<>();
        entries.forEach(entry -> counts.merge(entry.resource().fhirType(), 1, Integer::sum));
        return counts;
    }

    private void point(String from, Reference reference, Map<String, String> placeholders) {
        // the parser links references to the objects of other entries; a plain reference is what is written
        reference.setResource(null);
        String target = reference.getReference();
        if (target == null || target.isBlank() || target.startsWith("#")) {
            return;
        }
        String placeholder = placeholders.get(target);
        if (placeholder == null) {
            placeholder = placeholders.get(typeAndId(target));
        }
        if (placeholder != null) {
            reference.setReference(placeholder);
            resolved++;
            return;
        }
        if (!reference.hasDisplay()) {
            reference.setDisplay(target + " (not in the import)");
        }
        reference.setReference(null);
        String keptAs = reference.hasIdentifier() ? "identifier " + reference.getIdentifier().getSystem() + "|"
                + reference.getIdentifier().getValue() + " and display" : "display";
        kept.add(new KeptReference(from, target, keptAs));
    }

    /** {@code Type/id} of a resource in the export, from its id or its full URL; null if it has neither. */
    private static String localIdOf(Resource resource, String fullUrl) {
        if (resource.getIdElement().hasIdPart() && !resource.getIdElement().getIdPart().startsWith("urn:")) {
            return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
        }
        String fromUrl = fullUrl == null ? null : typeAndId(fullUrl);
        return fromUrl != null && fromUrl.startsWith(resource.fhirType() + "/") ? fromUrl : null;
    }

    /** {@code Type/id} of a relative or absolute reference, without {@code _history}; null for a urn. */
    private static String typeAndId(String reference) {
        if (reference.startsWith("urn:")) {
            return null;
        }
        IdType id = new IdType(reference);
        return id.hasResourceType() && id.hasIdPart() ? id.getResourceType() + "/" + id.getIdPart() : null;
    }
}

package org.oncotwin.twin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.oncotwin.fhir.References;

/**
 * What an import of a hospital's Bundle will write, decided before anything is written: the entries to import, each
 * with a placeholder full URL; references between entries pointed at those placeholders, however the export wrote
 * them ({@code fullUrl}, {@code urn:uuid:}, relative {@code Type/id}, absolute URL, with or without
 * {@code _history}, or conditional by identifier, {@code Type?identifier=system|value}); references to resources the export left out kept as logical references (their identifier and a
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
            for (Identifier identifier : identifiersOf(resource)) {
                placeholders.putIfAbsent(conditional(resource.fhirType(), identifier), placeholder);
            }
            plan.entries.add(new Entry(i, resource, placeholder));
        }
        for (Entry entry : plan.entries) {
            String from = entry.resource().fhirType() + " (entry " + entry.index() + ")";
            for (Reference reference : References.in(entry.resource())) {
                plan.point(from, reference, placeholders, entry.placeholder());
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

    private void point(String from, Reference reference, Map<String, String> placeholders, String own) {
        // the parser links references to the objects of other entries; a plain reference is what is written
        reference.setResource(null);
        String target = reference.getReference();
        if (target == null || target.isBlank() || target.startsWith("#")) {
            return;
        }
        String placeholder = placeholders.get(target);
        if (placeholder == null) {
            placeholder = placeholders.get(target.contains("?") ? normalisedConditional(target) : typeAndId(target));
        }
        if (placeholder != null && !placeholder.equals(own)) {
            reference.setReference(placeholder);
            resolved++;
            return;
        }
        if (!reference.hasDisplay()) {
            // a resource that refers to itself (an Observation its own member) would send HAPI into endless recursion
            reference.setDisplay(target + (placeholder != null ? " (the resource itself)" : " (not in the import)"));
        }
        Identifier searched = target.contains("?") ? identifierSearchedBy(target) : null;
        if (searched != null && !reference.hasIdentifier()) {
            reference.setIdentifier(searched);
        }
        reference.setReference(null);
        String keptAs = reference.hasIdentifier() ? "identifier " + reference.getIdentifier().getSystem() + "|"
                + reference.getIdentifier().getValue() + " and display" : "display";
        kept.add(new KeptReference(from, target, keptAs));
    }

    /**
     * A conditional reference as transaction Bundles write them ({@code Patient?identifier=system|value}), in the
     * form {@link #conditional} gives each entry's identifiers; null if it searches by anything else.
     */
    private static String normalisedConditional(String target) {
        Identifier identifier = identifierSearchedBy(target);
        return identifier == null ? null : conditional(target.substring(0, target.indexOf('?')), identifier);
    }

    private static Identifier identifierSearchedBy(String target) {
        String query = target.substring(target.indexOf('?') + 1);
        if (!query.startsWith("identifier=") || query.contains("&")) {
            return null;
        }
        String token = java.net.URLDecoder.decode(query.substring("identifier=".length()),
                java.nio.charset.StandardCharsets.UTF_8);
        int bar = token.indexOf('|');
        if (bar <= 0 || bar == token.length() - 1) {
            return null;
        }
        return new Identifier().setSystem(token.substring(0, bar)).setValue(token.substring(bar + 1));
    }

    private static String conditional(String type, Identifier identifier) {
        return type + "?identifier=" + identifier.getSystem() + "|" + identifier.getValue();
    }

    /** The identifiers of a resource that have a system and a value; none for types without an identifier. */
    static List<Identifier> identifiersOf(Resource resource) {
        var property = resource.getNamedProperty("identifier");
        if (property == null) {
            return List.of();
        }
        return property.getValues().stream().filter(Identifier.class::isInstance).map(Identifier.class::cast)
                .filter(id -> id.hasSystem() && id.hasValue()).toList();
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

package org.oncotwin.fhir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import java.util.Date;

/**
 * The writes of one pathway step to one centre, sent as one FHIR transaction (all or nothing, one round trip). Every
 * entry is safe to repeat: creates are conditional on the resource's business identifier, updates carry the version
 * they were based on ({@code If-Match}). A Provenance naming all written resources is added on commit.
 */
public final class StepTransaction {

    private final StepContext step;
    private final Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    private final Map<String, Reference> targetsByKey = new LinkedHashMap<>();
    /** What makes this write unique and repeatable: the Provenance id is derived from it. */
    private final List<String> writeSignature = new ArrayList<>();
    private boolean creates;

    StepTransaction(StepContext step) {
        this.step = step;
    }

    /**
     * Creates the resource unless one with the identifier exists at the centre already.
     *
     * @param key names the entry in the {@link WrittenResources} returned on commit
     * @return a reference to use in other resources of this transaction
     */
    public Reference createIfAbsent(String key, Resource resource, Identifier identifier) {
        return createIfAbsent(key, resource, identifier, "urn:uuid:" + UUID.randomUUID());
    }

    /**
     * As {@link #createIfAbsent(String, Resource, Identifier)}, keeping the entry's full URL, so that references
     * to it from other resources of an imported Bundle still resolve.
     */
    public Reference createIfAbsent(String key, Resource resource, Identifier identifier, String fullUrl) {
        return create(key, resource, "identifier=" + BusinessIdentifiers.searchToken(identifier), fullUrl);
    }

    /**
     * Creates the resource, carrying the tag, unless one with the tag exists at the centre already: for resources
     * that have no identifier (an imported Provenance or Binary), the tag naming their content makes the create
     * repeatable.
     */
    public Reference createIfAbsentTagged(String key, Resource resource, Coding tag, String fullUrl) {
        resource.getMeta().addTag(tag.getSystem(), tag.getCode(), tag.getDisplay());
        return create(key, resource, "_tag=" + tag.getSystem() + "|" + tag.getCode(), fullUrl);
    }

    private Reference create(String key, Resource resource, String ifNoneExist, String placeholder) {
        String type = resource.fhirType();
        resource.setId((String) null);
        BundleEntryComponent entry = bundle.addEntry().setFullUrl(placeholder).setResource(resource);
        entry.getRequest().setMethod(HTTPVerb.POST).setUrl(type).setIfNoneExist(ifNoneExist);
        creates = true;
        writeSignature.add(ifNoneExist);
        return remember(key, new Reference(placeholder).setType(type));
    }

    /**
     * Updates a resource read before, only if nobody changed it since ({@code If-Match} on the version it was read
     * with; the server answers 412 otherwise and the step retries with a fresh read).
     */
    public Reference updateIfUnchanged(String key, Resource resource) {
        String type = resource.fhirType();
        String idPart = resource.getIdElement().getIdPart();
        String version = resource.getIdElement().getVersionIdPart();
        if (idPart == null || version == null) {
            throw new IllegalArgumentException(type + " to update must carry the id and version it was read with");
        }
        resource.setId(type + "/" + idPart);
        BundleEntryComponent entry = bundle.addEntry().setResource(resource);
        entry.getRequest().setMethod(HTTPVerb.PUT).setUrl(type + "/" + idPart).setIfMatch("W/\"" + version + "\"");
        writeSignature.add(type + "/" + idPart + "/_history/" + version);
        return remember(key, new Reference(type + "/" + idPart).setType(type));
    }

    /** The id the Provenance of this transaction will have at the centre (known before it is sent). */
    public String provenanceId() {
        return ProvenanceMapping.idOf(step, writeSignature);
    }

    StepContext step() {
        return step;
    }

    Bundle bundleWithProvenance(Date recorded) {
        Bundle copy = bundle.copy();
        var provenance = ProvenanceMapping.of(step, new ArrayList<>(targetsByKey.values()), creates, recorded,
                writeSignature);
        copy.addEntry().setResource(provenance).getRequest()
                .setMethod(HTTPVerb.PUT).setUrl("Provenance/" + provenance.getIdElement().getIdPart());
        return copy;
    }

    List<String> keys() {
        return List.copyOf(targetsByKey.keySet());
    }

    private Reference remember(String key, Reference reference) {
        if (targetsByKey.putIfAbsent(key, reference) != null) {
            throw new IllegalArgumentException("Entry '" + key + "' is already part of this transaction");
        }
        return reference;
    }
}

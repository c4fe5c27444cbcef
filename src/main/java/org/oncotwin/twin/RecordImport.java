package org.oncotwin.twin;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Resource;
import org.oncotwin.centre.CentreDirectory;
import org.oncotwin.fhir.BusinessIdentifiers;
import org.oncotwin.fhir.FhirStepWriter;
import org.oncotwin.fhir.PatientMapping;
import org.oncotwin.fhir.References;
import org.oncotwin.fhir.StepContext;
import org.oncotwin.fhir.WrittenResources;
import org.springframework.stereotype.Service;
import java.util.Objects;

/**
 * Imports a patient's existing records (any FHIR R4 resources, as a Bundle) into a centre, linked to a twin, so a
 * pathway can start for that patient. One transaction; importing the same Bundle again writes nothing new: every
 * resource is created only if absent, by its first identifier or, lacking one, by a hash of its content.
 */
@Service
public class RecordImport {

    static final String IMPORT_SYSTEM = "urn:oncotwin:import";

    private final FhirContext fhirContext;
    private final CentreDirectory centres;
    private final FhirStepWriter writer;

    RecordImport(FhirContext fhirContext, CentreDirectory centres, FhirStepWriter writer) {
        this.fhirContext = fhirContext;
        this.centres = centres;
        this.writer = writer;
    }

    /** Refused input, said in words: nothing was written. */
    /** The Bundle's Patient already carries another twin's identifier (HTTP 409): never merge two patients. */
    public static class ConflictingTwinException extends RuntimeException {
        ConflictingTwinException(String message) {
            super(message);
        }
    }

    public static class InvalidImportException extends IllegalArgumentException {
        InvalidImportException(String message) {
            super(message);
        }
    }

    public record Imported(String centre, String patientId, List<String> written) {
    }

    public Imported importRecords(String twinId, String centreId, String bundleJson, String user) {
        centres.require(centreId);
        Bundle bundle;
        try {
            bundle = fhirContext.newJsonParser().parseResource(Bundle.class, bundleJson);
        } catch (DataFormatException | ClassCastException e) {
            throw new InvalidImportException("Not a FHIR R4 Bundle in JSON: " + e.getMessage());
        }
        List<Resource> resources = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Objects::nonNull).toList();
        if (resources.stream().filter(Patient.class::isInstance).count() != 1) {
            throw new InvalidImportException("The Bundle must hold exactly one Patient, the one the twin is about");
        }
        String otherTwin = PatientMapping.twinIdOf(resources.stream().filter(Patient.class::isInstance)
                .map(Patient.class::cast).findFirst().orElseThrow());
        if (otherTwin != null && !otherTwin.equals(twinId)) {
            throw new ConflictingTwinException("The Patient in the Bundle belongs to another twin (" + otherTwin
                    + "); it is not linked to " + twinId);
        }
        if (resources.size() > 1000) {
            throw new InvalidImportException("At most 1000 resources per import");
        }
        // the parser links references between entries to the resource objects; keep them as plain references, or
        // encoding would contain the referenced resource instead of pointing at it
        resources.forEach(resource -> References.in(resource).forEach(reference -> reference.setResource(null)));
        String hash = UUID.nameUUIDFromBytes(bundleJson.getBytes(StandardCharsets.UTF_8)).toString();
        var step = new StepContext(twinId, "RecordImport", "import-" + hash, "ImportRecords", user);
        WrittenResources written = writer.write(centreId, step, tx -> {
            for (int i = 0; i < bundle.getEntry().size(); i++) {
                var entry = bundle.getEntry().get(i);
                Resource resource = entry.getResource();
                if (resource == null) {
                    continue;
                }
                String fullUrl = entry.hasFullUrl() ? entry.getFullUrl()
                        : resource.getIdElement().hasIdPart() ? resource.fhirType() + "/"
                        + resource.getIdElement().getIdPart() : "urn:uuid:" + UUID.randomUUID();
                Identifier identifier;
                if (resource instanceof Patient patient) {
                    identifier = BusinessIdentifiers.twin(twinId);
                    if (patient.getIdentifier().stream().noneMatch(id -> BusinessIdentifiers.TWIN_SYSTEM
                            .equals(id.getSystem()))) {
                        patient.addIdentifier(identifier.copy().setUse(Identifier.IdentifierUse.SECONDARY));
                    }
                } else {
                    identifier = firstIdentifier(resource);
                    if (identifier == null) {
                        identifier = new Identifier().setSystem(IMPORT_SYSTEM).setValue(UUID.nameUUIDFromBytes(
                                fhirContext.newJsonParser().encodeResourceToString(resource)
                                        .getBytes(StandardCharsets.UTF_8)).toString());
                        addIdentifier(resource, identifier);
                    }
                }
                tx.createIfAbsent(resource.fhirType() + "#" + i, resource, identifier, fullUrl);
            }
        });
        String patientId = written.idsByKey().entrySet().stream().filter(e -> e.getKey().startsWith("Patient#"))
                .map(e -> e.getValue().toVersionless().getValue()).findFirst().orElseThrow();
        return new Imported(centreId, patientId,
                written.idsByKey().values().stream().map(id -> id.toVersionless().getValue()).toList());
    }

    private static Identifier firstIdentifier(Resource resource) {
        Property property = resource.getNamedProperty("identifier");
        if (property == null) {
            return null;
        }
        return property.getValues().stream().filter(Identifier.class::isInstance).map(Identifier.class::cast)
                .filter(id -> id.hasSystem() && id.hasValue()).findFirst().orElse(null);
    }

    private static void addIdentifier(Resource resource, Identifier identifier) {
        if (resource.getNamedProperty("identifier") != null) {
            resource.setProperty("identifier", identifier);
        } else {
            throw new InvalidImportException(resource.fhirType() + " has no identifier element; it cannot be "
                    + "imported safely (repeating the import would duplicate it)");
        }
    }
}

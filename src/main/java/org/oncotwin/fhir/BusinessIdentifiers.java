package org.oncotwin.fhir;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.oncotwin.centre.Centre;

/** The identifier systems OncoTwin uses and the deterministic identifiers of the resources it writes. */
public final class BusinessIdentifiers {

    /** The twin identifier on the Patient at every centre. */
    public static final String TWIN_SYSTEM = "urn:oncotwin:twin";
    /** Identifiers of resources written by a pathway step: {@code <twin>/<process instance>/<activity>/<kind>}. */
    public static final String PATHWAY_RESOURCE_SYSTEM = "urn:oncotwin:pathway-resource";
    /** A Camunda process instance, as the Provenance entity of a write. */
    public static final String PROCESS_INSTANCE_SYSTEM = "urn:oncotwin:process-instance";
    public static final String USER_SYSTEM = "urn:oncotwin:user";
    public static final String SYSTEM_DEVICE_SYSTEM = "urn:oncotwin:system";

    private BusinessIdentifiers() {
    }

    public static Identifier twin(String twinId) {
        return new Identifier().setSystem(TWIN_SYSTEM).setValue(twinId);
    }

    /**
     * The identifier of a resource that one activity of one process instance writes, e.g. the CarePlan of a pathway
     * or the referral Task of a step; {@code kind} tells apart the resources one activity writes.
     */
    public static Identifier pathwayResource(StepContext step, String kind) {
        return new Identifier().setSystem(PATHWAY_RESOURCE_SYSTEM).setValue(
                step.twinId() + "/" + step.processInstanceId() + "/" + step.activityId() + "/" + kind);
    }

    /**
     * The process instance that wrote a resource, as its {@link #pathwayResource} identifier names it; empty for a
     * resource without one (a centre's own) or with one not of that shape.
     */
    public static Optional<String> writingProcessInstance(List<Identifier> identifiers) {
        return identifiers.stream().filter(identifier -> PATHWAY_RESOURCE_SYSTEM.equals(identifier.getSystem()))
                .map(Identifier::getValue).filter(Objects::nonNull).map(value -> value.split("/", -1))
                .filter(parts -> parts.length == 4 && !parts[1].isBlank()).map(parts -> parts[1]).findFirst();
    }

    /** A reference to the Organization of a centre, by its identifier, valid at every centre. */
    public static Reference centreOrganization(String centreId, String centreName) {
        return new Reference().setType("Organization")
                .setIdentifier(new Identifier().setSystem(Centre.ORGANIZATION_SYSTEM)
                        .setValue(centreId))
                .setDisplay(centreName);
    }

    /** A search expression matching exactly this identifier, for {@code If-None-Exist} and searches. */
    public static String searchToken(Identifier identifier) {
        return identifier.getSystem() + "|" + identifier.getValue();
    }

    /** A deterministic, server-acceptable resource id (contains letters, at most 64 characters). */
    public static String deterministicId(String prefix, String... parts) {
        String joined = String.join("/", parts);
        return prefix + "-" + UUID.nameUUIDFromBytes(joined.getBytes(StandardCharsets.UTF_8));
    }
}

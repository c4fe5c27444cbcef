package org.oncotwin.twin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.oncotwin.centre.Centre;
import org.oncotwin.centre.CentreDirectory;
import org.oncotwin.fhir.BusinessIdentifiers;
import org.oncotwin.fhir.CentreClients;
import org.oncotwin.fhir.CentreWorkers;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;
import java.util.Objects;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Provenance;

/**
 * Assembles a patient's twin on demand from every centre, in parallel: the Patient records carrying the twin id and
 * everything that refers to them ({@code Patient/$everything}), merged, each resource once. A centre that is down or
 * slower than {@code oncotwin.twin.centre-timeout} is reported missing; it never fails the whole twin.
 */
@Service
public class TwinAssembler implements DisposableBean {

    private static final int EVERYTHING_PAGE_SIZE = 500;

    private final CentreDirectory centres;
    private final CentreClients clients;
    private final TwinProperties properties;
    private final CentreWorkers pool;

    TwinAssembler(CentreDirectory centres, CentreClients clients, TwinProperties properties) {
        this.centres = centres;
        this.clients = clients;
        this.properties = properties;
        this.pool = CentreWorkers.of("twin-assembly", properties.parallelism());
    }

    /** The twin as assembled now: its resources and what each centre said. */
    public record Twin(String twinId, List<CentreRecord> records, List<TwinMerge.Located> resources) {
    }

    public Twin assemble(String twinId) {
        return assemble(twinId, properties.centreTimeout());
    }

    /** As {@link #assemble(String)}, waiting at most {@code centreTimeout} for each centre. */
    public Twin assemble(String twinId, Duration centreTimeout) {
        List<CompletableFuture<CentreRecord>> asked = new ArrayList<>();
        for (Centre centre : centres.all()) {
            asked.add(CompletableFuture.supplyAsync(() -> fetch(centre, twinId), pool)
                    .completeOnTimeout(CentreRecord.missing(centre.id(), centre.fhirBaseUrl(),
                            "no answer within " + centreTimeout.toMillis() + " ms"),
                            centreTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .exceptionally(e -> CentreRecord.missing(centre.id(), centre.fhirBaseUrl(),
                            rootMessage(e))));
        }
        List<CentreRecord> records = asked.stream().map(CompletableFuture::join).toList();
        return new Twin(twinId, records, TwinMerge.merge(records));
    }

    public TwinView view(Twin twin) {
        List<TwinView.MissingCentre> missing = twin.records().stream().filter(r -> !r.answered())
                .map(r -> new TwinView.MissingCentre(r.centreId(), r.problem())).toList();
        List<TwinView.PatientRecord> patients = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (TwinMerge.Located located : twin.resources()) {
            counts.merge(located.resource().fhirType(), 1, Integer::sum);
            if (located.resource() instanceof Patient patient) {
                patients.add(new TwinView.PatientRecord(located.centreId(), located.url(),
                        patient.getNameFirstRep().getNameAsSingleString(),
                        patient.getBirthDateElement().getValueAsString(),
                        patient.getIdentifier().stream().map(i -> i.getSystem() + "|" + i.getValue()).toList()));
            }
        }
        List<TimelineEvent> timeline = TwinTimeline.of(twin.resources());
        return new TwinView(twin.twinId(), missing.isEmpty(), missing, patients,
                TwinSummary.of(twin.resources(), timeline), timeline, counts);
    }

    /** The twin as one FHIR R4 collection Bundle; each missing centre is an OperationOutcome entry. */
    public Bundle bundle(Twin twin) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        bundle.getMeta().addTag(BusinessIdentifiers.TWIN_SYSTEM, twin.twinId(), "Digital patient twin");
        for (TwinMerge.Located located : twin.resources()) {
            bundle.addEntry().setFullUrl(located.url()).setResource(located.resource());
        }
        for (CentreRecord record : twin.records()) {
            if (!record.answered()) {
                OperationOutcome outcome = new OperationOutcome();
                outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.WARNING)
                        .setCode(OperationOutcome.IssueType.INCOMPLETE)
                        .setDiagnostics("Centre " + record.centreId() + " is missing from this twin: "
                                + record.problem());
                bundle.addEntry().setResource(outcome).getSearch().setMode(Bundle.SearchEntryMode.OUTCOME);
            }
        }
        return bundle;
    }

    private CentreRecord fetch(Centre centre, String twinId) {
        Bundle patients = clients.call(centre.id(), "search the twin's Patient", client -> client.search()
                .forResource(Patient.class)
                .where(Patient.IDENTIFIER.exactly().systemAndIdentifier(BusinessIdentifiers.TWIN_SYSTEM, twinId))
                .cacheControl(CentreClients.FRESH).returnBundle(Bundle.class).execute());
        List<Resource> resources = new ArrayList<>();
        for (var entry : patients.getEntry()) {
            String patientId = entry.getResource().getIdElement().toUnqualifiedVersionless().getValue();
            Bundle page = clients.call(centre.id(), "read everything of " + patientId, client -> client
                    // large pages: a round trip per page is what the twin waits for (the server caps the size)
                    .operation().onInstance(patientId).named("$everything").withParameter(
                            Parameters.class, "_count", new IntegerType(EVERYTHING_PAGE_SIZE))
                    .returnResourceType(Bundle.class).cacheControl(CentreClients.FRESH).execute());
            while (page != null) {
                page.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                        .filter(Objects::nonNull)
                        .forEach(resource -> {
                            resource.setId(resource.getIdElement().toUnqualifiedVersionless());
                            resources.add(resource);
                        });
                page = clients.nextPage(centre.id(), "read everything of " + patientId + " (next page)", page);
            }
        }
        resources.addAll(provenanceOf(centre, resources));
        return new CentreRecord(centre.id(), centre.fhirBaseUrl(), resources, null);
    }

    /** Who wrote what: the Provenance records that target the twin's resources at this centre. */
    private List<Resource> provenanceOf(Centre centre, List<Resource> resources) {
        List<String> targets = resources.stream().filter(r -> !(r instanceof Provenance))
                .map(r -> r.fhirType() + "/" + r.getIdElement().getIdPart()).distinct().toList();
        List<Resource> found = new ArrayList<>();
        for (int from = 0; from < targets.size(); from += 50) {
            String chunk = String.join(",", targets.subList(from, Math.min(targets.size(), from + 50)));
            Bundle page = clients.call(centre.id(), "search Provenance", client -> client.search()
                    .byUrl("Provenance?target=" + chunk + "&_count=500").cacheControl(CentreClients.FRESH)
                    .returnBundle(Bundle.class).execute());
            page.getEntry().forEach(entry -> {
                Resource resource = entry.getResource();
                resource.setId(resource.getIdElement().toUnqualifiedVersionless());
                found.add(resource);
            });
        }
        return found;
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return e.getCause() != null ? e.getCause().getMessage() : cause.getMessage();
    }

    @Override
    public void destroy() {
        pool.close();
    }
}

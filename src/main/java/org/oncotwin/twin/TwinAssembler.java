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
import org.oncotwin.fhir.CentreCallException;
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
    private final PatientIds patientIds = new PatientIds();

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
        return assembleAsync(twinId).join();
    }

    /** As {@link #assemble(String)}, waiting at most {@code centreTimeout} for each centre. */
    public Twin assemble(String twinId, Duration centreTimeout) {
        return assembleAsync(twinId, centreTimeout).join();
    }

    /** The twin, asked of every centre now; the future never fails (a centre that fails is reported missing). */
    public CompletableFuture<Twin> assembleAsync(String twinId) {
        return assembleAsync(twinId, properties.centreTimeout());
    }

    private CompletableFuture<Twin> assembleAsync(String twinId, Duration centreTimeout) {
        List<CompletableFuture<CentreRecord>> asked = new ArrayList<>();
        for (Centre centre : centres.all()) {
            asked.add(fetch(centre, twinId)
                    .completeOnTimeout(CentreRecord.missing(centre.id(), centre.fhirBaseUrl(),
                            "no answer within " + centreTimeout.toMillis() + " ms"),
                            centreTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .exceptionally(e -> CentreRecord.missing(centre.id(), centre.fhirBaseUrl(),
                            rootMessage(e))));
        }
        return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).thenApply(all -> {
            List<CentreRecord> records = asked.stream().map(CompletableFuture::join).toList();
            return new Twin(twinId, records, TwinMerge.merge(records));
        });
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

    /**
     * One centre's part: everything that refers to the twin's Patient records there and the Provenance of
     * OncoTwin's writes for the twin (tagged with the twin id). Where the records are known, both are asked at once;
     * otherwise the records are searched first, and a centre that holds none is asked nothing more.
     */
    private CompletableFuture<CentreRecord> fetch(Centre centre, String twinId) {
        List<String> known = patientIds.known(centre.id(), twinId);
        CompletableFuture<List<String>> ids = known != null ? CompletableFuture.completedFuture(known)
                : CompletableFuture.supplyAsync(() -> searchPatients(centre, twinId), pool);
        return ids.thenCompose(patients -> {
            if (patients.isEmpty()) {
                return CompletableFuture.completedFuture(
                        new CentreRecord(centre.id(), centre.fhirBaseUrl(), List.of(), null));
            }
            var provenance = CompletableFuture.supplyAsync(() -> provenanceOf(centre, twinId), pool);
            var everything = CompletableFuture.supplyAsync(() -> everythingOf(centre, twinId, patients), pool);
            return everything.thenCombine(provenance, (records, written) -> {
                List<Resource> resources = new ArrayList<>(records);
                resources.addAll(written);
                return new CentreRecord(centre.id(), centre.fhirBaseUrl(), resources, null);
            });
        });
    }

    private List<String> searchPatients(Centre centre, String twinId) {
        Bundle patients = clients.call(centre.id(), "search the twin's Patient", client -> client.search()
                .forResource(Patient.class)
                .where(Patient.IDENTIFIER.exactly().systemAndIdentifier(BusinessIdentifiers.TWIN_SYSTEM, twinId))
                .elementsSubset("id").cacheControl(CentreClients.FRESH).returnBundle(Bundle.class).execute());
        List<String> ids = patients.getEntry().stream()
                .map(entry -> entry.getResource().getIdElement().toUnqualifiedVersionless().getValue()).toList();
        patientIds.remember(centre.id(), twinId, ids);
        return ids;
    }

    private List<Resource> everythingOf(Centre centre, String twinId, List<String> patients) {
        try {
            return everythingOf(centre, patients);
        } catch (CentreCallException e) {
            if (e.httpStatus() != 404 && e.httpStatus() != 410) {
                throw e;
            }
            // merged or deleted at the centre since it was found: search again
            patientIds.forget(centre.id(), twinId);
            return everythingOf(centre, searchPatients(centre, twinId));
        }
    }

    private List<Resource> everythingOf(Centre centre, List<String> patientIds) {
        List<Resource> resources = new ArrayList<>();
        for (String patientId : patientIds) {
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
        return resources;
    }

    /** Who wrote what: the Provenance of OncoTwin's writes for the twin at this centre. */
    private List<Resource> provenanceOf(Centre centre, String twinId) {
        List<Resource> found = new ArrayList<>();
        Bundle page = clients.call(centre.id(), "search Provenance", client -> client.search()
                .forResource(Provenance.class)
                .withTag(BusinessIdentifiers.TWIN_SYSTEM, twinId).count(EVERYTHING_PAGE_SIZE)
                .cacheControl(CentreClients.FRESH).returnBundle(Bundle.class).execute());
        while (page != null) {
            page.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(Objects::nonNull)
                    .forEach(resource -> {
                        resource.setId(resource.getIdElement().toUnqualifiedVersionless());
                        found.add(resource);
                    });
            page = clients.nextPage(centre.id(), "search Provenance (next page)", page);
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

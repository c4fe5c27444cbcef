package org.oncotwin.twin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import ca.uhn.fhir.rest.api.CacheControlDirective;
import ca.uhn.fhir.rest.client.api.IGenericClient;
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
    /** At most this many resources are asked for in one piece (HAPI's default limit for {@code no-store}). */
    static final int IN_ONE_PIECE = 1000;
    private static final CacheControlDirective ONE_PIECE = new CacheControlDirective().setNoCache(true)
            .setNoStore(true).setMaxResults(IN_ONE_PIECE);

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
            String what = "read everything of " + patientId;
            resources.addAll(wholeAnswer(centre, what, (client, count, cacheControl) -> client.operation()
                    .onInstance(patientId).named("$everything")
                    .withParameter(Parameters.class, "_count", new IntegerType(count))
                    .returnResourceType(Bundle.class).cacheControl(cacheControl).execute()));
        }
        return resources;
    }

    /** Who wrote what: the Provenance of OncoTwin's writes for the twin at this centre. */
    private List<Resource> provenanceOf(Centre centre, String twinId) {
        return wholeAnswer(centre, "search Provenance", (client, count, cacheControl) -> client.search()
                .forResource(Provenance.class).withTag(BusinessIdentifiers.TWIN_SYSTEM, twinId).count(count)
                .cacheControl(cacheControl).returnBundle(Bundle.class).execute());
    }

    /** A search or operation asked with a page size and a cache control. */
    private interface Ask {
        Bundle ask(IGenericClient client, int count, CacheControlDirective cacheControl);
    }

    /**
     * Every resource of an answer. Asked first in one piece, with {@code no-store}: the centre need not keep the
     * result for paging (for a HAPI JPA server a third less CPU per {@code $everything}). A server that pages anyway
     * is followed page by page; an answer that fills the whole piece may have been cut there, so it is asked again
     * in pages.
     */
    private List<Resource> wholeAnswer(Centre centre, String what, Ask ask) {
        Bundle whole = clients.call(centre.id(), what, client -> ask.ask(client, IN_ONE_PIECE, ONE_PIECE));
        if (whole.getLink(Bundle.LINK_NEXT) == null && whole.getEntry().size() < IN_ONE_PIECE) {
            return resourcesOf(whole);
        }
        List<Resource> resources = new ArrayList<>();
        Bundle page = whole.getLink(Bundle.LINK_NEXT) != null ? whole
                : clients.call(centre.id(), what + " (in pages)",
                        client -> ask.ask(client, EVERYTHING_PAGE_SIZE, CentreClients.FRESH));
        while (page != null) {
            resources.addAll(resourcesOf(page));
            page = clients.nextPage(centre.id(), what + " (next page)", page);
        }
        return resources;
    }

    private static List<Resource> resourcesOf(Bundle page) {
        List<Resource> resources = new ArrayList<>();
        page.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(Objects::nonNull)
                .forEach(resource -> {
                    resource.setId(resource.getIdElement().toUnqualifiedVersionless());
                    resources.add(resource);
                });
        return resources;
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

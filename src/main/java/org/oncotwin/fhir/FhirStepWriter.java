package org.oncotwin.fhir;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.IdType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Sends the writes of one pathway step to one centre as one transaction Bundle, with its Provenance. */
@Component
public class FhirStepWriter {

    private static final Logger log = LoggerFactory.getLogger(FhirStepWriter.class);

    private final CentreClients clients;
    private final Clock clock;
    private final MeterRegistry meters;

    FhirStepWriter(CentreClients clients, Clock clock, MeterRegistry meters) {
        this.clients = clients;
        this.clock = clock;
        this.meters = meters;
    }

    public WrittenResources write(String centreId, StepContext step, Consumer<StepTransaction> entries) {
        StepTransaction transaction = new StepTransaction(step);
        entries.accept(transaction);
        return commit(centreId, transaction);
    }

    private WrittenResources commit(String centreId, StepTransaction transaction) {
        Bundle request = transaction.bundleWithProvenance(Date.from(clock.instant()));
        StepContext step = transaction.step();
        Bundle response = sendConflictTolerant(centreId, "transaction of " + step.activityId(), request);
        meters.counter("oncotwin.fhir.step.transactions", "centre", centreId).increment();
        List<BundleEntryComponent> answers = response.getEntry();
        if (answers.size() != request.getEntry().size()) {
            throw new FhirResponseException(centreId, "transaction answered " + answers.size()
                    + " entries for " + request.getEntry().size() + " sent");
        }
        Map<String, IdType> ids = new LinkedHashMap<>();
        List<String> keys = transaction.keys();
        for (int i = 0; i < keys.size(); i++) {
            ids.put(keys.get(i), locationOf(centreId, answers.get(i)));
        }
        IdType provenanceId = locationOf(centreId, answers.get(answers.size() - 1));
        log.info("Wrote {} to centre {} for twin {} ({} {})", ids.values(), centreId, step.twinId(),
                step.processInstanceId(), step.activityId());
        return new WrittenResources(centreId, Map.copyOf(ids), provenanceId);
    }

    /**
     * Sends the transaction; once more if the centre answers 409. Two writers creating the same patient at once (a
     * pathway step and an import, say) race on the conditional create, and HAPI refuses the loser with 409; sent
     * again, its conditional create finds the winner's resource, so the retry is what the writer meant.
     */
    private Bundle sendConflictTolerant(String centreId, String what, Bundle request) {
        try {
            return clients.call(centreId, what, client -> client.transaction().withBundle(request).execute());
        } catch (CentreCallException e) {
            if (e.httpStatus() != 409) {
                throw e;
            }
            log.info("Centre {} answered 409 to the {}; sending it again", centreId, what);
            return clients.call(centreId, what, client -> client.transaction().withBundle(request).execute());
        }
    }

    private static IdType locationOf(String centreId, BundleEntryComponent answer) {
        String location = answer.getResponse().getLocation();
        if (location == null || location.isBlank()) {
            throw new FhirResponseException(centreId, "transaction response entry without location (status "
                    + answer.getResponse().getStatus() + ")");
        }
        IdType id = new IdType(location);
        if (!id.hasResourceType() || !id.hasIdPart()) {
            throw new FhirResponseException(centreId, "unreadable location '" + location + "' in transaction response");
        }
        if (!id.hasVersionIdPart() && answer.getResponse().hasEtag()) {
            // W/"3": the version of what the server holds now
            String version = answer.getResponse().getEtag().replaceAll("^W/", "").replace("\"", "");
            id = id.withVersion(version);
        }
        return id.toUnqualified();
    }
}

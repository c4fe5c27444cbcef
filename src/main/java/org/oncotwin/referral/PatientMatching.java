package org.oncotwin.referral;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.oncotwin.centre.Centre;
import org.oncotwin.centre.CentreDirectory;
import org.oncotwin.fhir.BusinessIdentifiers;
import org.oncotwin.fhir.CentreCallException;
import org.oncotwin.fhir.CentreClients;
import org.oncotwin.fhir.PatientMapping;
import org.oncotwin.process.PatientDetails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Looks for the referred patient among a receiving centre's own records before OncoTwin writes there, so that a
 * hospital that already knows the patient does not get a second record:
 * <ol>
 *   <li>the twin identifier (OncoTwin referred the patient there before): certain;</li>
 *   <li>an identifier OncoTwin knows, the coordinating centre's MRN (hospitals keep the referrer's number): certain;</li>
 *   <li>{@code Patient/$match} where the centre offers it: its {@code certain} answer is certain, {@code probable}
 *   and {@code possible} ones are candidates;</li>
 *   <li>otherwise the centre's records with the same birth date, compared by name and sex ({@link DemographicMatch}):
 *   candidates.</li>
 * </ol>
 * Records that carry another twin's identifier are never candidates: OncoTwin already knows them as someone else.
 */
@Service
public class PatientMatching {

    private static final Logger log = LoggerFactory.getLogger(PatientMatching.class);
    private static final String MATCH_GRADE = "http://hl7.org/fhir/StructureDefinition/match-grade";
    /** How long a centre that answered $match as unsupported is not asked again. */
    private static final Duration MATCH_UNSUPPORTED_FOR = Duration.ofHours(1);

    private final CentreDirectory centres;
    private final CentreClients clients;
    private final Clock clock;
    private final Map<String, Instant> matchUnsupportedUntil = new ConcurrentHashMap<>();

    PatientMatching(CentreDirectory centres, CentreClients clients, Clock clock) {
        this.centres = centres;
        this.clients = clients;
        this.clock = clock;
    }

    public IdentityMatch find(String centreId, PatientDetails patient, String coordinatingCentreId) {
        Optional<Patient> linked = first(centreId, "Patient?identifier="
                + BusinessIdentifiers.searchToken(BusinessIdentifiers.twin(patient.twinId())));
        if (linked.isPresent()) {
            return IdentityMatch.certain(idOf(linked.get()));
        }
        if (patient.mrn() != null && !patient.mrn().isBlank()) {
            Centre coordinating = centres.require(coordinatingCentreId);
            Optional<Patient> byMrn = first(centreId, "Patient?identifier=" + PatientMapping.mrnSystem(coordinating)
                    + "|" + patient.mrn());
            if (byMrn.isPresent() && PatientMapping.twinIdOf(byMrn.get()) == null) {
                return IdentityMatch.certain(idOf(byMrn.get()));
            }
        }
        Map<String, IdentityMatch.Candidate> candidates = new LinkedHashMap<>();
        Optional<String> certain = byMatchOperation(centreId, patient, candidates);
        if (certain.isPresent()) {
            return IdentityMatch.certain(certain.get());
        }
        if (patient.birthDate() != null) {
            for (Patient record : search(centreId, "Patient?birthdate=" + patient.birthDate() + "&_count=200")) {
                if (PatientMapping.twinIdOf(record) != null) {
                    continue;
                }
                DemographicMatch.probable(patient, record).ifPresent(why ->
                        candidates.putIfAbsent(idOf(record), candidate(record, why)));
            }
        }
        if (candidates.isEmpty()) {
            return IdentityMatch.none();
        }
        return new IdentityMatch(IdentityMatch.PROBABLE, null,
                candidates.values().stream().limit(IdentityMatch.MAX_CANDIDATES).toList());
    }

    /** @return the certain match of the centre's $match, if it offers the operation and finds one */
    private Optional<String> byMatchOperation(String centreId, PatientDetails patient,
                                              Map<String, IdentityMatch.Candidate> candidates) {
        Instant until = matchUnsupportedUntil.get(centreId);
        if (until != null && clock.instant().isBefore(until)) {
            return Optional.empty();
        }
        Centre centre = centres.require(centreId);
        var input = new Parameters();
        input.addParameter().setName("resource").setResource(PatientMapping.toPatient(patient, centre, false));
        input.addParameter().setName("onlyCertainMatches").setValue(new org.hl7.fhir.r4.model.BooleanType(false));
        input.addParameter().setName("count").setValue(new org.hl7.fhir.r4.model.IntegerType(10));
        Bundle answer;
        try {
            answer = clients.call(centreId, "Patient/$match", client -> client.operation().onType(Patient.class)
                    .named("$match").withParameters(input).returnResourceType(Bundle.class).execute());
        } catch (CentreCallException e) {
            if (e.getCause() instanceof BaseServerResponseException response && response.getStatusCode() >= 400
                    && response.getStatusCode() < 500 || e.getCause() instanceof BaseServerResponseException r
                    && r.getStatusCode() == 501) {
                log.info("Centre {} offers no Patient/$match ({}); comparing name, birth date and sex", centreId,
                        e.getMessage());
                matchUnsupportedUntil.put(centreId, clock.instant().plus(MATCH_UNSUPPORTED_FOR));
                return Optional.empty();
            }
            throw e;
        }
        List<String> certain = new ArrayList<>();
        for (var entry : answer.getEntry()) {
            if (!(entry.getResource() instanceof Patient record) || PatientMapping.twinIdOf(record) != null) {
                continue;
            }
            Extension grade = entry.getSearch().getExtensionByUrl(MATCH_GRADE);
            String code = grade == null ? "possible" : grade.getValue().primitiveValue();
            if ("certain".equals(code)) {
                certain.add(idOf(record));
            } else if ("probable".equals(code) || "possible".equals(code)) {
                candidates.putIfAbsent(idOf(record), candidate(record, "the centre's $match: " + code
                        + (entry.getSearch().hasScore() ? " (score " + entry.getSearch().getScore() + ")" : "")));
            }
        }
        return certain.size() == 1 ? Optional.of(certain.get(0)) : Optional.empty();
    }

    private Optional<Patient> first(String centreId, String url) {
        return search(centreId, url).stream().findFirst();
    }

    private List<Patient> search(String centreId, String url) {
        Bundle found = clients.call(centreId, "search " + url, client -> client.search().byUrl(url)
                .cacheControl(CentreClients.FRESH).returnBundle(Bundle.class).execute());
        return found.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Patient.class::isInstance).map(Patient.class::cast).toList();
    }

    private static String idOf(Patient patient) {
        return "Patient/" + patient.getIdElement().getIdPart();
    }

    private static IdentityMatch.Candidate candidate(Patient record, String why) {
        String name = record.getName().stream().map(n -> (n.getGivenAsSingleString() + " " + n.getFamily()).trim())
                .collect(Collectors.joining("; "));
        String identifiers = record.getIdentifier().stream()
                .map(i -> (i.hasType() && i.getType().hasText() ? i.getType().getText() + " " : "") + i.getValue())
                .collect(Collectors.joining(", "));
        String address = record.getAddress().stream().map(a -> String.join(" ", a.getLine().stream()
                        .map(l -> l.getValue()).toList()) + " " + (a.hasCity() ? a.getCity() : ""))
                .map(String::trim).collect(Collectors.joining("; "));
        return new IdentityMatch.Candidate(idOf(record), name,
                record.hasBirthDate() ? record.getBirthDateElement().getValueAsString() : "",
                record.hasGender() ? record.getGender().toCode() : "not recorded", identifiers, address, why);
    }
}

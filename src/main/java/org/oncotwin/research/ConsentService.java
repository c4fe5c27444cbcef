package org.oncotwin.research;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.oncotwin.centre.Centre;
import org.oncotwin.centre.CentreDirectory;
import org.oncotwin.fhir.BusinessIdentifiers;
import org.oncotwin.fhir.CentreClients;
import org.oncotwin.fhir.ConsentMapping;
import org.oncotwin.fhir.FhirStepWriter;
import org.oncotwin.fhir.StepContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The patient's consents as the centres hold them, and their withdrawal: the one service behind
 * {@code POST /api/twins/{twinId}/consents/{scope}/withdrawal} and the Tasklist process RecordConsentWithdrawal.
 * A Consent lives at the coordinating centre of the pathway whose intake recorded it; since a patient's pathways may be
 * coordinated by different centres, every centre is asked, and a withdrawal sets each agreed Consent of the twin and
 * scope inactive (the centre keeps the earlier version in its history; nothing is deleted).
 */
@Service
public class ConsentService {

    private static final Logger audit = LoggerFactory.getLogger("org.oncotwin.audit");
    private static final int MAX_REASON_LENGTH = 2000;

    private final CentreDirectory centres;
    private final CentreClients clients;
    private final FhirStepWriter writer;
    private final Clock clock;

    ConsentService(CentreDirectory centres, CentreClients clients, FhirStepWriter writer, Clock clock) {
        this.centres = centres;
        this.clients = clients;
        this.writer = writer;
        this.clock = clock;
    }

    /**
     * A Consent as people read it.
     *
     * @param status {@code active} (agreed), {@code rejected} (declined), {@code inactive} (withdrawn)
     * @param decision {@code permit} or {@code deny}: what the patient decided at first
     * @param consent {@code Consent/<id>} at {@code centre}; {@code version} its FHIR versionId
     */
    public record ConsentView(String scope, String status, String decision, LocalDate date, LocalDate withdrawn,
                              String centre, String consent, String version) {
    }

    /** The twin's consents at every centre, research first. */
    public List<ConsentView> consents(String twinId) {
        String twin = twinIdOf(twinId);
        List<ConsentView> views = new ArrayList<>();
        for (String scope : List.of(ConsentMapping.RESEARCH, ConsentMapping.PATIENT_PRIVACY)) {
            for (Held held : find(twin, scope)) {
                views.add(view(held));
            }
        }
        return views;
    }

    /**
     * Records that the patient withdrew their consent of this scope. Repeating it writes nothing and answers the
     * withdrawn state.
     *
     * @param date ISO date of the withdrawal; null or blank: today
     * @param step who withdraws in which process; null for the API (then {@code actor} names the user)
     * @throws ConsentRequestException when the twin id, scope, date or reason is wrong (400), the patient has no
     *         consent of the scope (404), or declined it (409)
     */
    public ConsentView withdraw(String twinId, String scope, String date, String reason, StepContext step,
                                String actor) {
        String twin = twinIdOf(twinId);
        if (!ConsentMapping.RESEARCH.equals(scope) && !ConsentMapping.PATIENT_PRIVACY.equals(scope)) {
            throw ConsentRequestException.badRequest("Unknown consent scope '" + scope + "'; known: "
                    + ConsentMapping.RESEARCH + ", " + ConsentMapping.PATIENT_PRIVACY);
        }
        if (reason != null && reason.length() > MAX_REASON_LENGTH) {
            throw ConsentRequestException.badRequest("The reason may be at most " + MAX_REASON_LENGTH
                    + " characters long");
        }
        LocalDate withdrawnOn = withdrawalDate(date);
        List<Held> held = find(twin, scope);
        if (held.isEmpty()) {
            throw ConsentRequestException.notFound("Twin " + twin + " has no " + scope + " consent at any centre");
        }
        List<ConsentView> results = new ArrayList<>();
        for (Held one : held) {
            results.add(withdraw(one, twin, withdrawnOn, reason, step, actor));
        }
        return results.get(0);
    }

    private ConsentView withdraw(Held held, String twin, LocalDate withdrawnOn, String reason, StepContext step,
                                 String actor) {
        Consent consent = held.consent();
        if (ConsentMapping.isWithdrawn(consent)) {
            return view(held); // withdrawn before: nothing new to write
        }
        if (!ConsentMapping.isAgreed(consent)) {
            throw ConsentRequestException.conflict("The patient declined the " + ConsentMapping.scopeOf(consent)
                    + " consent (status " + consent.getStatus().toCode() + "); there is no agreement to withdraw");
        }
        LocalDate decided = ConsentMapping.decisionDate(consent);
        if (decided != null && withdrawnOn.isBefore(decided)) {
            throw ConsentRequestException.badRequest("The withdrawal date " + withdrawnOn
                    + " lies before the consent was given (" + decided + ")");
        }
        String version = consent.getMeta().getVersionId();
        consent.setId(consent.getIdElement().toUnqualifiedVersionless().withVersion(version));
        ConsentMapping.withdraw(consent, withdrawnOn);
        StepContext writing = step != null ? step : new StepContext(twin, "ConsentWithdrawal",
                "consent-withdrawal/" + consent.getIdElement().getIdPart(), "WithdrawConsent", actor);
        var written = writer.write(held.centre().id(), writing, tx -> tx.updateIfUnchanged("consent", consent));
        audit.info("Consent {} of twin {} withdrawn at {} on {} by {}: {}", ConsentMapping.scopeOf(consent), twin,
                held.centre().id(), withdrawnOn, writing.actor(), reason == null || reason.isBlank() ? "(no reason)"
                        : reason);
        consent.getMeta().setVersionId(written.version("consent"));
        return view(new Held(held.centre(), consent));
    }

    private LocalDate withdrawalDate(String date) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        if (date == null || date.isBlank()) {
            return today;
        }
        LocalDate withdrawnOn;
        try {
            withdrawnOn = LocalDate.parse(date.trim());
        } catch (DateTimeParseException e) {
            throw ConsentRequestException.badRequest("The withdrawal date must be a date like 2026-11-30, was '"
                    + abbreviate(date) + "'");
        }
        if (withdrawnOn.isAfter(today)) {
            throw ConsentRequestException.badRequest("The withdrawal date " + withdrawnOn
                    + " lies in the future");
        }
        return withdrawnOn;
    }

    private record Held(Centre centre, Consent consent) {
    }

    /** The Consents of the twin and scope, at every centre (usually one, at the coordinating centre). */
    private List<Held> find(String twinId, String scope) {
        var identifier = ConsentMapping.identifier(twinId, scope);
        List<Held> held = new ArrayList<>();
        for (Centre centre : centresCoordinatingFirst()) {
            Bundle found = clients.call(centre.id(), "search Consent " + identifier.getValue(), client -> client
                    .search().forResource(Consent.class)
                    .where(Consent.IDENTIFIER.exactly().systemAndIdentifier(identifier.getSystem(),
                            identifier.getValue()))
                    .cacheControl(CentreClients.FRESH).returnBundle(Bundle.class).execute());
            found.getEntry().stream().map(e -> (Consent) e.getResource())
                    .forEach(consent -> held.add(new Held(centre, consent)));
        }
        return held;
    }

    private List<Centre> centresCoordinatingFirst() {
        String coordinating = centres.coordinatingCentre().id();
        return centres.all().stream().sorted(Comparator.comparing(c -> !c.id().equals(coordinating))).toList();
    }

    private static ConsentView view(Held held) {
        Consent consent = held.consent();
        return new ConsentView(ConsentMapping.scopeOf(consent), consent.getStatus().toCode(),
                consent.getProvision().getType() == null ? null : consent.getProvision().getType().toCode(),
                ConsentMapping.decisionDate(consent), ConsentMapping.withdrawalDate(consent), held.centre().id(),
                consent.getIdElement().toUnqualifiedVersionless().getValue(), consent.getMeta().getVersionId());
    }

    private static String twinIdOf(String twinId) {
        try {
            return UUID.fromString(twinId == null ? "" : twinId.trim()).toString();
        } catch (IllegalArgumentException e) {
            throw ConsentRequestException.badRequest("A twin id is a UUID, was '" + abbreviate(twinId) + "'");
        }
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}

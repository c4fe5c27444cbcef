package org.oncotwin.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import jakarta.servlet.http.HttpServletRequest;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.oncotwin.centre.CentreDirectory;
import org.oncotwin.fhir.AuditEventMapping;
import java.util.UUID;
import org.springframework.dao.DataAccessException;
import org.oncotwin.process.TreatmentStepVariables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;

/**
 * The one answer to "may this user see this patient now, and why", and the record of every read. Staff and physicians
 * of a centre see a patient while their centre takes part in one of the patient's pathways (it coordinates, or a
 * referral went to it) and for {@code oncotwin.security.access-after-pathway} after; coordinators see the patients of
 * their network; managers never see a patient; operators only by breaking the glass, with a stated reason. Every
 * decision, allowed or not, is recorded in OncoTwin's database before any data is returned, and becomes a FHIR
 * AuditEvent at the patient's coordinating centre ({@link AccessRecordDelivery}, within seconds; while the centre is
 * down, the records wait for it).
 */
@Service
public class PatientAccess {

    /** The header in which an operator states why they break the glass. */
    public static final String BREAK_GLASS_HEADER = "X-Break-Glass-Reason";
    private static final int MIN_BREAK_GLASS_REASON = 10;
    private static final Logger audit = LoggerFactory.getLogger("org.oncotwin.audit");
    private static final Logger log = LoggerFactory.getLogger(PatientAccess.class);

    private final HistoryService history;
    private final IdentityService identity;
    private final CentreDirectory centres;
    private final AccessRecords accessRecords;
    private final AccessRecordDelivery delivery;
    private final SecurityProperties properties;
    private final Clock clock;
    /**
     * The patients' pathways as read in the last seconds: a page reads a patient several times at once, and the two
     * history queries would come first in each. Only allowing decisions use them (see readWhileRecording).
     */
    private final RecentPathways recentPathways;

    PatientAccess(HistoryService history, IdentityService identity, CentreDirectory centres,
                  AccessRecords accessRecords, AccessRecordDelivery delivery, SecurityProperties properties,
                  Clock clock) {
        this.history = history;
        this.identity = identity;
        this.centres = centres;
        this.accessRecords = accessRecords;
        this.delivery = delivery;
        this.properties = properties;
        this.clock = clock;
        this.recentPathways = new RecentPathways(clock);
    }

    /** Who reads, from where, and, for operators, why they break the glass. */
    public record Reader(Authentication user, String clientAddress, String breakGlassReason) {
    }

    public record Decision(boolean allowed, String purpose, String reason) {
    }

    /**
     * Decides, records the decision at the coordinating centre, and returns only when the read is allowed.
     *
     * @param what what is read, for the record: "twin timeline", "pathway state", ...
     * @throws PatientAccessDeniedException when the user may not see the patient (recorded too)
     * @throws ReadNotRecordedException when the read cannot be recorded: no unrecorded read of patient data
     */
    public void requireRead(Reader reader, String twinId, String what) {
        readWhileRecording(reader, twinId, what, () -> CompletableFuture.completedFuture(null));
    }

    /**
     * As {@link #requireRead}, but a read that is allowed starts before its record is written: the data is returned
     * only once the read is recorded, and not at all when it cannot be.
     *
     * @param read starts the read (asynchronously) and returns its result to come
     */
    public <T> T readWhileRecording(Reader reader, String twinId, String what, Supplier<CompletableFuture<T>> read) {
        PatientPathways pathways = recentPathways.get(twinId);
        Decision decision = pathways == null ? null : decide(reader, pathways);
        if (decision == null || !decision.allowed()) {
            // a refusal is never based on what was read a moment ago: a centre may have just been referred to
            pathways = pathwaysOf(twinId);
            recentPathways.put(twinId, pathways);
            decision = decide(reader, pathways);
        }
        String centreId = pathways.coordinatingCentre(centres.coordinatingCentre().id());
        if (!decision.allowed()) {
            record(reader, twinId, what, decision, centreId);
            throw new PatientAccessDeniedException(decision.reason());
        }
        CompletableFuture<T> result = read.get();
        try {
            record(reader, twinId, what, decision, centreId);
        } catch (RuntimeException e) {
            result.cancel(true);
            throw e;
        }
        try {
            return result.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** The reader of the current request (Spring Security's user, the client address, a break-glass reason). */
    public static Reader reader(HttpServletRequest request) {
        return new Reader(SecurityContextHolder.getContext().getAuthentication(), request.getRemoteAddr(),
                request.getHeader(BREAK_GLASS_HEADER));
    }

    /** Whether the user may list referrals at all, and which: all (coordinators) or those of their centres. */
    public ReferralScope referralScope(Authentication user) {
        Set<String> groups = groupsOf(user);
        if (groups.contains(Groups.COORDINATORS)) {
            return new ReferralScope(true, Set.of());
        }
        Set<String> own = centres.all().stream().map(c -> c.id())
                .filter(id -> groups.contains(Groups.physicians(id)) || groups.contains(Groups.staff(id)))
                .collect(Collectors.toSet());
        if (own.isEmpty()) {
            throw new PatientAccessDeniedException("Referral lists are for coordinators and the centres' staff "
                    + "and physicians; managers see the dashboard's aggregates");
        }
        return new ReferralScope(false, own);
    }

    /** Which referrals a user may list: every one, or those from or to their centres. */
    public record ReferralScope(boolean network, Set<String> centres) {

        public boolean covers(String fromCentre, String toCentre) {
            return network || centres.contains(fromCentre) || centres.contains(toCentre);
        }
    }

    /**
     * Runs a read with the engine's own rights. Only for reads whose result the caller then checks with
     * {@link #requireRead} or {@link ReferralScope}: the engine's authorizations know tasks, not patients.
     */
    public <T> T withEngineRights(Supplier<T> read) {
        var current = identity.getCurrentAuthentication();
        identity.clearAuthentication();
        try {
            return read.get();
        } finally {
            if (current != null) {
                identity.setAuthentication(current);
            }
        }
    }

    Decision decide(Reader reader, PatientPathways pathways) {
        Set<String> groups = groupsOf(reader.user());
        if (groups.contains(Groups.COORDINATORS)) {
            return new Decision(true, "TREAT", "coordinator of the network");
        }
        Instant since = clock.instant().minus(properties.accessAfterPathway());
        for (String centre : pathways.centresInvolvedSince(since)) {
            if (groups.contains(Groups.physicians(centre)) || groups.contains(Groups.staff(centre))) {
                return new Decision(true, "TREAT", "centre " + centre + " takes part in the patient's pathway");
            }
        }
        if (groups.contains(Groups.ADMINS)) {
            String reason = reader.breakGlassReason() == null ? "" : reader.breakGlassReason().trim();
            if (reason.length() >= MIN_BREAK_GLASS_REASON) {
                return new Decision(true, "BTG", "break the glass: " + reason);
            }
            return new Decision(false, "BTG", "Operators open a patient's record only by breaking the glass: state "
                    + "the reason (at least " + MIN_BREAK_GLASS_REASON + " characters) in header "
                    + BREAK_GLASS_HEADER);
        }
        return new Decision(false, "TREAT", "Your centre does not take part in this patient's care");
    }

    private void record(Reader reader, String twinId, String what, Decision decision, String centreId) {
        String userId = reader.user() == null ? "anonymous" : reader.user().getName();
        var event = AuditEventMapping.toAuditEvent(new AuditEventMapping.PatientRead(twinId, userId,
                reader.clientAddress(), decision.purpose(), what, decision.allowed(), decision.reason(),
                Date.from(clock.instant())));
        audit.info("Patient {} {} by {} ({}): {}", twinId, decision.allowed() ? "read" : "refused", userId, what,
                decision.reason());
        event.setId(UUID.randomUUID().toString());
        try {
            accessRecords.add(centreId, event, clock.instant());
        } catch (DataAccessException e) {
            // the database's own message stays in the log: it is no business of the caller
            log.error("The read of patient {} by {} cannot be recorded; refused", twinId, userId, e);
            throw new ReadNotRecordedException("The read cannot be recorded now, so the data is not shown; "
                    + "try again later", e);
        }
        delivery.requestDelivery();
    }

    private static Set<String> groupsOf(Authentication user) {
        if (user == null) {
            return Set.of();
        }
        return user.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith(SecurityConfiguration.ROLE_PREFIX))
                .map(a -> a.substring(SecurityConfiguration.ROLE_PREFIX.length())).collect(Collectors.toSet());
    }

    /**
     * The patient's pathways and the centres in them, read from the history with the engine's own rights (the
     * engine's authorizations would hide them from staff, who are exactly whom this decides about).
     */
    PatientPathways pathwaysOf(String twinId) {
        return withEngineRights(() -> {
            List<HistoricProcessInstance> instances = history.createHistoricProcessInstanceQuery()
                    .processInstanceBusinessKey(twinId).list();
            Map<String, Map<String, Object>> variables = new HashMap<>();
            if (!instances.isEmpty()) {
                for (HistoricVariableInstance variable : history.createHistoricVariableInstanceQuery()
                        .processInstanceIdIn(instances.stream().map(HistoricProcessInstance::getId)
                                .toArray(String[]::new))
                        .variableNameIn(TreatmentStepVariables.REFERRAL_FACT_NAMES.toArray(String[]::new)).list()) {
                    variables.computeIfAbsent(variable.getProcessInstanceId(), id -> new HashMap<>())
                            .put(variable.getName(), variable.getValue());
                }
            }
            List<PatientPathways.Pathway> pathways = new ArrayList<>();
            for (HistoricProcessInstance instance : instances) {
                if (instance.getSuperProcessInstanceId() != null) {
                    continue;
                }
                var centresInvolved = new ArrayList<String>();
                for (HistoricProcessInstance step : instances) {
                    if (instance.getId().equals(step.getRootProcessInstanceId())) {
                        var facts = TreatmentStepVariables.referralFacts(variables.getOrDefault(step.getId(), Map.of()));
                        if (facts.fromCentre() != null) {
                            centresInvolved.add(facts.fromCentre());
                        }
                        if (facts.toCentre() != null) {
                            centresInvolved.add(facts.toCentre());
                        }
                    }
                }
                var facts = TreatmentStepVariables.referralFacts(variables.getOrDefault(instance.getId(), Map.of()));
                pathways.add(new PatientPathways.Pathway(facts.fromCentre(), Set.copyOf(centresInvolved),
                        instance.getStartTime().toInstant(),
                        instance.getEndTime() == null ? null : instance.getEndTime().toInstant()));
            }
            return new PatientPathways(pathways);
        });
    }

    /** What {@link #pathwaysOf} answered for a patient, kept for {@link #KEPT} on this node. */
    static final class RecentPathways {

        static final Duration KEPT = Duration.ofSeconds(10);
        private static final int MAX_PATIENTS = 10_000;

        private record Remembered(PatientPathways pathways, Instant until) {
        }

        private final Clock clock;
        private final Map<String, Remembered> byTwin = new java.util.concurrent.ConcurrentHashMap<>();

        RecentPathways(Clock clock) {
            this.clock = clock;
        }

        PatientPathways get(String twinId) {
            Remembered remembered = byTwin.get(twinId);
            return remembered != null && clock.instant().isBefore(remembered.until()) ? remembered.pathways() : null;
        }

        void put(String twinId, PatientPathways pathways) {
            if (byTwin.size() >= MAX_PATIENTS) {
                byTwin.clear();
            }
            byTwin.put(twinId, new Remembered(pathways, clock.instant().plus(KEPT)));
        }
    }

    /** A patient's pathways, newest first by start. */
    record PatientPathways(List<Pathway> pathways) {

        record Pathway(String coordinatingCentre, Set<String> centres, Instant started, Instant ended) {
        }

        Set<String> centresInvolvedSince(Instant since) {
            return pathways.stream().filter(p -> p.ended() == null || p.ended().isAfter(since))
                    .flatMap(p -> p.centres().stream()).collect(Collectors.toSet());
        }

        /** The coordinating centre of the newest pathway, else the network's. */
        String coordinatingCentre(String networkDefault) {
            return pathways.stream().filter(p -> p.coordinatingCentre() != null)
                    .max((a, b) -> a.started().compareTo(b.started())).map(Pathway::coordinatingCentre)
                    .orElse(networkDefault);
        }
    }
}

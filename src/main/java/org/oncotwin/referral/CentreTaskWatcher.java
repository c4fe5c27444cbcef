package org.oncotwin.referral;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import jakarta.annotation.PreDestroy;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Task;
import org.oncotwin.centre.Centre;
import org.oncotwin.centre.CentreDirectory;
import org.oncotwin.fhir.BusinessIdentifiers;
import org.oncotwin.fhir.CentreCallException;
import org.oncotwin.fhir.CentreClients;
import org.oncotwin.fhir.CentreWorkers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Polls every centre for referral Tasks changed since the last poll ({@code _lastUpdated}) and hands them to
 * {@link CentreTaskUpdates}. A Task the pathway cannot take yet is looked at again on the next polls.
 */
@Component
class CentreTaskWatcher implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(CentreTaskWatcher.class);

    private final CentreDirectory centres;
    private final CentreClients clients;
    private final CentreTaskUpdates updates;
    private final Map<String, Instant> seenUntil = new ConcurrentHashMap<>();
    /** Tasks to look at again on the next polls; a value is the time to give up on it, or null for never. */
    private final Map<String, Optional<Instant>> pending = new ConcurrentHashMap<>();
    /**
     * How long a changed Task that no pathway claims is looked at again: the step that sent it may not have committed
     * yet when a centre answers within milliseconds.
     */
    static final Duration UNMATCHED_PATIENCE = Duration.ofMinutes(2);
    private final Clock clock;
    private final CentreWorkers pollers;
    private final CentreWorkers handlers;
    private final Instant startedFrom;
    private final Duration pollInterval;

    CentreTaskWatcher(CentreDirectory centres, CentreClients clients, CentreTaskUpdates updates,
                      ReferralProperties properties, Clock clock) {
        this.centres = centres;
        this.clients = clients;
        this.updates = updates;
        this.startedFrom = clock.instant().minus(properties.initialLookback());
        this.clock = clock;
        this.pollInterval = Objects.requireNonNull(properties.pollInterval(), "oncotwin.referrals.poll-interval");
        this.pollers = CentreWorkers.of("referral-poller", centres.all().size());
        this.handlers = CentreWorkers.of("referral-update", properties.parallelism());
    }

    /** Polls every {@code oncotwin.referrals.poll-interval} while scheduling is on (see SchedulingConfiguration). */
    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(this::poll, pollInterval, pollInterval));
    }

    void poll() {
        // the centres are polled in parallel: a slow or busy centre does not hold up the others' answers
        var polls = centres.all().stream().map(centre -> CompletableFuture.runAsync(() -> {
            try {
                pollCentre(centre.id());
            } catch (CentreCallException e) {
                log.warn("Could not poll referral updates: {}", e.getMessage());
            } catch (RuntimeException e) {
                log.error("Polling referral updates of centre {} failed", centre.id(), e);
            }
        }, pollers)).toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(polls).join();
    }

    @PreDestroy
    void stop() {
        pollers.close();
        handlers.close();
    }

    void pollCentre(String centreId) {
        Instant since = seenUntil.getOrDefault(centreId, startedFrom);
        String url = "Task?identifier=" + BusinessIdentifiers.PATHWAY_RESOURCE_SYSTEM + "|&_lastUpdated=ge"
                + since + "&_sort=_lastUpdated&_count=100";
        Bundle page = clients.call(centreId, "poll referral updates", client -> client.search().byUrl(url)
                .cacheControl(CentreClients.FRESH).returnBundle(Bundle.class).execute());
        Instant newest = since;
        while (page != null) {
            // each Task belongs to its own pathway step: they are applied in parallel, each Task's versions in order
            var handled = new ArrayList<CompletableFuture<Void>>();
            for (var entry : page.getEntry()) {
                Task task = (Task) entry.getResource();
                handled.add(CompletableFuture.runAsync(() -> handle(centreId, task), handlers));
                Instant updated = task.getMeta().getLastUpdated().toInstant();
                newest = updated.isAfter(newest) ? updated : newest;
            }
            CompletableFuture.allOf(handled.toArray(CompletableFuture[]::new)).join();
            page = clients.nextPage(centreId, "poll referral updates (next page)", page);
        }
        seenUntil.put(centreId, newest);
        retryPending(centreId);
    }

    /** One Task that cannot be handled must not keep the others of the centre from being handled. */
    private void handle(String centreId, Task task) {
        String key = centreId + " " + task.getIdElement().toUnqualifiedVersionless().getValue();
        try {
            var outcome = updates.apply(centreId, task);
            if (outcome == CentreTaskUpdates.Outcome.NOT_WAITING) {
                pending.put(key, Optional.empty());
            } else if (outcome == CentreTaskUpdates.Outcome.UNMATCHED
                    && task.getStatus() != Task.TaskStatus.REQUESTED) {
                Optional<Instant> giveUpAt = pending.computeIfAbsent(key,
                        k -> Optional.of(clock.instant().plus(UNMATCHED_PATIENCE)));
                if (giveUpAt.isPresent() && clock.instant().isAfter(giveUpAt.get())) {
                    log.warn("Referral update {} matches no pathway after {}; given up", key, UNMATCHED_PATIENCE);
                    pending.remove(key);
                }
            } else {
                pending.remove(key);
            }
        } catch (CentreCallException e) {
            log.warn("Referral update {} not handled yet: {}", key, e.getMessage());
            pending.putIfAbsent(key, Optional.empty());
        } catch (RuntimeException e) {
            log.error("Referral update {} could not be handled", key, e);
        }
    }

    private void retryPending(String centreId) {
        for (String key : Set.copyOf(pending.keySet())) {
            String[] parts = key.split(" ", 2);
            if (parts[0].equals(centreId)) {
                Task task = clients.call(centreId, "read " + parts[1],
                        client -> client.read().resource(Task.class).withId(parts[1]).execute());
                handle(centreId, task);
            }
        }
    }
}

package org.oncotwin.referral;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.oncotwin.centre.Centre;
import org.oncotwin.centre.CentreDirectory;
import org.oncotwin.centre.CentreProperties;
import org.oncotwin.centre.CentreProperties.Notifications;
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
 * Watches every centre for referral Tasks it changed in its own system and hands them to {@link CentreTaskUpdates}.
 * <ul>
 *   <li>A centre on {@code subscription} notifies over a websocket; each notification, and every (re)connect, starts
 *   a search for what changed; a slow safety poll stays. A centre on {@code rest-hook} sends each changed Task
 *   ({@link #delivered}), which is applied as it comes; a slow safety poll stays. A centre on {@code poll} is searched
 *   every poll interval.</li>
 *   <li>The search starts at the centre's cursor in the database ({@link WatchState}), so a restart after any
 *   downtime applies every change once; a Task the step cannot take yet is looked at again (durable list).</li>
 *   <li>One node of a cluster watches a centre at a time (a lease in the database); when it dies, another takes
 *   over once the lease expires.</li>
 * </ul>
 */
@Component
class CentreTaskWatcher implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(CentreTaskWatcher.class);
    static final Duration LEASE = Duration.ofSeconds(30);
    /** How often a node that holds no lease tries to take one (a dead holder's centre is taken over in time). */
    static final Duration LEASE_ATTEMPT = Duration.ofSeconds(5);
    static final Duration TICK = Duration.ofMillis(250);
    static final Duration RECONNECT_AFTER = Duration.ofSeconds(5);
    static final Duration KEEP_ALIVE = Duration.ofSeconds(60);
    /**
     * How long a changed Task that no pathway claims is looked at again: the step that sent it may not have committed
     * yet when a centre answers within milliseconds.
     */
    static final Duration UNMATCHED_PATIENCE = Duration.ofMinutes(2);
    private static final int PAGE_SIZE = 100;

    private final CentreClients clients;
    private final CentreTaskUpdates updates;
    private final TaskSubscriptions subscriptions;
    private final WatchState state;
    private final Clock clock;
    private final ReferralProperties properties;
    private final CentreWorkers pollers;
    private final CentreWorkers handlers;
    private final String node;
    private final Map<String, CentreWatch> watches = new LinkedHashMap<>();
    private final RecentlyDone recentlyDone = new RecentlyDone();

    CentreTaskWatcher(CentreDirectory centres, CentreProperties centreProperties, CentreClients clients,
                      CentreTaskUpdates updates, TaskSubscriptions subscriptions, WatchState state,
                      ReferralProperties properties, Clock clock, MeterRegistry meters) {
        this.clients = clients;
        this.updates = updates;
        this.subscriptions = subscriptions;
        this.state = state;
        this.clock = clock;
        this.properties = properties;
        Objects.requireNonNull(properties.pollInterval(), "oncotwin.referrals.poll-interval");
        this.pollers = CentreWorkers.of("referral-watch", centres.all().size());
        this.handlers = CentreWorkers.of("referral-update", properties.parallelism());
        this.node = nodeName();
        for (Centre centre : centres.all()) {
            var watch = new CentreWatch(centre, centreProperties.centres().get(centre.id()).notifications(), meters);
            watches.put(centre.id(), watch);
            Gauge.builder("oncotwin.referral.watching", watch, w -> w.holdsLease(clock.instant()) ? 1 : 0)
                    .description("1 while this node watches the centre's referral updates (holds its lease)")
                    .tag("centre", centre.id()).register(meters);
            Gauge.builder("oncotwin.referral.subscription.connected", watch, w -> w.connected ? 1 : 0)
                    .description("1 while the centre's subscription websocket is bound on this node (rest-hook: "
                            + "while its Subscription is in place)")
                    .tag("centre", centre.id()).register(meters);
        }
    }

    /** Runs while scheduling is on (see SchedulingConfiguration). */
    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(this::tick, TICK, TICK));
    }

    /** Per centre: keep or take the lease, keep the subscription connected, and search when something is due. */
    void tick() {
        for (CentreWatch watch : watches.values()) {
            try {
                watch.tick(clock.instant());
            } catch (RuntimeException e) {
                log.error("Watching referral updates of centre {} failed", watch.centre.id(), e);
            }
        }
    }

    /** Searches a centre for changes now (a notification arrived), unless another node watches it. */
    void changed(String centreId) {
        watches.get(centreId).requestSearch();
    }

    /**
     * A centre on rest-hook sent a changed Task: applied here, on whichever node the centre reached (the step's
     * message correlation decides, so two nodes never apply one change twice). A Task without a numeric version
     * cannot be placed among its versions: it only starts a search.
     */
    void delivered(String centreId, Task task) {
        CentreWatch watch = watches.get(centreId);
        watch.notificationsReceived.increment();
        if (TaskVersions.number(task) == null) {
            watch.requestSearch();
            return;
        }
        handle(centreId, task);
    }

    @PreDestroy
    void stop() {
        watches.values().forEach(CentreWatch::stop);
        pollers.close();
        handlers.close();
    }

    private final class CentreWatch {

        private final Centre centre;
        private final Notifications notifications;
        private final AtomicBoolean searching = new AtomicBoolean();
        private final AtomicBoolean searchRequested = new AtomicBoolean();
        private volatile Instant leaseUntil = Instant.EPOCH;
        private volatile Instant nextLeaseAttempt = Instant.EPOCH;
        private volatile Instant lastSearch = Instant.EPOCH;
        private volatile Instant nextConnect = Instant.EPOCH;
        private volatile Instant lastKeepAlive = Instant.EPOCH;
        private volatile TaskSubscriptions.Connection connection;
        private volatile boolean connected;
        private volatile boolean rechecksPending;

        private final Counter searches;
        private final Counter notificationsReceived;

        CentreWatch(Centre centre, Notifications notifications, MeterRegistry meters) {
            this.centre = centre;
            this.notifications = notifications;
            this.searches = Counter.builder("oncotwin.referral.searches").tag("centre", centre.id())
                    .description("Searches of a centre for changed referral Tasks").register(meters);
            this.notificationsReceived = Counter.builder("oncotwin.referral.notifications").tag("centre", centre.id())
                    .description("Notifications of changed referral Tasks from a centre's subscription")
                    .register(meters);
        }

        void tick(Instant now) {
            keepLease(now);
            if (!holdsLease(now)) {
                disconnect();
                return;
            }
            Duration interval = properties.pollInterval();
            if (notifications == Notifications.SUBSCRIPTION) {
                keepConnected(now);
            } else if (notifications == Notifications.REST_HOOK) {
                keepSubscribed(now);
            }
            if (notifications != Notifications.POLL) {
                // Tasks to look at again are looked at every poll interval: the step may wait for them any moment
                interval = connected && !rechecksPending ? properties.safetyPollInterval() : properties.pollInterval();
            }
            if (!now.isBefore(lastSearch.plus(interval))) {
                requestSearch();
            }
        }

        private void keepLease(Instant now) {
            boolean held = holdsLease(now);
            boolean renewalDue = held && now.isAfter(leaseUntil.minus(LEASE.dividedBy(2)));
            boolean attemptDue = !held && !now.isBefore(nextLeaseAttempt);
            if (renewalDue || attemptDue) {
                if (state.lease(centre.id(), node, now, now.plus(LEASE))) {
                    if (!held) {
                        log.info("Watching referral updates of centre {} ({} on this node)", centre.id(),
                                notifications.name().toLowerCase());
                    }
                    leaseUntil = now.plus(LEASE);
                } else {
                    leaseUntil = Instant.EPOCH;
                    nextLeaseAttempt = now.plus(LEASE_ATTEMPT);
                }
            }
        }

        private boolean holdsLease(Instant now) {
            return now.isBefore(leaseUntil);
        }

        private void keepConnected(Instant now) {
            if (connection != null) {
                if (connected && now.isAfter(lastKeepAlive.plus(KEEP_ALIVE))) {
                    lastKeepAlive = now;
                    connection.keepAlive();
                }
                return;
            }
            if (now.isBefore(nextConnect)) {
                return;
            }
            nextConnect = now.plus(RECONNECT_AFTER);
            try {
                String subscriptionId = subscriptions.ensure(centre.id());
                connection = subscriptions.connect(centre.id(), subscriptionId, new TaskSubscriptions.Listener() {
                    @Override
                    public void connected() {
                        connected = true;
                        lastKeepAlive = clock.instant();
                        requestSearch(); // what changed while not connected
                    }

                    @Override
                    public void changed() {
                        notificationsReceived.increment();
                        requestSearch();
                    }

                    @Override
                    public void lost(String why) {
                        log.warn("Centre {}: subscription connection lost ({}); polling until it is back",
                                centre.id(), why);
                        connected = false;
                        connection = null;
                    }
                });
            } catch (CentreCallException e) {
                log.warn("Centre {}: cannot set up the subscription, polling meanwhile: {}", centre.id(),
                        e.getMessage());
            }
        }

        /**
         * Rest-hook: the centre's Subscription is checked when this node takes the centre and at every safety poll (a
         * centre switches a Subscription off after failed deliveries); until it is in place, the centre is polled.
         */
        private void keepSubscribed(Instant now) {
            if (connected && now.isBefore(lastKeepAlive.plus(properties.safetyPollInterval()))) {
                return;
            }
            if (now.isBefore(nextConnect)) {
                return;
            }
            nextConnect = now.plus(RECONNECT_AFTER);
            try {
                subscriptions.ensure(centre.id());
                if (!connected) {
                    requestSearch(); // what changed before the Subscription was in place
                }
                connected = true;
                lastKeepAlive = now;
            } catch (CentreCallException | IllegalStateException e) {
                connected = false;
                log.warn("Centre {}: cannot set up the rest-hook subscription, polling meanwhile: {}", centre.id(),
                        e.getMessage());
            }
        }

        private void disconnect() {
            var open = connection;
            connection = null;
            connected = false;
            if (open != null) {
                open.close();
            }
        }

        void requestSearch() {
            searchRequested.set(true);
            if (searching.compareAndSet(false, true)) {
                pollers.execute(this::searchWhileRequested);
            }
        }

        /** One search at a time per centre; notifications during a search ask for one more after it. */
        private void searchWhileRequested() {
            try {
                while (searchRequested.getAndSet(false) && holdsLease(clock.instant())) {
                    lastSearch = clock.instant();
                    searches.increment();
                    try {
                        rechecksPending = search(centre);
                    } catch (CentreCallException e) {
                        log.warn("Could not search referral updates: {}", e.getMessage());
                    } catch (RuntimeException e) {
                        log.error("Searching referral updates of centre {} failed", centre.id(), e);
                    }
                }
            } finally {
                searching.set(false);
            }
            if (searchRequested.get() && holdsLease(clock.instant())) {
                requestSearch();
            }
        }

        void stop() {
            disconnect();
            if (holdsLease(clock.instant())) {
                state.release(centre.id(), node);
            }
        }
    }

    /**
     * Applies what changed at the centre since its cursor, page by page, moving the cursor after each page; then looks
     * at the Tasks on the re-check list again.
     *
     * @return whether Tasks remain to be looked at again
     */
    boolean search(Centre centre) {
        String centreId = centre.id();
        var cursor = state.cursor(centreId, centre.fhirBaseUrl()).orElseGet(() ->
                new WatchState.Cursor(clock.instant().minus(properties.initialLookback()), Set.of()));
        recentlyDone.forgetBefore(centreId, cursor.seenUntil().minus(properties.commitOverlap().multipliedBy(2)));
        // from a little before the cursor: a change dated before it may have become visible only after the cursor
        // moved (the server dates a change when its transaction starts); what was applied before is known
        String url = "Task?identifier=" + BusinessIdentifiers.PATHWAY_RESOURCE_SYSTEM + "|&_lastUpdated=ge"
                + cursor.seenUntil().minus(properties.commitOverlap()) + "&_sort=_lastUpdated&_count=" + PAGE_SIZE;
        Bundle page = clients.call(centreId, "search referral updates", client -> client.search().byUrl(url)
                .cacheControl(CentreClients.FRESH).returnBundle(Bundle.class).execute());
        while (page != null) {
            Instant until = cursor.seenUntil();
            Set<String> atUntil = new LinkedHashSet<>(cursor.seenVersions());
            // each Task belongs to its own pathway step: they are applied in parallel (a search gives one version
            // of each Task); the cursor moves once the whole page is applied
            var applying = new ArrayList<CompletableFuture<Void>>();
            for (var entry : page.getEntry()) {
                Resource resource = entry.getResource();
                if (!(resource instanceof Task task)) {
                    log.warn("Centre {}: search for referral updates returned {}; skipped", centreId,
                            resource == null ? "an entry without a resource" : resource.fhirType());
                    continue;
                }
                if (task.getMeta().getLastUpdated() == null) {
                    log.warn("Centre {}: {} has no meta.lastUpdated; skipped", centreId, task.getIdElement().getValue());
                    continue;
                }
                Instant updated = task.getMeta().getLastUpdated().toInstant();
                String version = task.getIdElement().toUnqualified().getValue();
                if (cursor.seenAtCursor(updated, version)) {
                    continue;
                }
                if (!recentlyDone.contains(centreId, task)) {
                    applying.add(CompletableFuture.runAsync(() -> handle(centreId, task), handlers));
                }
                if (updated.isAfter(until)) {
                    until = updated;
                    atUntil.clear();
                }
                if (updated.equals(until)) {
                    atUntil.add(version);
                }
            }
            CompletableFuture.allOf(applying.toArray(CompletableFuture[]::new)).join();
            cursor = new WatchState.Cursor(until, atUntil);
            state.saveCursor(centreId, centre.fhirBaseUrl(), cursor);
            page = clients.nextPage(centreId, "search referral updates (next page)", page);
        }
        return recheck(centreId);
    }

    /**
     * Applies one changed Task. Whatever cannot be applied now is put on the durable re-check list; one Task that
     * fails must not keep the centre's other changes from being applied.
     */
    private void handle(String centreId, Task task) {
        String taskId = task.getIdElement().toUnqualifiedVersionless().getValue();
        try {
            var outcome = updates.apply(centreId, task);
            switch (outcome) {
                case NOT_WAITING -> recheckLater(centreId, taskId, null, "not waiting");
                case UNMATCHED -> {
                    if (task.getStatus() == Task.TaskStatus.REQUESTED) {
                        state.done(centreId, taskId);
                        recentlyDone.remember(centreId, task);
                        return;
                    }
                    Instant now = clock.instant();
                    var giveUpAt = state.giveUpAt(centreId, taskId);
                    if (giveUpAt.isPresent() && now.isAfter(giveUpAt.get())) {
                        log.warn("Referral update {} at {} matches no pathway after {}; given up", taskId, centreId,
                                UNMATCHED_PATIENCE);
                        state.done(centreId, taskId);
                    } else {
                        recheckLater(centreId, taskId, now.plus(UNMATCHED_PATIENCE), "unmatched");
                    }
                }
                default -> {
                    state.done(centreId, taskId);
                    recentlyDone.remember(centreId, task);
                }
            }
        } catch (CentreCallException e) {
            log.warn("Referral update {} at {} not handled yet: {}", taskId, centreId, e.getMessage());
            recheckLater(centreId, taskId, null, "centre call failed");
        } catch (OptimisticLockingException e) {
            // the same change applied at the same moment elsewhere (a rest-hook delivery and a search, another node)
            log.info("Referral update {} at {} met a concurrent update of its step; looked at again", taskId,
                    centreId);
            recheckLater(centreId, taskId, null, "concurrent update");
        } catch (RuntimeException e) {
            log.error("Referral update {} at {} could not be applied; trying again later", taskId, centreId, e);
            recheckLater(centreId, taskId, null, "failed");
        }
    }

    /**
     * Puts a Task on the durable re-check list; the centre is then searched every poll interval until the list is
     * empty (also when the Task came by rest-hook, between two safety polls).
     */
    private void recheckLater(String centreId, String taskId, Instant giveUpAt, String why) {
        state.recheck(centreId, taskId, giveUpAt, why);
        watches.get(centreId).rechecksPending = true;
    }

    private boolean recheck(String centreId) {
        for (var recheck : state.rechecks(centreId)) {
            Task task;
            try {
                task = clients.call(centreId, "read " + recheck.taskId(),
                        client -> client.read().resource(Task.class).withId(recheck.taskId()).execute());
            } catch (CentreCallException e) {
                if (e.httpStatus() == 404 || e.httpStatus() == 410) {
                    log.warn("Referral update {} at {}: the Task is gone from the centre; no longer looked at",
                            recheck.taskId(), centreId);
                    state.done(centreId, recheck.taskId());
                    continue;
                }
                throw e;
            }
            handle(centreId, task);
        }
        return !state.rechecks(centreId).isEmpty();
    }

    /**
     * The Task versions this node has done with lately, per centre: a search goes back {@code commit-overlap} before
     * its cursor and finds again what was applied then; those are skipped here instead of being looked up in the
     * engine. Another node, or this one after a restart, looks them up (and finds them known).
     */
    static final class RecentlyDone {

        private final Map<String, Map<String, Instant>> byCentre = new ConcurrentHashMap<>();

        void remember(String centreId, Task task) {
            String version = keyOf(task);
            if (version != null && task.getMeta().getLastUpdated() != null) {
                byCentre.computeIfAbsent(centreId, c -> new ConcurrentHashMap<>()).put(version,
                        task.getMeta().getLastUpdated().toInstant());
            }
        }

        boolean contains(String centreId, Task task) {
            var done = byCentre.get(centreId);
            String version = keyOf(task);
            return done != null && version != null && done.containsKey(version);
        }

        /**
         * {@code Task/<id>/_history/<version>}, the version from the id or else from {@code meta.versionId} (a search
         * answer may carry it only there); null without a version, which could not be told from the next one.
         */
        private static String keyOf(Task task) {
            String version = TaskVersions.versionOf(task);
            return version == null || version.isBlank() ? null
                    : task.getIdElement().toUnqualifiedVersionless().getValue() + "/_history/" + version;
        }

        void forgetBefore(String centreId, Instant before) {
            var done = byCentre.get(centreId);
            if (done != null) {
                done.values().removeIf(updated -> updated.isBefore(before));
            }
        }
    }

    private static String nodeName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "node";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

package org.oncotwin.testing;

import ca.uhn.fhir.rest.api.CacheControlDirective;
import ca.uhn.fhir.rest.api.PreferReturnEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;

/**
 * A centre's own system answering OncoTwin's referrals in its FHIR server, as a busy centre would: it accepts every
 * requested referral Task, starts and completes it (three updates of the Task, each a new version).
 */
public final class CentreSimulator implements AutoCloseable {

    /** Referrals of twins whose id starts so are left alone (the benchmark's single steps that no pathway awaits). */
    public static final String IGNORED_TWIN_PREFIX = "bm-direct-";

    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong completed = new AtomicLong();

    private final Duration betweenUpdates;
    private final ExecutorService answering;

    /** Answers the referrals requested from now on, each with three updates in a row. */
    public CentreSimulator(List<IGenericClient> centres) {
        this(centres, Duration.ZERO);
    }

    /**
     * Answers the referrals requested from now on, each with three updates in a row, up to {@code parallel}
     * referrals at once per centre (a centre where several people answer referrals).
     */
    public CentreSimulator(List<IGenericClient> centres, int parallel) {
        this(centres, Duration.ZERO, parallel);
    }

    /**
     * Answers the referrals requested from now on; with a pause, the centre takes it between a referral's updates
     * (all the referrals it found are accepted, then after the pause started, then completed), as a centre whose
     * answers come apart in time.
     */
    public CentreSimulator(List<IGenericClient> centres, Duration betweenUpdates) {
        this(centres, betweenUpdates, 1);
    }

    private CentreSimulator(List<IGenericClient> centres, Duration betweenUpdates, int parallel) {
        this.betweenUpdates = betweenUpdates;
        this.answering = parallel <= 1 ? null : Executors.newFixedThreadPool(parallel * centres.size(), runnable -> {
            Thread thread = new Thread(runnable, "centre-simulator-answer");
            thread.setDaemon(true);
            threads.add(thread);
            return thread;
        });
        String since = Instant.now().minusSeconds(2).toString();
        for (IGenericClient centre : centres) {
            Thread thread = new Thread(() -> work(centre, since), "centre-simulator");
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    public long completed() {
        return completed.get();
    }

    /** CPU time the simulator's threads have used (while they run). */
    public long cpuNanos() {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        return threads.stream().mapToLong(thread -> Math.max(0, mx.getThreadCpuTime(thread.getId()))).sum();
    }

    private void work(IGenericClient centre, String since) {
        while (running.get()) {
            try {
                Bundle requested = centre.search().byUrl("Task?status=requested&_lastUpdated=ge" + since + "&_count=50")
                        .cacheControl(new CacheControlDirective().setNoCache(true)).returnBundle(Bundle.class)
                        .execute();
                List<Task> answering = new ArrayList<>();
                for (var entry : requested.getEntry()) {
                    Task task = (Task) entry.getResource();
                    if (task.getIdentifierFirstRep().getValue() == null
                            || !task.getIdentifierFirstRep().getValue().startsWith(IGNORED_TWIN_PREFIX)) {
                        answering.add(task);
                    }
                }
                if (betweenUpdates.isZero() && this.answering != null) {
                    var answers = answering.stream().map(task -> CompletableFuture.runAsync(() -> answer(centre, task),
                            this.answering)).toArray(CompletableFuture[]::new);
                    CompletableFuture.allOf(answers).exceptionally(failed -> null).join();
                } else if (betweenUpdates.isZero()) {
                    for (Task task : answering) {
                        answer(centre, task);
                    }
                } else if (!answering.isEmpty()) {
                    for (TaskStatus next : ANSWER) {
                        answering.replaceAll(task -> task == null ? null : update(centre, task, next));
                        if (next != TaskStatus.COMPLETED) {
                            Thread.sleep(betweenUpdates.toMillis());
                        }
                    }
                    completed.addAndGet(answering.stream().filter(Objects::nonNull).count());
                }
                if (requested.getEntry().isEmpty()) {
                    Thread.sleep(200);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a concurrent change: the next round sees the Task again
            }
        }
    }

    private void answer(IGenericClient centre, Task task) {
        for (TaskStatus next : ANSWER) {
            task = update(centre, task, next);
            if (task == null) {
                break;
            }
        }
        completed.incrementAndGet();
    }

    private static final List<TaskStatus> ANSWER = List.of(TaskStatus.ACCEPTED, TaskStatus.INPROGRESS,
            TaskStatus.COMPLETED);

    private static Task update(IGenericClient centre, Task task, TaskStatus next) {
        task.setStatus(next);
        return (Task) centre.update().resource(task).prefer(PreferReturnEnum.REPRESENTATION).execute().getResource();
    }

    @Override
    public void close() {
        running.set(false);
        if (answering != null) {
            answering.shutdownNow();
        }
        threads.forEach(Thread::interrupt);
    }
}

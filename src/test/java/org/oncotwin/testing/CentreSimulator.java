package org.oncotwin.testing;

import ca.uhn.fhir.rest.api.CacheControlDirective;
import ca.uhn.fhir.rest.api.PreferReturnEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong completed = new AtomicLong();

    /** Answers the referrals requested from now on. */
    public CentreSimulator(List<IGenericClient> centres) {
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

    private void work(IGenericClient centre, String since) {
        while (running.get()) {
            try {
                Bundle requested = centre.search().byUrl("Task?status=requested&_lastUpdated=ge" + since + "&_count=50")
                        .cacheControl(new CacheControlDirective().setNoCache(true)).returnBundle(Bundle.class)
                        .execute();
                for (var entry : requested.getEntry()) {
                    Task task = (Task) entry.getResource();
                    if (task.getIdentifierFirstRep().getValue() != null
                            && task.getIdentifierFirstRep().getValue().startsWith(IGNORED_TWIN_PREFIX)) {
                        continue;
                    }
                    for (TaskStatus next : List.of(TaskStatus.ACCEPTED, TaskStatus.INPROGRESS, TaskStatus.COMPLETED)) {
                        task.setStatus(next);
                        task = (Task) centre.update().resource(task).prefer(PreferReturnEnum.REPRESENTATION).execute()
                                .getResource();
                        if (task == null) {
                            break;
                        }
                    }
                    completed.incrementAndGet();
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

    @Override
    public void close() {
        running.set(false);
        threads.forEach(Thread::interrupt);
    }
}

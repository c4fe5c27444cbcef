package org.oncotwin.fhir;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded pool of daemon threads named after its purpose ({@code twin-assembly-1}, ...), for work that fans out to
 * the centres. Its owner closes it when the application stops; idle threads end after a minute.
 */
public final class CentreWorkers implements Executor, AutoCloseable {

    private final ExecutorService pool;

    private CentreWorkers(ExecutorService pool) {
        this.pool = pool;
    }

    public static CentreWorkers of(String purpose, int threads) {
        int size = Math.max(1, threads);
        AtomicInteger count = new AtomicInteger();
        var pool = new ThreadPoolExecutor(size, size, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, purpose + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
        return new CentreWorkers(pool);
    }

    @Override
    public void execute(Runnable command) {
        pool.execute(command);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}

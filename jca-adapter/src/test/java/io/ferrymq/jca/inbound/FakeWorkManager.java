package io.ferrymq.jca.inbound;

import jakarta.resource.spi.work.ExecutionContext;
import jakarta.resource.spi.work.HintsContext;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkContextProvider;
import jakarta.resource.spi.work.WorkEvent;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkListener;
import jakarta.resource.spi.work.WorkManager;
import jakarta.resource.spi.work.WorkRejectedException;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WorkManager on a bounded thread pool, as an application server's: a Work it has no thread for is rejected
 * (WorkRejectedException to the listener). Counts the Works that asked for a long-running thread.
 */
final class FakeWorkManager implements WorkManager {
    private final ThreadPoolExecutor pool;
    private final Set<Work> running = ConcurrentHashMap.newKeySet();
    final AtomicInteger longRunningHints = new AtomicInteger();
    final AtomicInteger rejected = new AtomicInteger();

    FakeWorkManager(int threads) {
        AtomicInteger n = new AtomicInteger();
        pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "fake-wm-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void doWork(Work work) throws WorkException {
        work.run();
    }

    @Override
    public void doWork(Work work, long startTimeout, ExecutionContext ctx, WorkListener listener) throws WorkException {
        work.run();
    }

    @Override
    public long startWork(Work work) throws WorkException {
        scheduleWork(work, INDEFINITE, null, null);
        return 0;
    }

    @Override
    public long startWork(Work work, long startTimeout, ExecutionContext ctx, WorkListener listener) throws WorkException {
        scheduleWork(work, startTimeout, ctx, listener);
        return 0;
    }

    @Override
    public void scheduleWork(Work work) throws WorkException {
        scheduleWork(work, INDEFINITE, null, null);
    }

    @Override
    public void scheduleWork(Work work, long startTimeout, ExecutionContext ctx, WorkListener listener)
            throws WorkException {
        if (work instanceof WorkContextProvider p && p.getWorkContexts().stream().anyMatch(c -> c instanceof HintsContext h
                && Boolean.TRUE.equals(h.getHints().get(HintsContext.LONGRUNNING_HINT)))) {
            longRunningHints.incrementAndGet();
        }
        try {
            pool.execute(() -> {
                running.add(work);
                try {
                    if (listener != null) {
                        listener.workStarted(new WorkEvent(this, WorkEvent.WORK_STARTED, work, null));
                    }
                    work.run();
                } finally {
                    running.remove(work);
                    if (listener != null) {
                        listener.workCompleted(new WorkEvent(this, WorkEvent.WORK_COMPLETED, work, null));
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            rejected.incrementAndGet();
            WorkRejectedException r = new WorkRejectedException("no thread free", WorkException.START_TIMED_OUT);
            if (listener != null) {
                listener.workRejected(new WorkEvent(this, WorkEvent.WORK_REJECTED, work, r));
                return;
            }
            throw r;
        }
        if (listener != null) {
            listener.workAccepted(new WorkEvent(this, WorkEvent.WORK_ACCEPTED, work, null));
        }
    }

    /** Works running now. */
    int running() {
        return running.size();
    }

    /** As a server shutting down: asks running Works to release, then waits for the threads. */
    void shutdown() throws InterruptedException {
        running.forEach(Work::release);
        pool.shutdown();
        if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("work threads still running: " + running);
        }
    }
}

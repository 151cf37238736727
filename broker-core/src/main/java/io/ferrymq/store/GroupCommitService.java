package io.ferrymq.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * SYNC_FLUSH group commit: appenders register the offset they need durable, one flusher thread forces
 * the log once for everything registered meanwhile and completes all of them. While a force runs, new
 * requests pile up and share the next one, so many concurrent appends cost few forces.
 *
 * <p>Threads: any appender calls {@link #awaitFlushed}; the flusher thread owns the forces.
 */
final class GroupCommitService implements FlushService, Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitService.class);
    private static final CompletableFuture<Boolean> DONE = CompletableFuture.completedFuture(true);

    private record Request(long offset, CompletableFuture<Boolean> done) {
    }

    private final MappedFileQueue log;
    private final Thread thread;
    private final Object lock = new Object();
    private List<Request> pending = new ArrayList<>();
    private List<Request> draining = new ArrayList<>();
    private volatile long flushedOffset;
    private volatile boolean running = true;

    GroupCommitService(MappedFileQueue log) {
        this.log = log;
        this.flushedOffset = log.flushedOffset();
        this.thread = new Thread(this, "ferrymq-group-commit");
        this.thread.setDaemon(true);
    }

    @Override
    public void start() {
        thread.start();
    }

    @Override
    public CompletableFuture<Boolean> awaitFlushed(long offset) {
        if (offset <= flushedOffset) {
            return DONE;
        }
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        synchronized (lock) {
            if (!running) {
                return CompletableFuture.completedFuture(false);
            }
            pending.add(new Request(offset, done));
            lock.notify();
        }
        return done;
    }

    @Override
    public void run() {
        while (true) {
            synchronized (lock) {
                while (pending.isEmpty() && running) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        running = false;
                    }
                }
                if (pending.isEmpty() && !running) {
                    break;
                }
                List<Request> swap = draining;
                draining = pending;
                pending = swap;
            }
            flushAndComplete();
        }
        flushAndComplete();
    }

    private void flushAndComplete() {
        try {
            flushedOffset = log.flush();
        } catch (RuntimeException e) {
            LOG.error("FMQ-STORE-030 forcing the commit log failed; appends waiting for it will time out", e);
        }
        for (Request r : draining) {
            r.done().complete(r.offset() <= flushedOffset);
        }
        draining.clear();
    }

    @Override
    public void shutdown() {
        synchronized (lock) {
            running = false;
            lock.notify();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Request> left;
        synchronized (lock) {
            left = new ArrayList<>(pending);
            pending.clear();
        }
        long flushed = log.flush();
        for (Request r : left) {
            r.done().complete(r.offset() <= flushed);
        }
    }
}

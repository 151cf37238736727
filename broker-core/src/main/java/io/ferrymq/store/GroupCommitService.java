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
final class GroupCommitService extends ServiceThread implements FlushService {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitService.class);
    private static final CompletableFuture<Boolean> DONE = CompletableFuture.completedFuture(true);

    private record Request(long offset, CompletableFuture<Boolean> done) {
    }

    private final MappedFileQueue log;
    private final Object lock = new Object();
    private List<Request> pending = new ArrayList<>();
    private List<Request> draining = new ArrayList<>();
    private volatile long flushedOffset;

    GroupCommitService(MappedFileQueue log) {
        super("ferrymq-group-commit");
        this.log = log;
        this.flushedOffset = log.flushedOffset();
    }

    @Override
    public void start() {
        super.start();
    }

    @Override
    public CompletableFuture<Boolean> awaitFlushed(long offset) {
        if (offset <= flushedOffset) {
            return DONE;
        }
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        synchronized (lock) {
            if (!isRunning()) {
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
                while (pending.isEmpty() && isRunning()) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (pending.isEmpty() && !isRunning()) {
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
    protected void onStop() {
        synchronized (lock) {
            lock.notify();
        }
    }

    @Override
    public void shutdown() {
        stop();
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

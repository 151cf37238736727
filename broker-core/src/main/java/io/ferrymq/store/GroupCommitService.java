package io.ferrymq.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * SYNC_FLUSH group commit: appenders register the offset they need durable, one flusher thread forces
 * the log once for everything registered meanwhile, and hands the batch to an acknowledging thread that
 * completes it. While a force runs, new requests pile up and share the next one, so many concurrent
 * appends cost few forces.
 *
 * <p>Why two threads: completing a request wakes its appender (a futex wake and the dependent stages of
 * its future, about 5 µs each). Done by the flusher, 16 completions added about 60 µs to every ~130 µs
 * force on the reference machine, and the next force waited for them. The acknowledger does them while the
 * flusher already runs the next force, so forces go back to back.
 *
 * <p>Threads: any appender calls {@link #awaitFlushed}; the flusher thread owns the forces and
 * {@code flushedOffset}; the acknowledger thread completes futures; {@link #start()} and
 * {@link #shutdown()} come from the store's lifecycle thread.
 */
final class GroupCommitService extends ServiceThread implements FlushService {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitService.class);
    private static final CompletableFuture<Boolean> DONE = CompletableFuture.completedFuture(true);

    private record Request(long offset, CompletableFuture<Boolean> done) {
    }

    private final MappedFileQueue log;
    /** Guards {@link #pending}. */
    private final Object lock = new Object();
    private List<Request> pending = new ArrayList<>();
    private volatile long flushedOffset;
    private final Acknowledger acknowledger = new Acknowledger();
    /** Runs on the flusher thread before every force; a no-op except in tests that need a force to be slow. */
    private final Runnable beforeForce;

    GroupCommitService(MappedFileQueue log, Runnable beforeForce) {
        super("ferrymq-group-commit");
        this.log = log;
        this.beforeForce = beforeForce;
        this.flushedOffset = log.flushedOffset();
    }

    @Override
    public void start() {
        acknowledger.start();
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
            List<Request> batch;
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
                batch = pending;
                pending = new ArrayList<>(batch.size());
            }
            flush();
            acknowledger.add(batch);
        }
        flush();
    }

    private void flush() {
        try {
            beforeForce.run();
            flushedOffset = log.flush();
        } catch (RuntimeException e) {
            LOG.error("FMQ-STORE-030 forcing the commit log failed; appends waiting for it will time out", e);
        }
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
            left = pending;
            pending = new ArrayList<>();
        }
        flush();
        acknowledger.add(left);
        acknowledger.stop();
    }

    /** Completes forced batches, oldest first; stops once stopped and drained. */
    private final class Acknowledger extends ServiceThread {
        /** Guards {@link #forced}. */
        private final Object ackLock = new Object();
        private List<Request> forced = new ArrayList<>();

        Acknowledger() {
            super("ferrymq-group-commit-ack");
        }

        void add(List<Request> batch) {
            if (batch.isEmpty()) {
                return;
            }
            synchronized (ackLock) {
                if (forced.isEmpty()) {
                    forced = batch;
                } else {
                    forced.addAll(batch);
                }
                ackLock.notify();
            }
        }

        @Override
        public void run() {
            while (true) {
                List<Request> batch;
                synchronized (ackLock) {
                    while (forced.isEmpty() && isRunning()) {
                        try {
                            ackLock.wait();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                    if (forced.isEmpty()) {
                        return;
                    }
                    batch = forced;
                    forced = new ArrayList<>(batch.size());
                }
                // flushedOffset only grows: a request whose own force failed completes true if a later one covered it.
                long flushed = flushedOffset;
                for (Request r : batch) {
                    r.done().complete(r.offset() <= flushed);
                }
            }
        }

        @Override
        protected void onStop() {
            synchronized (ackLock) {
                ackLock.notify();
            }
        }
    }
}

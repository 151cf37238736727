package io.ferrymq.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * SYNC_FLUSH group commit: appenders register the offset they need durable, one flusher thread forces
 * the log once for everything registered meanwhile, and hands the batch to an acknowledging thread that
 * completes it. While a force runs, new requests pile up and share the next one, so many concurrent
 * appends cost few forces.
 *
 * <p>Why two threads: completing a request wakes its appender (a futex wake and the dependent stages of
 * its future, about 5 µs each). Done by the flusher, 16 completions added about 60 µs to every ~130 µs
 * force on the reference machine, and the next force waited for them. The acknowledger does them while the
 * flusher already runs the next force, so forces go back to back. A batch of up to eight the flusher completes
 * itself when the acknowledger is idle: that delays the next force by little more than waking the acknowledger
 * would, and saves those sends a thread hand-over. A broker's completion only queues the answer for the network
 * thread, cheaper than waking a blocked appender: with the limit at eight instead of two, alternating JMS runs with
 * eight producers sent 4–22 % more (docs/benchmarks-jms.md), while 16 blocking store writers, whose batches stay
 * above eight, did not change beyond the noise. Only an idle acknowledger, so completions stay in registration
 * order.
 *
 * <p>Timeouts: each request carries a deadline ({@code syncFlushTimeout} after it registered) and completes
 * false once that passes. A request can only be overdue while a force takes too long, and the flusher is then
 * stuck inside it, so the acknowledger watches the deadlines: between batches it sleeps no later than the
 * oldest deadline and expires what is overdue. One check per timeout period replaces a timer per request.
 *
 * <p>Threads: any appender calls {@link #awaitFlushed}; the flusher thread owns the forces and
 * {@code flushedOffset} and completes small batches; the acknowledger thread completes the others and
 * expires overdue requests; {@link #start()} and {@link #shutdown()} come from the store's lifecycle thread.
 */
final class GroupCommitService extends ServiceThread implements FlushService {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitService.class);
    private static final CompletableFuture<Boolean> DONE = CompletableFuture.completedFuture(true);
    /**
     * While a force hangs and appends keep arriving, a deadline falls due every few µs; expiring them in
     * rounds at least this far apart keeps the acknowledger from waking once per append, at the price of a
     * timeout answered up to this much late.
     */
    private static final long EXPIRY_GRANULARITY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Forced batches up to this size the flusher completes itself (see the class comment). */
    private static final int FLUSHER_COMPLETES_UP_TO = 8;

    /** @param deadline {@link System#nanoTime()} after which the request completes false */
    private record Request(long offset, CompletableFuture<Boolean> done, long deadline) {
    }

    private final MappedFileQueue log;
    private final long timeoutNanos;
    /** Guards {@link #waiting}, {@link #registered} and {@link #removed}. */
    private final Object lock = new Object();
    /**
     * Requests neither forced nor expired yet, oldest first. Deadlines are taken under the lock, so the order
     * is also deadline order: expiring is taking from the head until a deadline lies ahead.
     */
    private final ArrayDeque<Request> waiting = new ArrayDeque<>();
    /** Requests ever added to, and taken from, {@link #waiting}: the head's sequence number is {@code removed}. */
    private long registered;
    private long removed;
    private volatile long flushedOffset;
    private final Acknowledger acknowledger = new Acknowledger();
    /** Runs on the flusher thread before every force; a no-op except in tests that need a force to be slow. */
    private final Runnable beforeForce;

    /** @param timeoutMillis how long a request may wait for its force before completing false */
    GroupCommitService(MappedFileQueue log, long timeoutMillis, Runnable beforeForce) {
        super("ferrymq-group-commit");
        this.log = log;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.beforeForce = beforeForce;
        this.flushedOffset = log.flushedOffset();
    }

    @Override
    public void start() {
        acknowledger.start();
        super.start();
    }

    /** Completes with true once {@code offset} is forced, with false if that takes longer than the timeout. */
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
            waiting.add(new Request(offset, done, System.nanoTime() + timeoutNanos));
            registered++;
            lock.notify();
        }
        return done;
    }

    @Override
    public void run() {
        while (true) {
            long batchEnd;
            synchronized (lock) {
                while (waiting.isEmpty() && isRunning()) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (waiting.isEmpty()) {
                    break;
                }
                batchEnd = registered;
            }
            flush();
            List<Request> batch = takeForced(batchEnd);
            if (batch.size() <= FLUSHER_COMPLETES_UP_TO && acknowledger.isIdle()) {
                complete(batch);
            } else {
                acknowledger.add(batch);
            }
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

    /**
     * Takes the requests the last force was for (registered before {@code batchEnd}, forced or, if it failed,
     * to be answered false now) and any later ones it happened to cover. The rest wait for the next force.
     */
    private List<Request> takeForced(long batchEnd) {
        long flushed = flushedOffset;
        List<Request> batch = new ArrayList<>();
        synchronized (lock) {
            Request head;
            while ((head = waiting.peekFirst()) != null && (removed < batchEnd || head.offset() <= flushed)) {
                batch.add(waiting.pollFirst());
                removed++;
            }
        }
        return batch;
    }

    /**
     * Completes false every request whose deadline has passed.
     *
     * @return when to look again: when the next one falls due (no request yet registered can fall due
     *         earlier), but not sooner than {@link #EXPIRY_GRANULARITY_NANOS} from now
     */
    private long expireOverdue() {
        List<Request> overdue = null;
        long next;
        synchronized (lock) {
            long now = System.nanoTime();
            Request head;
            while ((head = waiting.peekFirst()) != null && head.deadline() - now <= 0) {
                if (overdue == null) {
                    overdue = new ArrayList<>();
                }
                overdue.add(waiting.pollFirst());
                removed++;
            }
            long earliest = now + EXPIRY_GRANULARITY_NANOS;
            next = head == null ? now + timeoutNanos : head.deadline() - earliest > 0 ? head.deadline() : earliest;
        }
        if (overdue != null) {
            for (Request r : overdue) {
                r.done().complete(false);
            }
        }
        return next;
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
            left = new ArrayList<>(waiting);
            removed += waiting.size();
            waiting.clear();
        }
        flush();
        acknowledger.add(left);
        acknowledger.stop();
    }

    /** Completes forced batches, oldest first, and expires overdue requests; stops once stopped and drained. */
    private final class Acknowledger extends ServiceThread {
        /** Guards {@link #forced}. */
        private final Object ackLock = new Object();
        private List<Request> forced = new ArrayList<>();
        /**
         * True once every batch handed over so far is completed. Only the flusher hands batches over, so
         * while it reads true nothing is left to complete before what it completes itself.
         */
        private volatile boolean idle = true;

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
                idle = false;
                ackLock.notify();
            }
        }

        @Override
        public void run() {
            // Nothing registered after now can fall due before this.
            long nextDeadline = System.nanoTime() + timeoutNanos;
            while (true) {
                List<Request> batch = null;
                synchronized (ackLock) {
                    if (forced.isEmpty()) {
                        idle = true;
                    }
                    while (forced.isEmpty() && isRunning()) {
                        long wait = nextDeadline - System.nanoTime();
                        if (wait <= 0) {
                            break;
                        }
                        try {
                            TimeUnit.NANOSECONDS.timedWait(ackLock, wait);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                    if (!forced.isEmpty()) {
                        batch = forced;
                        forced = new ArrayList<>(batch.size());
                    } else if (!isRunning()) {
                        return;
                    }
                }
                if (batch != null) {
                    complete(batch);
                }
                if (System.nanoTime() - nextDeadline >= 0) {
                    nextDeadline = expireOverdue();
                }
            }
        }

        boolean isIdle() {
            return idle;
        }

        @Override
        protected void onStop() {
            synchronized (ackLock) {
                ackLock.notify();
            }
        }
    }

    private void complete(List<Request> batch) {
        // flushedOffset only grows: a request whose own force failed completes true if a later one covered it.
        long flushed = flushedOffset;
        for (Request r : batch) {
            r.done().complete(r.offset() <= flushed);
        }
    }
}

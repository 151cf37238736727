package io.ferrymq.store.ha;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * SYNC_MASTER bookkeeping: appends wait here until some slave has reported holding their bytes, or until
 * {@code syncFlushTimeout} has passed. Waiters are kept in offset order so one report completes every waiter
 * it covers.
 *
 * <p>Timeouts: each waiter carries a deadline, and one expiry thread sleeps until the lowest waiter's deadline
 * and completes false the overdue ones at the low end. Offsets are appended in time order and wait here right
 * after being appended (and forced), so offset order is deadline order but for the few µs between an append
 * and its registration; a waiter can therefore time out that much late, never early. One thread and one check
 * per timeout period replace a timer per append.
 *
 * <p>Threads: any thread awaits; connection reader threads report; the expiry thread runs between
 * {@link #start()} and {@link #shutdown()}, both called by the store's lifecycle thread.
 */
public final class ReplicaAcks {
    /** While slaves lag and appends keep arriving, expiring in rounds this far apart caps the thread's wake-ups. */
    private static final long EXPIRY_GRANULARITY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** @param deadline {@link System#nanoTime()} after which the waiter completes false */
    private record Waiter(CompletableFuture<Boolean> done, long deadline) {
    }

    private final ConcurrentSkipListMap<Long, Waiter> waiters = new ConcurrentSkipListMap<>();
    private final AtomicLong bestAcked = new AtomicLong(-1);
    private final long timeoutNanos;
    private final Thread expiry = new Thread(this::expireUntilShutdown, "ferrymq-replica-ack-expiry");
    private volatile boolean running;

    /** @param timeoutMillis how long an append waits for a slave before its wait completes false */
    public ReplicaAcks(long timeoutMillis) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        expiry.setDaemon(true);
    }

    /** Starts the expiry thread. Before this and after {@link #shutdown()}, waits complete false at once. */
    public void start() {
        running = true;
        expiry.start();
    }

    /**
     * Completes with true once a slave holds everything below {@code offset}, with false if none reports so
     * within the timeout.
     */
    public CompletableFuture<Boolean> await(long offset) {
        if (bestAcked.get() >= offset) {
            return CompletableFuture.completedFuture(true);
        }
        Waiter mine = new Waiter(new CompletableFuture<>(), System.nanoTime() + timeoutNanos);
        Waiter waiter = waiters.putIfAbsent(offset, mine);
        CompletableFuture<Boolean> f = waiter == null ? mine.done() : waiter.done();
        // A report may have landed between the check and the registration.
        if (bestAcked.get() >= offset) {
            complete(bestAcked.get());
        }
        // Shutdown may have failed the waiters before this one registered; nobody would expire it now.
        if (!running && waiters.remove(offset) != null) {
            f.complete(false);
        }
        return f;
    }

    /** A slave reports it holds everything below {@code ackedOffset}. */
    public void onAck(long ackedOffset) {
        bestAcked.accumulateAndGet(ackedOffset, Math::max);
        complete(ackedOffset);
    }

    private void complete(long upTo) {
        Map<Long, Waiter> covered = waiters.headMap(upTo, true);
        for (Map.Entry<Long, Waiter> e : covered.entrySet()) {
            if (waiters.remove(e.getKey(), e.getValue())) {
                e.getValue().done().complete(true);
            }
        }
    }

    /** The highest offset any slave has reported since this master started, or -1. */
    public long bestAckedOffset() {
        return bestAcked.get();
    }

    private void expireUntilShutdown() {
        while (running) {
            long now = System.nanoTime();
            LockSupport.parkNanos(this, expireOverdue(now) - now);
        }
    }

    /**
     * Completes false the overdue waiters at the low end.
     *
     * @return when to look again: the lowest remaining waiter's deadline (nothing registered later falls due
     *         earlier), but not sooner than {@link #EXPIRY_GRANULARITY_NANOS} from {@code now}
     */
    private long expireOverdue(long now) {
        for (Map.Entry<Long, Waiter> e : waiters.entrySet()) {
            Waiter w = e.getValue();
            if (w.deadline() - now > 0) {
                long earliest = now + EXPIRY_GRANULARITY_NANOS;
                return w.deadline() - earliest > 0 ? w.deadline() : earliest;
            }
            if (waiters.remove(e.getKey(), w)) {
                w.done().complete(false);
            }
        }
        return now + timeoutNanos;
    }

    /** Stops the expiry thread and fails every waiter. */
    public void shutdown() {
        running = false;
        if (expiry.isAlive()) {
            LockSupport.unpark(expiry);
            try {
                expiry.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Waiter w : waiters.values()) {
            w.done().complete(false);
        }
        waiters.clear();
    }
}

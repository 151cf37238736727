package io.ferrymq.store.ha;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SYNC_MASTER bookkeeping: appends wait here until some slave has reported holding their bytes. Waiters
 * are kept in offset order so one report completes every waiter it covers. Any thread waits; connection
 * reader threads report.
 */
public final class ReplicaAcks {
    private final ConcurrentSkipListMap<Long, CompletableFuture<Boolean>> waiters = new ConcurrentSkipListMap<>();
    private final AtomicLong bestAcked = new AtomicLong(-1);

    /** Completes with true once a slave holds everything below {@code offset}. */
    public CompletableFuture<Boolean> await(long offset) {
        if (bestAcked.get() >= offset) {
            return CompletableFuture.completedFuture(true);
        }
        CompletableFuture<Boolean> f = waiters.computeIfAbsent(offset, o -> new CompletableFuture<>());
        // A report may have landed between the check and the registration.
        if (bestAcked.get() >= offset) {
            complete(bestAcked.get());
        }
        return f;
    }

    /** A slave reports it holds everything below {@code ackedOffset}. */
    public void onAck(long ackedOffset) {
        bestAcked.accumulateAndGet(ackedOffset, Math::max);
        complete(ackedOffset);
    }

    private void complete(long upTo) {
        Map<Long, CompletableFuture<Boolean>> covered = waiters.headMap(upTo, true);
        for (Map.Entry<Long, CompletableFuture<Boolean>> e : covered.entrySet()) {
            if (waiters.remove(e.getKey(), e.getValue())) {
                e.getValue().complete(true);
            }
        }
    }

    /** The highest offset any slave has reported since this master started, or -1. */
    public long bestAckedOffset() {
        return bestAcked.get();
    }

    /** Fails every waiter (shutdown). */
    public void failAll() {
        for (CompletableFuture<Boolean> f : waiters.values()) {
            f.complete(false);
        }
        waiters.clear();
    }
}

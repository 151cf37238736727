package io.ferrymq.broker.client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Which client of a consumer group holds each queue for orderly consumption (LOCK_BATCH_MQ /
 * UNLOCK_BATCH_MQ). A lock lasts {@code maxLiveMillis} after its holder's last lock request and is then
 * free for another member of the group. A lock outlives its holder's connection on purpose: a client whose
 * connection dropped may still be consuming, and only its local lock expiry (shorter than this one) is
 * sure to have stopped it; handing the queue over earlier could let two consumers run one queue at once.
 *
 * <p>Thread-safe: every method is synchronized. Locks are requested every 20 s per consumer and when queues
 * change owner, so one monitor is not a point of contention.
 */
public final class QueueLockTable {
    private static final Logger LOG = LoggerFactory.getLogger(QueueLockTable.class);

    /** A queue as clients name it in lock requests. */
    public record Queue(String topic, String brokerName, int queueId) {
    }

    private static final class Holder {
        final String clientId;
        long renewedAt;

        Holder(String clientId, long renewedAt) {
            this.clientId = clientId;
            this.renewedAt = renewedAt;
        }
    }

    private final Map<String, Map<Queue, Holder>> byGroup = new HashMap<>();
    private final Clock clock;
    private final LongSupplier maxLiveMillis;

    /**
     * @param maxLiveMillis read on every decision, so a broker's setting can change while it runs (tests
     *                      shorten it)
     */
    public QueueLockTable(Clock clock, LongSupplier maxLiveMillis) {
        this.clock = clock;
        this.maxLiveMillis = maxLiveMillis;
    }

    /**
     * Locks, or renews, each queue for {@code clientId} unless another live holder has it.
     *
     * @return the queues {@code clientId} holds now, in the order asked
     */
    public synchronized Set<Queue> tryLock(String group, String clientId, Collection<Queue> queues) {
        long now = clock.millis();
        long maxLive = maxLiveMillis.getAsLong();
        Map<Queue, Holder> locks = byGroup.computeIfAbsent(group, g -> new HashMap<>());
        Set<Queue> held = new LinkedHashSet<>();
        for (Queue q : queues) {
            Holder h = locks.get(q);
            if (h == null || h.clientId.equals(clientId) || now - h.renewedAt > maxLive) {
                if (h != null && !h.clientId.equals(clientId)) {
                    LOG.info("FMQ-BROKER-130 lock of {} in group {} expired for {}; now held by {}", q, group,
                            h.clientId, clientId);
                }
                locks.put(q, new Holder(clientId, now));
                held.add(q);
            }
        }
        return held;
    }

    /** Releases the queues {@code clientId} holds; queues held by others stay as they are. */
    public synchronized void unlock(String group, String clientId, Collection<Queue> queues) {
        Map<Queue, Holder> locks = byGroup.get(group);
        if (locks == null) {
            return;
        }
        for (Queue q : queues) {
            Holder h = locks.get(q);
            if (h != null && h.clientId.equals(clientId)) {
                locks.remove(q);
            }
        }
        if (locks.isEmpty()) {
            byGroup.remove(group);
        }
    }

    /** The client holding a live lock on the queue, or null. */
    public synchronized String holder(String group, Queue queue) {
        Map<Queue, Holder> locks = byGroup.get(group);
        Holder h = locks == null ? null : locks.get(queue);
        return h == null || clock.millis() - h.renewedAt > maxLiveMillis.getAsLong() ? null : h.clientId;
    }

    /** The live locks of a group: queue to holding client id. */
    public synchronized Map<Queue, String> heldBy(String group) {
        Map<Queue, String> held = new HashMap<>();
        Map<Queue, Holder> locks = byGroup.get(group);
        if (locks != null) {
            long now = clock.millis();
            long maxLive = maxLiveMillis.getAsLong();
            locks.forEach((q, h) -> {
                if (now - h.renewedAt <= maxLive) {
                    held.put(q, h.clientId);
                }
            });
        }
        return held;
    }

    /** Forgets expired locks, so groups that went away leave nothing behind. Returns how many went. */
    public synchronized int pruneExpired() {
        long now = clock.millis();
        long maxLive = maxLiveMillis.getAsLong();
        int pruned = 0;
        for (Iterator<Map<Queue, Holder>> groups = byGroup.values().iterator(); groups.hasNext(); ) {
            Map<Queue, Holder> locks = groups.next();
            List<Queue> expired = new ArrayList<>();
            locks.forEach((q, h) -> {
                if (now - h.renewedAt > maxLive) {
                    expired.add(q);
                }
            });
            expired.forEach(locks::remove);
            pruned += expired.size();
            if (locks.isEmpty()) {
                groups.remove();
            }
        }
        return pruned;
    }
}

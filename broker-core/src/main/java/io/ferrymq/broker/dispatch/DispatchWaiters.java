package io.ferrymq.broker.dispatch;

import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.protocol.RemotingCommand;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * Long polling for DISPATCH_RECEIVE: receives that found nothing wait here per topic until a message of the topic
 * is stored or becomes ready again, or their time is up; then they are run once more (and may wait again until
 * their deadline). Exactly one waker wins each held receive (removal from a concurrent queue decides).
 *
 * <p>Threads: dispatch executors hold; the store's dispatcher thread, processors and the broker's scheduler wake.
 */
public final class DispatchWaiters {

    /** A receive of {@code consumerId} (may be null) waiting for messages until {@code deadlineMillis}. */
    public record Held(RemotingChannel channel, RemotingCommand request, String topic, String consumerId,
                       long deadlineMillis) {
    }

    private final Map<String, ConcurrentLinkedQueue<Held>> held = new ConcurrentHashMap<>();
    /**
     * Consumers that said they are closing, until when they are remembered (past the longest poll): a receive of
     * theirs still on its way must not be held, or it would lease messages to nobody once woken.
     */
    private final Map<String, Long> stopped = new ConcurrentHashMap<>();
    /** Makes holding a receive and stopping its consumer exclude each other. */
    private final Object holdLock = new Object();
    /** Counts wake-ups per topic, so a receive can tell whether something arrived while it was looking. */
    private final Map<String, java.util.concurrent.atomic.AtomicLong> versions = new ConcurrentHashMap<>();
    private final Consumer<Held> rerun;

    public DispatchWaiters(Consumer<Held> rerun) {
        this.rerun = rerun;
    }

    /** Read before a receive looks at the queues; pass to {@link #hold} if it found nothing. */
    public long version(String topic) {
        return versions.computeIfAbsent(topic, k -> new java.util.concurrent.atomic.AtomicLong()).get();
    }

    /**
     * Holds a receive that found nothing; if messages of its topic arrived since {@code seenVersion} it runs again
     * at once instead of waiting for the next arrival. False (not held) when its consumer is closing.
     */
    public boolean hold(Held receive, long seenVersion) {
        synchronized (holdLock) {
            if (isStopped(receive.consumerId())) {
                return false;
            }
            held.computeIfAbsent(receive.topic(), k -> new ConcurrentLinkedQueue<>()).add(receive);
        }
        if (version(receive.topic()) != seenVersion) {
            wake(receive.topic());
        }
        return true;
    }

    /** True for a consumer that said it is closing: its receives are answered empty at once. */
    public boolean isStopped(String consumerId) {
        return consumerId != null && stopped.containsKey(consumerId);
    }

    /** Messages of {@code topic} arrived or became ready: every receive waiting on it runs again. */
    public void wake(String topic) {
        java.util.concurrent.atomic.AtomicLong version = versions.get(topic);
        if (version != null) {
            version.incrementAndGet();
        }
        ConcurrentLinkedQueue<Held> queue = held.get(topic);
        if (queue == null || queue.isEmpty()) {
            return;
        }
        for (Held h : queue) {
            if (queue.remove(h) && h.channel().isActive()) {
                rerun.accept(h);
            }
        }
    }

    /**
     * Takes out the waiting receives of a consumer that is closing, and refuses to hold any of its receives from now
     * until {@code rememberUntil}; the caller answers the ones taken out.
     */
    public java.util.List<Held> removeConsumer(String consumerId, long rememberUntil) {
        java.util.List<Held> out = new java.util.ArrayList<>();
        synchronized (holdLock) {
            stopped.put(consumerId, rememberUntil);
            for (ConcurrentLinkedQueue<Held> queue : held.values()) {
                for (Held h : queue) {
                    if (consumerId.equals(h.consumerId()) && queue.remove(h)) {
                        out.add(h);
                    }
                }
            }
        }
        return out;
    }

    /** Answers receives whose time is up and forgets those whose connection closed. */
    public void sweep(long now) {
        stopped.values().removeIf(until -> until <= now);
        for (ConcurrentLinkedQueue<Held> queue : held.values()) {
            for (Held h : queue) {
                if ((now >= h.deadlineMillis() || !h.channel().isActive()) && queue.remove(h) && h.channel().isActive()) {
                    rerun.accept(h);
                }
            }
        }
    }

    /** Receives waiting now (for tests and stats). */
    public int size() {
        return held.values().stream().mapToInt(ConcurrentLinkedQueue::size).sum();
    }
}

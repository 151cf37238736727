package io.ferrymq.client.impl;

import io.ferrymq.client.MessageQueue;

import java.util.TreeSet;

/**
 * One queue a consumer owns: the next offset to pull and the offsets delivered but not yet consumed.
 * The committable offset is the lowest unconsumed one, so a crash never skips a message (it may repeat
 * some). Synchronized; touched by the pull callback and the consume threads.
 */
public final class ProcessQueue {
    private final MessageQueue queue;
    private final TreeSet<Long> inFlight = new TreeSet<>();
    private long nextPullOffset;
    private long highestDelivered = -1;
    private volatile boolean dropped;

    public ProcessQueue(MessageQueue queue, long startOffset) {
        this.queue = queue;
        this.nextPullOffset = startOffset;
    }

    public MessageQueue queue() {
        return queue;
    }

    public synchronized long nextPullOffset() {
        return nextPullOffset;
    }

    public synchronized void setNextPullOffset(long offset) {
        nextPullOffset = offset;
    }

    public synchronized void delivered(long queueOffset) {
        inFlight.add(queueOffset);
        highestDelivered = Math.max(highestDelivered, queueOffset);
    }

    public synchronized void consumed(long queueOffset) {
        inFlight.remove(queueOffset);
    }

    public synchronized int inFlightCount() {
        return inFlight.size();
    }

    /** The offset a restart should resume from: the lowest unconsumed, or past everything pulled. */
    public synchronized long committableOffset() {
        if (!inFlight.isEmpty()) {
            return inFlight.first();
        }
        return Math.max(nextPullOffset, highestDelivered + 1);
    }

    public boolean isDropped() {
        return dropped;
    }

    public void drop() {
        dropped = true;
    }
}

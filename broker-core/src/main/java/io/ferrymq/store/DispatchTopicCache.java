package io.ferrymq.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Maps the stored bytes of a topic name to its String and to its ConsumeQueues by queue id, so dispatching
 * a record neither decodes the topic into a new String nor hashes that String twice for the
 * {@link ConsumeQueueStore} maps. Direct-mapped: {@value #SLOTS} slots picked by a hash of the bytes; a
 * colliding topic replaces the slot and is looked up again next time. ConsumeQueues are never removed from
 * the store, so a cached one stays valid.
 *
 * <p>Threads: the dispatcher thread only (recovery's replay runs on the starting thread before it starts).
 */
final class DispatchTopicCache {
    private static final int SLOTS = 64;
    /** Queue ids at or above this are looked up in the store every time instead of growing an array. */
    private static final int MAX_CACHED_QUEUE_ID = 1024;

    private final ConsumeQueueStore consumeQueues;
    private final byte[][] bytes = new byte[SLOTS][];
    private final String[] names = new String[SLOTS];
    private final ConsumeQueue[][] queues = new ConsumeQueue[SLOTS][];
    /** Slot of the topic {@link #topic} returned last; {@link #queue} starts there. */
    private int lastSlot;

    DispatchTopicCache(ConsumeQueueStore consumeQueues) {
        this.consumeQueues = consumeQueues;
    }

    /** The topic whose UTF-8 bytes are {@code buf[pos, pos + length)}; the same String for the same bytes. */
    String topic(ByteBuffer buf, int pos, int length) {
        int hash = 1;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + buf.get(pos + i);
        }
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        lastSlot = slot;
        byte[] cached = bytes[slot];
        if (cached != null && cached.length == length && sameBytes(buf, pos, cached)) {
            return names[slot];
        }
        byte[] copy = new byte[length];
        buf.get(pos, copy);
        String name = new String(copy, StandardCharsets.UTF_8);
        bytes[slot] = copy;
        names[slot] = name;
        queues[slot] = null;
        return name;
    }

    /** The ConsumeQueue of ({@code topic}, {@code queueId}), created if absent. */
    ConsumeQueue queue(String topic, int queueId) {
        int slot = lastSlot;
        if (names[slot] != topic || queueId >= MAX_CACHED_QUEUE_ID) {
            return consumeQueues.findOrCreate(topic, queueId);
        }
        ConsumeQueue[] byId = queues[slot];
        if (byId == null || queueId >= byId.length) {
            ConsumeQueue[] grown = new ConsumeQueue[Math.max(8, Math.max(queueId + 1, byId == null ? 0 : byId.length * 2))];
            if (byId != null) {
                System.arraycopy(byId, 0, grown, 0, byId.length);
            }
            byId = grown;
            queues[slot] = byId;
        }
        ConsumeQueue cq = byId[queueId];
        if (cq == null) {
            cq = consumeQueues.findOrCreate(topic, queueId);
            byId[queueId] = cq;
        }
        return cq;
    }

    private static boolean sameBytes(ByteBuffer buf, int pos, byte[] cached) {
        for (int i = 0; i < cached.length; i++) {
            if (buf.get(pos + i) != cached[i]) {
                return false;
            }
        }
        return true;
    }
}

package io.ferrymq.store;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The next consume-queue offset of every (topic, queue), assigned to records as they are appended.
 * Guarded by the CommitLog's append lock: no other thread touches it after startup. Uses one growable
 * array per topic so the hot path neither concatenates keys nor boxes, and remembers the last topic's
 * array so consecutive appends to one topic skip the map (and the hash of a topic string decoded from a
 * request, which is not cached yet).
 */
final class QueueOffsetTable {
    private final Map<String, long[]> nextByTopic = new HashMap<>();
    private String lastTopic;
    private long[] lastOffsets;

    long next(String topic, int queueId) {
        long[] offsets = offsets(topic);
        return offsets == null || queueId >= offsets.length ? 0 : offsets[queueId];
    }

    void set(String topic, int queueId, long next) {
        long[] offsets = offsets(topic);
        if (offsets == null || queueId >= offsets.length) {
            offsets = offsets == null ? new long[Math.max(8, queueId + 1)]
                    : Arrays.copyOf(offsets, Math.max(offsets.length * 2, queueId + 1));
            nextByTopic.put(topic, offsets);
            lastTopic = topic;
            lastOffsets = offsets;
        }
        offsets[queueId] = next;
    }

    private long[] offsets(String topic) {
        if (topic == lastTopic || topic.equals(lastTopic)) {
            return lastOffsets;
        }
        long[] offsets = nextByTopic.get(topic);
        if (offsets != null) {
            lastTopic = topic;
            lastOffsets = offsets;
        }
        return offsets;
    }

    void clear() {
        nextByTopic.clear();
        lastTopic = null;
        lastOffsets = null;
    }
}

package io.ferrymq.store;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The next consume-queue offset of every (topic, queue), assigned to records as they are appended.
 * Guarded by the CommitLog's append lock: no other thread touches it after startup. Uses one growable
 * array per topic so the hot path neither concatenates keys nor boxes.
 */
final class QueueOffsetTable {
    private final Map<String, long[]> nextByTopic = new HashMap<>();

    long next(String topic, int queueId) {
        long[] offsets = nextByTopic.get(topic);
        return offsets == null || queueId >= offsets.length ? 0 : offsets[queueId];
    }

    void set(String topic, int queueId, long next) {
        long[] offsets = nextByTopic.get(topic);
        if (offsets == null || queueId >= offsets.length) {
            offsets = offsets == null ? new long[Math.max(8, queueId + 1)]
                    : Arrays.copyOf(offsets, Math.max(offsets.length * 2, queueId + 1));
            nextByTopic.put(topic, offsets);
        }
        offsets[queueId] = next;
    }

    void clear() {
        nextByTopic.clear();
    }
}

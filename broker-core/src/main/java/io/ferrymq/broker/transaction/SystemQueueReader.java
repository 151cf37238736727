package io.ferrymq.broker.transaction;

import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.store.GetResult;
import io.ferrymq.store.GetStatus;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.SelectedBuffer;

import java.util.function.Consumer;

/** Reads queue 0 of one of the broker's system topics in order, decoding each record. Stateless; any thread. */
public final class SystemQueueReader {
    private static final int BATCH = 64;
    private static final int BATCH_BYTES = 1 << 20;

    private final MessageStore store;
    private final String topic;

    public SystemQueueReader(MessageStore store, String topic) {
        this.store = store;
        this.topic = topic;
    }

    /**
     * Hands every record from {@code queueOffset} (or the oldest still kept) to the end of the queue to {@code each}.
     *
     * @return the queue offset after the last entry read (where the next read starts)
     */
    public long readFrom(long queueOffset, Consumer<DecodedMessage> each) {
        long next = Math.max(queueOffset, minOffset());
        while (true) {
            GetResult r = store.getMessages(topic, 0, next, BATCH, BATCH_BYTES);
            try {
                if (r.status() == GetStatus.OFFSET_TOO_SMALL) {
                    next = r.nextBeginOffset();
                    continue;
                }
                if (r.records().isEmpty() && (r.status() != GetStatus.OFFSET_FOUND_NULL || r.nextBeginOffset() <= next)) {
                    return next;
                }
                for (SelectedBuffer b : r.records()) {
                    each.accept(MessageRecord.decode(b.buffer(), 0));
                }
                next = r.nextBeginOffset();
            } finally {
                r.close();
            }
        }
    }

    /** The commit-log offset of the record at {@code queueOffset}, or -1 when there is none. */
    long commitLogOffsetAt(long queueOffset) {
        GetResult r = store.getMessages(topic, 0, queueOffset, 1, 1);
        try {
            return r.records().isEmpty() ? -1 : r.records().get(0).buffer().getLong(MessageRecord.PHYSICAL_OFFSET_POSITION);
        } finally {
            r.close();
        }
    }

    public long minOffset() {
        return store.minOffsetInQueue(topic, 0);
    }

    /** Queue offset one past the last record dispatched so far. */
    long endOffset() {
        return store.maxOffsetInQueue(topic, 0);
    }
}

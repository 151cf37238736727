package io.ferrymq.store;

import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.DeliveryConst;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.MessageRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;

/**
 * Keeps dead letters ({@code %DLQ%<group>} records) for exactly {@code dlqRetentionHours}, whatever the
 * CommitLog's own retention: a letter past its time is hidden from every read, and before a CommitLog file
 * is deleted its unexpired letters are copied to the end of the log (same properties, so the same death time
 * and the same message id), where they live on until they expire. Stateless apart from its collaborators;
 * reads from any thread, copies on the retention thread.
 */
final class DeadLetterRetention {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRetention.class);

    private final long retentionMillis;
    private final Clock clock;
    private final CommitLog commitLog;
    private final ConsumeQueueStore consumeQueues;
    private final Function<MessageToAppend, PutResult> append;

    DeadLetterRetention(StoreConfig config, Clock clock, CommitLog commitLog, ConsumeQueueStore consumeQueues,
                        Function<MessageToAppend, PutResult> append) {
        this.retentionMillis = config.getDlqRetentionHours() * 3_600_000L;
        this.clock = clock;
        this.commitLog = commitLog;
        this.consumeQueues = consumeQueues;
        this.append = append;
    }

    /** When a dead letter entered its DLQ: the property the broker sets, else the record's store time. */
    static long deadAt(DecodedMessage m) {
        String at = m.property(DeliveryConst.PROPERTY_DEAD_AT_MS);
        if (at != null) {
            try {
                return Long.parseLong(at);
            } catch (NumberFormatException ignored) {
                // fall back to the store time
            }
        }
        return m.storeTimestamp();
    }

    boolean isExpired(DecodedMessage m) {
        return clock.millis() - deadAt(m) >= retentionMillis;
    }

    /** True when the record in {@code buf} (from position 0) is a dead letter past its retention. */
    boolean isExpiredDeadLetter(ByteBuffer buf) {
        DecodedMessage m = MessageRecord.decode(buf, 0);
        return DeliveryConst.isDeadLetterTopic(m.topic()) && isExpired(m);
    }

    /**
     * Copies the unexpired dead letters stored in [{@code from}, {@code to}) to the end of the log.
     *
     * @return false when a copy failed: the file must not be deleted yet
     */
    boolean preserve(long from, long to) {
        int copied = 0;
        for (ConsumeQueue cq : consumeQueues.all()) {
            if (!DeliveryConst.isDeadLetterTopic(cq.topic())) {
                continue;
            }
            for (long offset = cq.minOffset(); offset < cq.maxOffset(); ) {
                try (SelectedBuffer entries = cq.entriesFrom(offset)) {
                    if (entries == null) {
                        break;
                    }
                    ByteBuffer e = entries.buffer();
                    int p = 0;
                    for (; p + ConsumeQueue.ENTRY_SIZE <= entries.size(); p += ConsumeQueue.ENTRY_SIZE) {
                        long phy = e.getLong(p);
                        int size = e.getInt(p + 8);
                        if (size == ConsumeQueue.BLANK_ENTRY_SIZE || phy < from) {
                            continue;
                        }
                        if (phy >= to) {
                            offset = Long.MAX_VALUE;
                            break;
                        }
                        if (!copy(phy, size)) {
                            return false;
                        }
                        copied++;
                    }
                    if (offset != Long.MAX_VALUE) {
                        offset += p / ConsumeQueue.ENTRY_SIZE;
                    }
                }
            }
        }
        if (copied > 0) {
            LOG.info("FMQ-STORE-150 copied {} unexpired dead letters forward from commit log [{}, {}) before deleting it",
                    copied, from, to);
        }
        return true;
    }

    private boolean copy(long phy, int size) {
        DecodedMessage m;
        try (SelectedBuffer record = commitLog.select(phy, size)) {
            if (record == null) {
                return true;
            }
            m = MessageRecord.decode(record.buffer(), 0);
        }
        if (isExpired(m)) {
            return true;
        }
        Map<String, String> p = m.properties();
        p.putIfAbsent(DeliveryConst.PROPERTY_DEAD_AT_MS, Long.toString(m.storeTimestamp()));
        MessageToAppend copy = new MessageToAppend(m.topic(), m.queueId(), m.flag(), m.body(),
                MessageProperties.encode(p), m.sysFlag(), m.bornTimestamp(), m.bornHost(), m.storeHost(),
                m.reconsumeTimes(), m.preparedTransactionOffset());
        PutResult r = append.apply(copy);
        if (!r.isAppended()) {
            LOG.warn("FMQ-STORE-151 cannot copy dead letter at {} forward ({}: {}); keeping its commit log file for now",
                    phy, r.status(), r.detail());
            return false;
        }
        return true;
    }
}

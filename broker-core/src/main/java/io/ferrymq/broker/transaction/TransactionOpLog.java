package io.ferrymq.broker.transaction;

import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.MessageToAppend;
import io.ferrymq.store.PutResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Writes and reads the op records of {@link TransactionTopics#OP_TOPIC} queue 0. As in RocketMQ the body is the half's
 * queue offset and records that settle a half carry tag {@code d}; FerryMQ adds what happened in properties
 * ({@code FMQ_TX_*}), so a restart restores check counts and parks as well as outcomes. Stateless apart from the store;
 * safe from any thread.
 */
final class TransactionOpLog {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionOpLog.class);
    static final String TAG_SETTLED = "d";
    static final String TAG_PROGRESS = "fmq";
    private static final String OP = "FMQ_TX_OP";
    private static final String HALF_OFFSET = "FMQ_TX_HALF_OFFSET";
    private static final String CHECKS = "FMQ_TX_CHECKS";
    private static final String BY = "FMQ_TX_BY";
    private static final String TRANSACTION_ID = "FMQ_TX_ID";

    private final MessageStore store;
    private final SystemQueueReader queue;
    private final InetSocketAddress storeHost;
    private final Clock clock;

    TransactionOpLog(MessageStore store, InetSocketAddress storeHost, Clock clock) {
        this.store = store;
        this.queue = new SystemQueueReader(store, TransactionTopics.OP_TOPIC);
        this.storeHost = storeHost;
        this.clock = clock;
    }

    /** Appends the op; completes when the store counts it durable (or refused it: see {@link PutResult#isAppended()}). */
    CompletableFuture<PutResult> append(TransactionOp op) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(MessageConst.PROPERTY_TAGS, op.kind().resolves() ? TAG_SETTLED : TAG_PROGRESS);
        p.put(OP, op.kind().name());
        p.put(HALF_OFFSET, Long.toString(op.halfCommitLogOffset()));
        if (op.kind() == TransactionOp.Kind.CHECK) {
            p.put(CHECKS, Integer.toString(op.checks()));
        }
        if (op.by() != null) {
            p.put(BY, op.by().name());
        }
        if (op.transactionId() != null) {
            p.put(TRANSACTION_ID, op.transactionId());
        }
        byte[] body = Long.toString(op.halfQueueOffset()).getBytes(StandardCharsets.UTF_8);
        return store.putMessageAsync(new MessageToAppend(TransactionTopics.OP_TOPIC, 0, 0, body,
                MessageProperties.encode(p), 0, clock.millis(), storeHost, storeHost, 0, 0L));
    }

    /** Reads every op record from {@code queueOffset} to the end of the op queue, in order. */
    void readFrom(long queueOffset, Consumer<TransactionOp> each) {
        queue.readFrom(queueOffset, record -> {
            TransactionOp op = parse(record);
            if (op != null) {
                each.accept(op);
            }
        });
    }

    /**
     * The op-queue offset of the first op record stored after commit-log offset {@code commitLogOffset} (every op about a
     * half is stored after the half itself). Binary search, a record read per step; may answer a little early, never
     * late.
     */
    long firstOpAfter(long commitLogOffset) {
        long low = queue.minOffset();
        long high = queue.endOffset();
        while (low < high) {
            long mid = (low + high) >>> 1;
            long at = queue.commitLogOffsetAt(mid);
            if (at >= 0 && at <= commitLogOffset) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** The op a record holds, or null for a record FerryMQ did not write (logged). */
    static TransactionOp parse(DecodedMessage record) {
        try {
            TransactionOp.Kind kind = TransactionOp.Kind.valueOf(record.property(OP));
            long halfOffset = Long.parseLong(record.property(HALF_OFFSET));
            long halfQueueOffset = Long.parseLong(new String(record.body(), StandardCharsets.UTF_8).trim());
            String checks = record.property(CHECKS);
            String by = record.property(BY);
            return new TransactionOp(kind, halfOffset, halfQueueOffset, checks == null ? 0 : Integer.parseInt(checks),
                    by == null ? null : ResolvedBy.valueOf(by), record.property(TRANSACTION_ID));
        } catch (RuntimeException e) {
            LOG.warn("FMQ-TX-061 op record at commit-log offset {} is not FerryMQ's ({}); ignored",
                    record.physicalOffset(), e.toString());
            return null;
        }
    }
}

package io.ferrymq.broker.transaction;

import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.PutResult;
import io.ferrymq.store.QueryResult;
import io.ferrymq.store.SelectedBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds the {@link HalfMessageTable} when the broker starts: reads the half queue from where it was last settled,
 * folds in the op records written since, and keeps the halves no op record settled, with their check counts and parks.
 * A half that was committed but whose settling op record was lost in a crash is found by its committed record (through
 * the index) and settled now instead of being checked and delivered again. Runs once, on the starting thread, before
 * any request is served.
 */
final class HalfMessageRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(HalfMessageRecovery.class);
    private static final int MAX_COMMITTED_CANDIDATES = 32;

    /** What the op records say of one half. */
    private static final class Fold {
        boolean settled;
        int checks;
        boolean parked;

        void apply(TransactionOp op) {
            switch (op.kind()) {
                case COMMIT, ROLLBACK -> settled = true;
                case CHECK -> checks = Math.max(checks, op.checks());
                case PARK -> parked = true;
                case RESUME -> {
                    parked = false;
                    checks = 0;
                }
            }
        }
    }

    private final MessageStore store;
    private final HalfMessageTable table;
    private final TransactionOpLog ops;
    private final SystemQueueReader halfQueue;

    HalfMessageRecovery(MessageStore store, HalfMessageTable table, TransactionOpLog ops) {
        this.store = store;
        this.table = table;
        this.ops = ops;
        this.halfQueue = new SystemQueueReader(store, TransactionTopics.HALF_TOPIC);
    }

    /** @param settledBelow the half-queue offset saved at the last settle point (-1 when none) */
    void recover(long settledBelow) {
        long from = Math.max(Math.max(0, settledBelow), halfQueue.minOffset());
        table.startAt(from);
        long firstHalf = halfQueue.commitLogOffsetAt(from);
        if (from >= halfQueue.endOffset() || firstHalf < 0) {
            table.startAt(Math.max(from, halfQueue.endOffset()));
            LOG.info("FMQ-TX-001 transactions recovered: no unresolved half message (half queue at {})", from);
            return;
        }
        long opFrom = ops.firstOpAfter(firstHalf);
        Map<Long, Fold> folds = new HashMap<>();
        ops.readFrom(opFrom, op -> folds.computeIfAbsent(op.halfCommitLogOffset(), k -> new Fold()).apply(op));

        List<HalfMessage> unresolved = new ArrayList<>();
        long end = halfQueue.readFrom(from, record -> {
            HalfMessage m = HalfMessage.of(record);
            Fold fold = m == null ? null : folds.get(m.commitLogOffset);
            if (m == null || (fold != null && fold.settled)) {
                table.advanceTo(record.queueOffset() + 1);
                return;
            }
            table.restore(m, fold == null ? 0 : fold.checks, fold != null && fold.parked);
            unresolved.add(m);
        });
        table.advanceTo(end);
        int settledNow = 0;
        for (HalfMessage m : unresolved) {
            if (committedBeforeTheCrash(m)) {
                settle(m);
                settledNow++;
            }
        }
        LOG.info("FMQ-TX-001 transactions recovered: {} unresolved half message(s), {} parked, read from half-queue"
                + " offset {} and op-queue offset {}{}", table.size(), table.parkedCount(), from, opFrom,
                settledNow == 0 ? "" : "; " + settledNow + " found committed and settled now");
    }

    /** True when the real topic holds this half's committed record (its prepared-transaction offset names the half). */
    private boolean committedBeforeTheCrash(HalfMessage m) {
        QueryResult found = store.queryMessages(m.topic, m.transactionId, MAX_COMMITTED_CANDIDATES, 0, Long.MAX_VALUE);
        try {
            for (SelectedBuffer b : found.records()) {
                DecodedMessage r = MessageRecord.decode(b.buffer(), 0);
                if (MessageSysFlag.transactionType(r.sysFlag()) == MessageSysFlag.TRANSACTION_COMMIT_TYPE
                        && r.preparedTransactionOffset() == m.commitLogOffset) {
                    return true;
                }
            }
            return false;
        } finally {
            found.close();
        }
    }

    private void settle(HalfMessage m) {
        if (table.claim(m.commitLogOffset, m.queueOffset) != HalfMessageTable.Claim.CLAIMED) {
            return;
        }
        PutResult r = ops.append(new TransactionOp(TransactionOp.Kind.COMMIT, m.commitLogOffset, m.queueOffset, 0,
                ResolvedBy.RECOVERY, m.transactionId)).join();
        // Settled either way: delivering it again would be the one wrong outcome. Unrecorded, the next start finds the
        // committed record again.
        table.finish(m.commitLogOffset);
        LOG.info("FMQ-TX-002 transaction {} was committed before the broker stopped, but its op record was lost: {};"
                + " it is neither checked nor delivered again", m.transactionId,
                r.isAppended() ? "recorded now" : "recording it failed too (" + r.detail() + ")");
    }
}

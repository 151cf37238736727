package io.ferrymq.broker.transaction;

import io.ferrymq.store.MessageStore;
import io.ferrymq.store.PutResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * Commits or rolls back one half message, exactly once: it claims the half in the {@link HalfMessageTable}, stores the
 * committed record in the real topic (commit only), then the op record that settles the half, and only then lets go.
 * A half whose commit was stored but whose op record was lost in a crash is found again by {@link HalfMessageRecovery}.
 * Stateless apart from its collaborators; safe from any thread (store callbacks continue on store threads).
 */
final class HalfMessageResolver {
    private static final Logger LOG = LoggerFactory.getLogger(HalfMessageResolver.class);

    private final MessageStore store;
    private final HalfMessageTable table;
    private final TransactionOpLog ops;
    private final InetSocketAddress storeHost;

    HalfMessageResolver(MessageStore store, HalfMessageTable table, TransactionOpLog ops, InetSocketAddress storeHost) {
        this.store = store;
        this.table = table;
        this.ops = ops;
        this.storeHost = storeHost;
    }

    CompletableFuture<Resolution> resolve(HalfMessageRef half, TransactionOutcome outcome, ResolvedBy by) {
        long offset = half.commitLogOffset();
        HalfMessageTable.Claim claim = table.claim(offset, half.queueOffset());
        if (claim != HalfMessageTable.Claim.CLAIMED) {
            LOG.info("FMQ-TX-012 {} of transaction {} by {} ignored: {}", outcome, half.transactionId(), by,
                    claim == HalfMessageTable.Claim.ALREADY_RESOLVED ? "it is already resolved" : "it is being resolved");
            return CompletableFuture.completedFuture(claim == HalfMessageTable.Claim.ALREADY_RESOLVED
                    ? Resolution.ALREADY_RESOLVED : Resolution.IN_PROGRESS);
        }
        CompletableFuture<PutResult> delivered;
        try {
            delivered = outcome == TransactionOutcome.COMMIT
                    ? store.putMessageAsync(HalfMessageCodec.toCommitted(half.record(), storeHost))
                    : CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            delivered = CompletableFuture.failedFuture(e);
        }
        return delivered.handle((put, error) -> {
            if (error != null || (put != null && !put.isAppended())) {
                // Nothing was delivered: the half may be resolved again (by the next check at the latest).
                table.release(offset);
                LOG.error("FMQ-TX-040 {} of transaction {} to {} not stored ({}); it stays unresolved", outcome,
                        half.transactionId(), half.topic(), error != null ? error : put.status() + ": " + put.detail());
                return CompletableFuture.completedFuture(Resolution.FAILED);
            }
            // From here on a commit is delivered, so the claim is never released, whatever happens to the op record.
            CompletableFuture<PutResult> op;
            try {
                op = ops.append(TransactionOp.resolved(outcome, half, by));
            } catch (RuntimeException e) {
                op = CompletableFuture.failedFuture(e);
            }
            return op.handle((r, opError) -> settle(half, outcome, by, put,
                    opError != null ? opError.toString() : r.isAppended() ? null : r.detail()));
        }).thenCompose(result -> result);
    }

    private Resolution settle(HalfMessageRef half, TransactionOutcome outcome, ResolvedBy by, PutResult delivered,
                          String opProblem) {
        long offset = half.commitLogOffset();
        if (opProblem != null && outcome == TransactionOutcome.ROLLBACK) {
            table.release(offset);
            LOG.error("FMQ-TX-041 rollback of transaction {} not recorded ({}); it stays unresolved",
                    half.transactionId(), opProblem);
            return Resolution.FAILED;
        }
        if (opProblem != null) {
            // The message is delivered; without its op record the next start would check it again, so recovery looks
            // for the committed record itself before checking.
            LOG.error("FMQ-TX-043 transaction {} committed, but its op record was not stored ({})",
                    half.transactionId(), opProblem);
        }
        table.finish(offset);
        if (outcome == TransactionOutcome.COMMIT) {
            LOG.info("FMQ-TX-010 transaction {} committed by {}: delivered to {} queue {} at commit-log offset {}"
                            + " (producer group {})", half.transactionId(), by, half.topic(),
                    half.record().property("REAL_QID"), delivered.wroteOffset(), half.producerGroup());
        } else {
            LOG.info("FMQ-TX-011 transaction {} rolled back by {}: not delivered to {} (producer group {})",
                    half.transactionId(), by, half.topic(), half.producerGroup());
        }
        return Resolution.RESOLVED;
    }
}

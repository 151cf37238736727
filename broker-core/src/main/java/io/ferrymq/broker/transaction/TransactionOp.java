package io.ferrymq.broker.transaction;

/**
 * One op record: something that happened to a half message, durably. Immutable.
 *
 * @param halfCommitLogOffset identifies the half
 * @param halfQueueOffset     the half's offset in the half queue (the body of the record, as RocketMQ writes it)
 * @param checks              CHECK: the check's number
 * @param by                  COMMIT/ROLLBACK: who decided
 */
record TransactionOp(Kind kind, long halfCommitLogOffset, long halfQueueOffset, int checks, ResolvedBy by,
                     String transactionId) {

    enum Kind {
        /** Resolved: delivered to the real topic. */
        COMMIT,
        /** Resolved: discarded. */
        ROLLBACK,
        /** A back-check was sent. */
        CHECK,
        /** Out of checks: kept, listed, not checked. */
        PARK,
        /** Checked again from zero after a park. */
        RESUME;

        boolean resolves() {
            return this == COMMIT || this == ROLLBACK;
        }
    }

    static TransactionOp resolved(TransactionOutcome outcome, HalfMessageRef half, ResolvedBy by) {
        return new TransactionOp(outcome == TransactionOutcome.COMMIT ? Kind.COMMIT : Kind.ROLLBACK,
                half.commitLogOffset(), half.queueOffset(), 0, by, half.transactionId());
    }

    static TransactionOp of(Kind kind, HalfMessage half, int checks) {
        return new TransactionOp(kind, half.commitLogOffset, half.queueOffset, checks, null, half.transactionId);
    }
}

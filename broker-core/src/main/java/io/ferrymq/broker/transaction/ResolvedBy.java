package io.ferrymq.broker.transaction;

/** Who decided a half message's outcome; logged and kept in its op record. */
public enum ResolvedBy {
    /** The producer's END_TRANSACTION after its local transaction. */
    PRODUCER,
    /** The producer side's answer to a back-check. */
    CHECK,
    /** An operator, by hand. */
    ADMIN,
    /** {@code transactionCheckMaxPolicy} once the checks ran out. */
    POLICY,
    /** The broker at start, finding the committed record of a half whose op record was lost in a crash. */
    RECOVERY,
    /** The commit or rollback of the XA branch whose prepare stored the half. */
    XA,
    /** The broker's policy for an XA branch left prepared too long, or for a half whose branch never prepared. */
    XA_POLICY
}

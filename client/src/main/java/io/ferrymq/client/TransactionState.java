package io.ferrymq.client;

import io.ferrymq.common.message.MessageSysFlag;

/** The state of a local transaction, as a transactional producer reports it to the broker. */
public enum TransactionState {
    /** Committed: the broker delivers the half message. */
    COMMIT(MessageSysFlag.TRANSACTION_COMMIT_TYPE),
    /** Failed for good: the broker discards the half message. */
    ROLLBACK(MessageSysFlag.TRANSACTION_ROLLBACK_TYPE),
    /** Not known yet: the broker checks back later. */
    UNKNOWN(MessageSysFlag.TRANSACTION_NOT_TYPE);

    private final int wireType;

    TransactionState(int wireType) {
        this.wireType = wireType;
    }

    /** The END_TRANSACTION {@code commitOrRollback} value. */
    public int wireType() {
        return wireType;
    }
}

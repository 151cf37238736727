package io.ferrymq.common.message;

/**
 * Bits of a record's SYSFLAG field, with the values RocketMQ uses on the wire and on disk.
 * Constants only; safe from any thread.
 */
public final class MessageSysFlag {
    public static final int COMPRESSED = 0x1;
    public static final int MULTI_TAGS = 0x2;
    public static final int TRANSACTION_NOT_TYPE = 0;
    public static final int TRANSACTION_PREPARED_TYPE = 0x4;
    public static final int TRANSACTION_COMMIT_TYPE = 0x8;
    public static final int TRANSACTION_ROLLBACK_TYPE = 0xC;
    public static final int TRANSACTION_MASK = 0xC;
    public static final int BORNHOST_V6 = 0x10;
    public static final int STOREHOST_V6 = 0x20;

    private MessageSysFlag() {
    }

    public static int transactionType(int sysFlag) {
        return sysFlag & TRANSACTION_MASK;
    }

    public static int withTransactionType(int sysFlag, int type) {
        return (sysFlag & ~TRANSACTION_MASK) | type;
    }

    /** Half (prepared) and rollback records never reach a consume queue. */
    public static boolean isDispatchedToConsumeQueue(int sysFlag) {
        int type = transactionType(sysFlag);
        return type == TRANSACTION_NOT_TYPE || type == TRANSACTION_COMMIT_TYPE;
    }
}

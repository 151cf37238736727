package io.ferrymq.broker.transaction;

/** What happens to a half message whose {@code transactionCheckMax} checks brought no answer. */
public enum CheckMaxPolicy {
    /**
     * Not delivered: the half is parked, which RocketMQ calls discarding, but it is kept and listed, and an operator may
     * resume its checks or commit it by hand while its commit-log file exists.
     */
    ROLLBACK,
    /** Delivered, for applications that prefer a duplicate to a loss. */
    COMMIT
}

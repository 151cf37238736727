package io.ferrymq.broker.transaction;

/** How a half message ends: delivered to its real topic, or discarded. */
public enum TransactionOutcome {
    COMMIT,
    ROLLBACK
}

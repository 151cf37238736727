package io.ferrymq.client;

/**
 * What {@link TransactionProducer#sendInTransaction} did: the stored half message, the state reported to the broker,
 * and the local transaction's failure if it threw (then the state is UNKNOWN and the back-check decides). Immutable.
 */
public record TransactionSendResult(SendResult halfMessage, TransactionState state, Throwable localError) {
    /** The transaction id the local transaction was given. */
    public String transactionId() {
        return halfMessage.msgId();
    }
}

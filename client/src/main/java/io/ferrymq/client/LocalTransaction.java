package io.ferrymq.client;

/**
 * The application's local transaction, run by {@link TransactionProducer#sendInTransaction} once the half message is
 * stored. Runs on the sending thread.
 */
@FunctionalInterface
public interface LocalTransaction {
    /**
     * Runs the local transaction.
     *
     * @param transactionId the half message's transaction id (its UNIQ_KEY): record it with the business change, so a
     *     back-check can tell later whether the change committed
     * @return its state; null or an exception count as {@link TransactionState#UNKNOWN} (the broker checks back)
     */
    TransactionState execute(Message message, String transactionId) throws Exception;
}

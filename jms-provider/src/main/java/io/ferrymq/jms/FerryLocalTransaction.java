package io.ferrymq.jms;

import jakarta.jms.Message;

/**
 * The application's local transaction (typically one JDBC transaction), run by
 * {@link FerryTransactionalProducer#send} once the message is stored as a half message, invisible to every consumer.
 * Runs on the sending thread.
 */
@FunctionalInterface
public interface FerryLocalTransaction {
    /**
     * Runs the local transaction.
     *
     * @param message the message being sent, its headers set (JMSMessageID is {@code "ID:" + transactionId})
     * @param transactionId the id the broker will check back with: record it in the same local transaction as the
     *     business change (with the tx-checker, {@code transactionLog.inTransaction(dataSource, transactionId, work)})
     *     so that a back-check can tell later, from the database alone, whether the change committed
     * @return the outcome: COMMIT delivers the message, ROLLBACK discards it, UNKNOWN or null leave it to the broker's
     *     back-check
     * @throws Exception the local transaction failed: UNKNOWN is reported (the back-check decides, since the failure
     *     may have come after a commit) and {@code send} throws {@code FMQ-JMS-709} with this as its cause
     */
    FerryTransactionState execute(Message message, String transactionId) throws Exception;
}

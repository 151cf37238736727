package io.ferrymq.jms;

import jakarta.jms.Message;

/**
 * Answers the broker's back-check of a half message whose outcome never arrived (the application crashed between its
 * local transaction and the report, the report was lost, or the local transaction answered UNKNOWN). It must answer
 * from durable state — any instance of the producer group may be asked about any of the group's transactions, also
 * about ones whose local transaction never ran (a half stored although its send timed out).
 *
 * <p>Called on the producer's back-check thread, possibly more than once for one transaction; must not block for long.
 * To answer from the tx-checker's transaction log, use {@link FerryTransactions#checkerOf}.
 */
@FunctionalInterface
public interface FerryTransactionChecker {
    /**
     * @param message the half message decoded back into a JMS message (read-only, as received messages are); its
     *     transaction id is {@link FerryTransactions#transactionId(Message)}, and its JMSTimestamp when it was sent
     * @return the local transaction's state; null or an exception count as {@link FerryTransactionState#UNKNOWN}
     */
    FerryTransactionState check(Message message) throws Exception;
}

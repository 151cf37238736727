package io.ferrymq.jms;

/**
 * What {@link FerryTransactionalProducer#send} did: the half message's transaction id and JMSMessageID, and the state
 * its local transaction reported (UNKNOWN when it returned null: the back-check decides). Immutable.
 *
 * @param transactionId the id the local transaction was given and the back-check asks about
 * @param messageId the message's JMSMessageID, {@code "ID:" + transactionId}
 * @param state the outcome reported to the broker
 * @param reported false when the outcome could not be sent to the broker (no master reachable): the back-check then
 *     settles the transaction, as for UNKNOWN
 */
public record FerryTransactionResult(String transactionId, String messageId, FerryTransactionState state,
                                     boolean reported) {
}

package io.ferrymq.client;

/**
 * Answers the broker's back-check of a half message whose outcome never arrived. Called on the producer's check
 * threads, possibly for the same transaction more than once; must not block for long.
 */
@FunctionalInterface
public interface TransactionCheckListener {
    /**
     * @param halfMessage the half message with its real topic and queue; {@code halfMessage.msgId()} is the
     *     transaction id the local transaction was given
     * @return the local transaction's state; null or an exception count as {@link TransactionState#UNKNOWN}
     */
    TransactionState check(ReceivedMessage halfMessage) throws Exception;
}

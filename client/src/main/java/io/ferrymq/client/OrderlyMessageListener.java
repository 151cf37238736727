package io.ferrymq.client;

/**
 * Consumes the messages of each queue one at a time, in queue order, for a push consumer set with
 * {@link PushConsumer#setOrderlyListener}. While a message fails the queue waits and the same message is
 * delivered again ({@code deliveryCount} counts up); later messages of that queue wait behind it. Other queues
 * go on. Called from the consumer's threads, never for two messages of one queue at once.
 */
@FunctionalInterface
public interface OrderlyMessageListener {
    /** What became of a delivered message. */
    enum Result {
        SUCCESS,
        /** Pause this queue for the consumer's suspend time, then deliver the same message again. */
        SUSPEND_CURRENT_QUEUE
    }

    /**
     * @param deliveryCount 1 on the first delivery of the message to this consumer, then 2, 3, ...
     * @throws Exception treated as {@link Result#SUSPEND_CURRENT_QUEUE}; its text is kept as the failure reason
     */
    Result consume(ReceivedMessage message, int deliveryCount) throws Exception;
}

package io.ferrymq.client;

/**
 * A message the broker leased to one {@link DispatchConsumer}: no other consumer of the subscription gets it
 * unless it is released, or its lease runs out. {@code deliveries} counts this delivery too (1 the first time).
 * Immutable.
 */
public record LeasedMessage(ReceivedMessage message, long token, int deliveries, String brokerAddr) {

    /** "queueId:offset:token", as DISPATCH_ACK/RELEASE/RENEW name a message. */
    String entry() {
        return message.queue().queueId() + ":" + message.queueOffset() + ":" + token;
    }
}

package io.ferrymq.jms;

import io.ferrymq.client.LeasedMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;

/**
 * FerryMQ's extension for resource adapters (the {@code jca-adapter}): a message taken from a consumer and not yet
 * settled, so the adapter can start the endpoint's transaction first and only then make the message part of it. A
 * JCA container enlists the session's XAResource in {@code beforeDelivery}; {@link #settle} afterwards puts the
 * message into that branch (consumed when it commits, redelivered when it rolls back). Without a transaction,
 * {@link #settle} acknowledges it, or gives it back for redelivery when the listener failed.
 *
 * <p>Until it is settled the message stays leased to its consumer (and renewed); closing the consumer gives it back.
 * One thread uses a delivery, as JMS sessions are single-threaded.
 */
public final class InboundDelivery {
    private final FerryMessageConsumer consumer;
    private final Message message;
    private final LeasedMessage lease;
    private boolean settled;

    InboundDelivery(FerryMessageConsumer consumer, Message message, LeasedMessage lease) {
        this.consumer = consumer;
        this.message = message;
        this.lease = lease;
    }

    /**
     * Waits up to {@code timeoutMillis} for the next message of {@code consumer} (a consumer of a FerryMQ session
     * without a message listener).
     *
     * @return the delivery, or null when no message came in time (or the consumer closed)
     */
    public static InboundDelivery receive(MessageConsumer consumer, long timeoutMillis) throws JMSException {
        if (!(consumer instanceof FerryMessageConsumer c)) {
            throw new JMSException("FMQ-JMS-740 " + consumer + " is not a FerryMQ consumer", "FMQ-JMS-740");
        }
        return c.receiveUnsettled(timeoutMillis);
    }

    public Message message() {
        return message;
    }

    /**
     * Hands the message to its session: into the XA branch the session works in now, else acknowledged, or (when
     * {@code listenerFailed}) delivered again. Once only.
     */
    public void settle(boolean listenerFailed) {
        if (settled) {
            throw new IllegalStateException("FMQ-JMS-741 the delivery of " + lease.message().msgId() + " is settled already");
        }
        settled = true;
        consumer.session().delivered(consumer, lease, listenerFailed);
    }
}

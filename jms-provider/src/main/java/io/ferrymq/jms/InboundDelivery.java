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

    /**
     * Checks a message selector as consumers do (JMS 3.8 syntax), so an adapter can refuse a bad one when an endpoint
     * is configured rather than when it first consumes.
     *
     * @throws jakarta.jms.InvalidSelectorException with the position of the error ({@code FMQ-JMS-661})
     */
    public static void checkSelector(String selector) throws jakarta.jms.InvalidSelectorException {
        FerryMessageConsumer.checkSelector(selector);
    }

    /**
     * Turns JMSXGroupID groups off for consumers {@code session} creates from now on: each message goes to whichever
     * consumer asks, so a group's messages may be processed concurrently and out of order (groups are on by default:
     * one consumer at a time per group, in order).
     */
    public static void disableMessageGroups(jakarta.jms.Session session) throws JMSException {
        ferrySession(session).setMessageGroups(false);
    }

    /**
     * Forgets a shared non-durable subscription ({@code Session.createSharedConsumer}) in the brokers: its position
     * and anything not yet consumed. For adapters that made such a subscription for one endpoint and end it with the
     * endpoint; no consumer of it may be open.
     */
    public static void deleteSharedSubscription(jakarta.jms.Session session, String name) throws JMSException {
        FerrySession s = ferrySession(session);
        s.checkOpen();
        try {
            s.connection().client().deleteSubscription(s.names().sharedGroup(name), "*");
        } catch (io.ferrymq.client.ClientException e) {
            throw JmsErrors.fromClient("deleting shared subscription " + name, e);
        }
    }

    private static FerrySession ferrySession(jakarta.jms.Session session) throws JMSException {
        if (!(session instanceof FerrySession s)) {
            throw new JMSException("FMQ-JMS-742 " + session + " is not a FerryMQ session", "FMQ-JMS-742");
        }
        return s;
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

    /**
     * Gives the message back to the brokers as never delivered, when no endpoint could take it (the adapter is
     * stopping while it waited for one): no delivery is counted, so it is not marked redelivered. Instead of
     * {@link #settle}, once only.
     */
    public void abandon() {
        if (settled) {
            throw new IllegalStateException("FMQ-JMS-741 the delivery of " + lease.message().msgId() + " is settled already");
        }
        settled = true;
        consumer.releaseUndelivered(lease);
    }
}

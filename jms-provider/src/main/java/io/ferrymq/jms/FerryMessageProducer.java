package io.ferrymq.jms;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.common.message.UniqueMessageIds;
import io.ferrymq.jms.message.PropertyNames;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueSender;
import jakarta.jms.Topic;
import jakarta.jms.TopicPublisher;

import java.util.List;
import java.util.function.Function;

/**
 * A JMS producer: applies its defaults and the send arguments to the message's headers, encodes it and sends it
 * through the connection's client producer — at once, or at commit in a transacted session. Messages of one
 * session to one destination go to one queue of the topic (picked by the session), so they are consumed in the order
 * sent; a message with a {@code JMSXGroupID} goes to the queue its group hashes to instead.
 *
 * <p>Not thread-safe: used by its session's thread, as JMS requires.
 */
final class FerryMessageProducer implements MessageProducer, QueueSender, TopicPublisher {
    private final FerrySession session;
    private final FerryDestination destination;
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private int priority = Message.DEFAULT_PRIORITY;
    private long timeToLive = Message.DEFAULT_TIME_TO_LIVE;
    private long deliveryDelay = Message.DEFAULT_DELIVERY_DELAY;
    private boolean disableMessageId;
    private boolean disableMessageTimestamp;
    private volatile boolean closed;

    FerryMessageProducer(FerrySession session, FerryDestination destination) {
        this.session = session;
        this.destination = destination;
        this.disableMessageId = session.connection().config().isDisableMessageID();
        this.disableMessageTimestamp = session.connection().config().isDisableMessageTimestamp();
    }

    private void checkOpen() throws IllegalStateException {
        if (closed) {
            throw JmsErrors.closed("producer");
        }
        session.checkOpen();
    }

    void closeFromSession() {
        closed = true;
    }

    @Override
    public void close() {
        closed = true;
        session.producerClosed(this);
    }

    // ------------------------------------------------------------------ defaults

    @Override
    public void setDisableMessageID(boolean value) throws JMSException {
        checkOpen();
        disableMessageId = value;
    }

    @Override
    public boolean getDisableMessageID() throws JMSException {
        checkOpen();
        return disableMessageId;
    }

    @Override
    public void setDisableMessageTimestamp(boolean value) throws JMSException {
        checkOpen();
        disableMessageTimestamp = value;
    }

    @Override
    public boolean getDisableMessageTimestamp() throws JMSException {
        checkOpen();
        return disableMessageTimestamp;
    }

    @Override
    public void setDeliveryMode(int deliveryMode) throws JMSException {
        checkOpen();
        checkDeliveryMode(deliveryMode);
        this.deliveryMode = deliveryMode;
    }

    @Override
    public int getDeliveryMode() throws JMSException {
        checkOpen();
        return deliveryMode;
    }

    @Override
    public void setPriority(int priority) throws JMSException {
        checkOpen();
        checkPriority(priority);
        this.priority = priority;
    }

    @Override
    public int getPriority() throws JMSException {
        checkOpen();
        return priority;
    }

    @Override
    public void setTimeToLive(long timeToLive) throws JMSException {
        checkOpen();
        this.timeToLive = timeToLive;
    }

    @Override
    public long getTimeToLive() throws JMSException {
        checkOpen();
        return timeToLive;
    }

    @Override
    public void setDeliveryDelay(long deliveryDelay) throws JMSException {
        checkOpen();
        if (deliveryDelay < 0) {
            throw new JMSException("FMQ-JMS-650 a delivery delay must not be negative: " + deliveryDelay, "FMQ-JMS-650");
        }
        this.deliveryDelay = deliveryDelay;
    }

    @Override
    public long getDeliveryDelay() throws JMSException {
        checkOpen();
        return deliveryDelay;
    }

    @Override
    public Destination getDestination() throws JMSException {
        checkOpen();
        return destination;
    }

    @Override
    public Queue getQueue() throws JMSException {
        return (Queue) getDestination();
    }

    @Override
    public Topic getTopic() throws JMSException {
        return (Topic) getDestination();
    }

    static void checkDeliveryMode(int mode) throws JMSException {
        if (mode != DeliveryMode.PERSISTENT && mode != DeliveryMode.NON_PERSISTENT) {
            throw new JMSException("FMQ-JMS-651 delivery mode must be PERSISTENT (2) or NON_PERSISTENT (1), not " + mode,
                    "FMQ-JMS-651");
        }
    }

    static void checkPriority(int priority) throws JMSException {
        if (priority < 0 || priority > 9) {
            throw new JMSException("FMQ-JMS-652 priority must be 0..9, not " + priority, "FMQ-JMS-652");
        }
    }

    // ------------------------------------------------------------------ send

    @Override
    public void send(Message message) throws JMSException {
        send(unidentified(), message, deliveryMode, priority, timeToLive, null);
    }

    @Override
    public void send(Message message, int deliveryMode, int priority, long timeToLive) throws JMSException {
        send(unidentified(), message, deliveryMode, priority, timeToLive, null);
    }

    @Override
    public void send(Destination destination, Message message) throws JMSException {
        send(identified(destination), message, deliveryMode, priority, timeToLive, null);
    }

    @Override
    public void send(Destination destination, Message message, int deliveryMode, int priority, long timeToLive)
            throws JMSException {
        send(identified(destination), message, deliveryMode, priority, timeToLive, null);
    }

    @Override
    public void send(Message message, CompletionListener listener) throws JMSException {
        send(unidentified(), message, deliveryMode, priority, timeToLive, checkListener(listener));
    }

    @Override
    public void send(Message message, int deliveryMode, int priority, long timeToLive, CompletionListener listener)
            throws JMSException {
        send(unidentified(), message, deliveryMode, priority, timeToLive, checkListener(listener));
    }

    @Override
    public void send(Destination destination, Message message, CompletionListener listener) throws JMSException {
        send(identified(destination), message, deliveryMode, priority, timeToLive, checkListener(listener));
    }

    @Override
    public void send(Destination destination, Message message, int deliveryMode, int priority, long timeToLive,
                     CompletionListener listener) throws JMSException {
        send(identified(destination), message, deliveryMode, priority, timeToLive, checkListener(listener));
    }

    @Override
    public void send(Queue queue, Message message) throws JMSException {
        send((Destination) queue, message);
    }

    @Override
    public void send(Queue queue, Message message, int deliveryMode, int priority, long timeToLive) throws JMSException {
        send((Destination) queue, message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void publish(Message message) throws JMSException {
        send(message);
    }

    @Override
    public void publish(Message message, int deliveryMode, int priority, long timeToLive) throws JMSException {
        send(message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void publish(Topic topic, Message message) throws JMSException {
        send(topic, message);
    }

    @Override
    public void publish(Topic topic, Message message, int deliveryMode, int priority, long timeToLive)
            throws JMSException {
        send(topic, message, deliveryMode, priority, timeToLive);
    }

    private static CompletionListener checkListener(CompletionListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("FMQ-JMS-653 the completion listener must not be null");
        }
        return listener;
    }

    /** The producer's own destination, for the send methods without one. */
    private FerryDestination unidentified() throws JMSException {
        checkOpen();
        if (destination == null) {
            throw new UnsupportedOperationException("FMQ-JMS-654 this producer has no destination: use a send method"
                    + " that names one");
        }
        return destination;
    }

    /** The destination a send names, for the send methods with one. */
    private FerryDestination identified(Destination d) throws JMSException {
        checkOpen();
        if (destination != null) {
            throw new UnsupportedOperationException("FMQ-JMS-655 this producer was created for " + destination
                    + "; it cannot send to another destination");
        }
        if (d == null) {
            throw new InvalidDestinationException("FMQ-JMS-656 the destination must not be null", "FMQ-JMS-656");
        }
        return FerryDestination.from(d);
    }

    private void send(FerryDestination to, Message message, int deliveryMode, int priority, long timeToLive,
                      CompletionListener listener) throws JMSException {
        if (message == null) {
            throw new MessageFormatException("FMQ-JMS-657 the message must not be null", "FMQ-JMS-657");
        }
        checkDeliveryMode(deliveryMode);
        checkPriority(priority);
        long now = System.currentTimeMillis();
        // JMS 3.4: the send sets these headers on the message the application passed, foreign or not.
        message.setJMSDestination(to);
        message.setJMSDeliveryMode(deliveryMode);
        message.setJMSPriority(priority);
        message.setJMSTimestamp(disableMessageTimestamp ? 0 : now);
        message.setJMSExpiration(timeToLive > 0 ? now + timeToLive : 0);
        message.setJMSDeliveryTime(now + deliveryDelay);
        message.setJMSMessageID(disableMessageId ? null : "ID:" + UniqueMessageIds.next());
        // Encoded now: the application may change or reuse the message once send returns.
        io.ferrymq.client.Message out = encode(session, message, to);
        Function<List<MessageQueue>, MessageQueue> queue = queueSelector(session, message);
        if (session.holdSend(this, out, queue, to)) {
            if (listener != null) {
                listener.onCompletion(message);
            }
            return;
        }
        NonPersistentSends nonPersistent = session.nonPersistentSends();
        if (listener == null && deliveryMode == DeliveryMode.NON_PERSISTENT && nonPersistent.accepts(out)) {
            nonPersistent.send(out, queue(out, queue, to), to);
            return;
        }
        // What the session sent without waiting goes first, so its order per destination holds.
        nonPersistent.awaitSent();
        if (listener == null) {
            sendNow(out, queue, to);
            return;
        }
        sendAsync(out, queue, to, message, listener);
    }

    /** Sends now, waiting for the broker (a send outside a transaction; a commit sends through {@link CommitSends}). */
    private void sendNow(io.ferrymq.client.Message out, Function<List<MessageQueue>, MessageQueue> queue, FerryDestination to)
            throws JMSException {
        try {
            session.connection().producer().send(out, queue);
        } catch (ClientException e) {
            throw JmsErrors.fromClient("sending to " + to, e);
        }
    }

    /** The queue {@code selector} picks for {@code out} among its topic's writable queues. */
    private MessageQueue queue(io.ferrymq.client.Message out, Function<List<MessageQueue>, MessageQueue> selector,
                               FerryDestination to) throws JMSException {
        try {
            return selector.apply(session.connection().producer().writableQueues(out.topic()));
        } catch (ClientException e) {
            throw JmsErrors.fromClient("sending to " + to, e);
        }
    }

    private void sendAsync(io.ferrymq.client.Message out, Function<List<MessageQueue>, MessageQueue> queue,
                           FerryDestination to, Message original, CompletionListener listener) {
        FerryConnection c = session.connection();
        c.asyncSends().execute(() -> {
            try {
                c.producer().send(out, queue);
                listener.onCompletion(original);
            } catch (ClientException e) {
                listener.onException(original, JmsErrors.fromClient("sending to " + to, e));
            } catch (RuntimeException e) {
                listener.onException(original, new JMSException("FMQ-JMS-658 sending to " + to + " failed: " + e));
            }
        });
    }

    /**
     * The client message a JMS send of {@code message} to {@code to} stores: the wire form, the kind's tag, the
     * sending connection (for noLocal) and the delivery time. Shared with the transactional producer, whose halves
     * must look exactly like ordinary sends.
     */
    static io.ferrymq.client.Message encode(FerrySession session, Message message, FerryDestination to)
            throws JMSException {
        io.ferrymq.client.Message out = session.connection().codec().toClientMessage(message);
        out.setTag(to.kind() == FerryDestination.Kind.TOPIC || to.kind() == FerryDestination.Kind.TEMPORARY_TOPIC
                ? SubscriptionNames.TOPIC_TAG : SubscriptionNames.QUEUE_TAG);
        out.putProperty(FerryMessageConsumer.CONNECTION_PROPERTY, session.connection().connectionId());
        long deliveryTime = message.getJMSDeliveryTime();
        if (deliveryTime > System.currentTimeMillis()) {
            out.setDeliverTimeMs(deliveryTime);
        }
        return out;
    }

    /**
     * The queue a message goes to: its JMSXGroupID's hash (one group, one queue, consumed in order), else the
     * session's queue for the topic.
     */
    static Function<List<MessageQueue>, MessageQueue> queueSelector(FerrySession session, Message message)
            throws JMSException {
        Object group = message.getObjectProperty(PropertyNames.JMSX_GROUP_ID);
        int index = group != null ? group.hashCode() & 0x7fffffff : session.queueIndex();
        return queues -> queues.get(index % queues.size());
    }

    @Override
    public String toString() {
        return "FerryMessageProducer[" + destination + "]";
    }
}

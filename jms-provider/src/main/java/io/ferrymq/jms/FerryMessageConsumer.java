package io.ferrymq.jms;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.DispatchConsumer;
import io.ferrymq.client.LeasedMessage;
import io.ferrymq.common.filter.Dialect;
import io.ferrymq.common.filter.FilterExpression;
import io.ferrymq.common.filter.FilterSyntaxException;
import io.ferrymq.jms.message.FerryMessage;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;
import jakarta.jms.QueueReceiver;
import jakarta.jms.Topic;
import jakarta.jms.TopicSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A JMS consumer over a {@link DispatchConsumer}: the brokers lease each message of the subscription to one consumer,
 * so a queue's consumers compete and each message is acknowledged on its own. Decodes what it receives, drops expired
 * messages and (with noLocal) the connection's own, sets JMSRedelivered and JMSXDeliveryCount from the delivery count,
 * and reports each delivery to its session, which acknowledges as its mode says.
 *
 * <p>Threads: receive() on the application's thread; listener delivery on the session's thread.
 */
final class FerryMessageConsumer implements MessageConsumer, QueueReceiver, TopicSubscriber {
    private static final Logger LOG = LoggerFactory.getLogger(FerryMessageConsumer.class);
    /** The sending connection's id, so noLocal subscribers can recognise their own messages. */
    static final String CONNECTION_PROPERTY = "JMS_FMQ_Conn";
    /** The broker filter type of JMS selectors (see docs/filters.md). */
    static final String SELECTOR_TYPE = "JMS";
    private static final long RECEIVE_SLICE_MILLIS = 100;

    private final FerrySession session;
    private final FerryDestination destination;
    private final String group;
    private final String selector;
    private final boolean noLocal;
    /** Non-durable topic subscriptions end with their consumer. */
    private final boolean dropOnClose;
    private final DispatchConsumer dispatch;
    private volatile MessageListener listener;
    private volatile boolean closed;
    /**
     * Messages to deliver again before anything buffered (recover, rollback, a failed listener, a body receiveBody
     * could not return): they stay leased to this consumer, so redelivery keeps their order and needs no round trip.
     */
    private final java.util.Deque<Pending> redeliveries = new java.util.ArrayDeque<>();

    /**
     * A message waiting in {@link #redeliveries}; {@code redelivery} false for one receiveBody handed back unread
     * (its next handing-out is not another delivery).
     */
    private record Pending(LeasedMessage lease, boolean redelivery) {
    }
    /** Deliveries of a lease made here beyond the one the broker counted, by token. */
    private final java.util.Map<Long, Integer> localDeliveries = new java.util.concurrent.ConcurrentHashMap<>();

    private FerryMessageConsumer(FerrySession session, FerryDestination destination, String group, String selector,
                                 boolean noLocal, boolean dropOnClose, DispatchConsumer.Options options)
            throws JMSException {
        this.session = session;
        this.destination = destination;
        this.group = group;
        this.selector = selector == null || selector.isBlank() ? null : selector;
        this.noLocal = noLocal;
        this.dropOnClose = dropOnClose;
        FerryConnectionConfig config = session.connection().config();
        // JMS 3.4.10: expedited messages ahead of normal ones, as far as the buffer allows.
        options.priorityProperty(io.ferrymq.common.jms.JmsWireNames.JMS_PRIORITY);
        options.prefetch(config.getPrefetchSize()).leaseMillis(config.getAckTimeoutMillis())
                .maxDeliveries(config.getMaxDeliveryAttempts()).queueNums(config.getDefaultQueueCount());
        this.dispatch = session.connection().client().newDispatchConsumer(group, destination.topicName(), options);
        dispatch.setArrivalListener(session::deliveryMayResume);
        try {
            dispatch.start();
        } catch (ClientException e) {
            throw JmsErrors.fromClient("subscribing to " + destination, e);
        }
    }

    /** A consumer of a queue (competing, with its own selector) or a non-durable subscriber of a topic. */
    static FerryMessageConsumer forDestination(FerrySession session, FerryDestination d, String selector, boolean noLocal)
            throws JMSException {
        checkSelector(selector);
        DispatchConsumer.Options options = new DispatchConsumer.Options();
        boolean queue = d.kind() == FerryDestination.Kind.QUEUE || d.kind() == FerryDestination.Kind.TEMPORARY_QUEUE;
        String group;
        if (queue) {
            group = session.names().queueGroup(d.topicName());
            options.startFrom(DispatchConsumer.StartFrom.FIRST).excludeTag(SubscriptionNames.TOPIC_TAG)
                    .groupProperty(session.messageGroups() ? io.ferrymq.jms.message.PropertyNames.JMSX_GROUP_ID : null);
            if (selector != null && !selector.isBlank()) {
                options.selector(SELECTOR_TYPE, selector, DispatchConsumer.SelectorScope.CONSUMER);
            }
        } else {
            group = session.names().nonDurableGroup(d.topicName());
            subscriptionOptions(options, selector);
            if (!session.messageGroups()) {
                options.groupProperty(null);
            }
        }
        return new FerryMessageConsumer(session, d, group, selector, noLocal, !queue, options);
    }

    /** A consumer of a named (durable or shared) topic subscription. */
    static FerryMessageConsumer forSubscription(FerrySession session, FerryDestination topic, String group,
                                                String selector, boolean noLocal) throws JMSException {
        checkSelector(selector);
        if (topic.kind() != FerryDestination.Kind.TOPIC && topic.kind() != FerryDestination.Kind.TEMPORARY_TOPIC) {
            throw new jakarta.jms.InvalidDestinationException("FMQ-JMS-660 subscriptions are made on topics, not on "
                    + topic, "FMQ-JMS-660");
        }
        DispatchConsumer.Options options = new DispatchConsumer.Options();
        subscriptionOptions(options, selector);
        if (!session.messageGroups()) {
            options.groupProperty(null);
        }
        return new FerryMessageConsumer(session, topic, group, selector, noLocal, false, options);
    }

    private static void subscriptionOptions(DispatchConsumer.Options options, String selector) {
        options.startFrom(DispatchConsumer.StartFrom.LAST).excludeTag(SubscriptionNames.QUEUE_TAG)
                .groupProperty(io.ferrymq.jms.message.PropertyNames.JMSX_GROUP_ID);
        if (selector != null && !selector.isBlank()) {
            options.selector(SELECTOR_TYPE, selector, DispatchConsumer.SelectorScope.SUBSCRIPTION);
        }
    }

    /** Compiles a selector here first, so a bad one fails at creation with its position (JMS 3.8). */
    static void checkSelector(String selector) throws InvalidSelectorException {
        if (selector == null || selector.isBlank()) {
            return;
        }
        try {
            FilterExpression.compile(selector, Dialect.JMS);
        } catch (FilterSyntaxException e) {
            throw new InvalidSelectorException("FMQ-JMS-661 invalid selector: " + e.getMessage(), "FMQ-JMS-661");
        }
    }

    FerryDestination destination() {
        return destination;
    }

    String group() {
        return group;
    }

    private void checkOpen() throws IllegalStateException {
        if (closed) {
            throw JmsErrors.closed("consumer");
        }
        session.checkOpen();
    }

    @Override
    public String getMessageSelector() throws JMSException {
        checkOpen();
        return selector;
    }

    @Override
    public MessageListener getMessageListener() throws JMSException {
        checkOpen();
        return listener;
    }

    @Override
    public void setMessageListener(MessageListener listener) throws JMSException {
        checkOpen();
        this.listener = listener;
        session.listenerChanged();
    }

    @Override
    public Queue getQueue() throws JMSException {
        checkOpen();
        return (Queue) destination;
    }

    @Override
    public Topic getTopic() throws JMSException {
        checkOpen();
        return (Topic) destination;
    }

    @Override
    public boolean getNoLocal() throws JMSException {
        checkOpen();
        return noLocal;
    }

    // ------------------------------------------------------------------ receive

    @Override
    public Message receive() throws JMSException {
        return receive(0, false, null);
    }

    @Override
    public Message receive(long timeout) throws JMSException {
        return receive(timeout, false, null);
    }

    @Override
    public Message receiveNoWait() throws JMSException {
        return receive(0, true, null);
    }

    /**
     * JMSConsumer.receiveBody: a message whose body is not assignable to {@code bodyType} fails with a
     * MessageFormatException; in AUTO and DUPS_OK sessions it is not acknowledged and comes again before anything
     * else (JMS 2.0 JMSConsumer), in the other modes it counts as delivered.
     *
     * @param timeout 0 = wait for ever (unless {@code noWait})
     */
    Message receive(long timeout, boolean noWait, Class<?> bodyType) throws JMSException {
        return take(timeout, noWait, bodyType, (m, lease) -> {
            session.delivered(this, lease, false);
            return m;
        });
    }

    /**
     * The next message for the resource adapter, leased and not settled yet: {@link InboundDelivery#settle} hands it
     * to the session once the endpoint's transaction (if any) is associated. Null when none came within
     * {@code timeoutMillis}.
     */
    InboundDelivery receiveUnsettled(long timeoutMillis) throws JMSException {
        return take(Math.max(1, timeoutMillis), false, null, (m, lease) -> new InboundDelivery(this, m, lease));
    }

    private <T> T take(long timeout, boolean noWait, Class<?> bodyType,
                       java.util.function.BiFunction<FerryMessage, LeasedMessage, T> hand) throws JMSException {
        checkOpen();
        if (listener != null) {
            throw new IllegalStateException("FMQ-JMS-662 this consumer has a message listener; receive() is not allowed",
                    "FMQ-JMS-662");
        }
        boolean forever = !noWait && timeout <= 0;
        long deadline = System.nanoTime() + (forever || noWait ? 0 : timeout * 1_000_000);
        try {
            while (!closed && !session.isClosed()) {
                if (!session.connection().isStarted()) {
                    long slice = System.nanoTime() + RECEIVE_SLICE_MILLIS * 1_000_000;
                    if (noWait || !session.connection().awaitStarted(forever ? slice : Math.min(deadline, slice))) {
                        if (noWait || (!forever && System.nanoTime() - deadline >= 0)) {
                            return null;
                        }
                        continue;
                    }
                }
                long left = forever ? RECEIVE_SLICE_MILLIS : (deadline - System.nanoTime()) / 1_000_000;
                LeasedMessage lease = nextRedelivery();
                if (lease == null) {
                    lease = dispatch.receive(noWait ? 0 : Math.max(1, Math.min(left, RECEIVE_SLICE_MILLIS)));
                }
                if (lease != null) {
                    FerryMessage m = prepare(lease);
                    if (m == null) {
                        continue;
                    }
                    if (bodyType != null && !m.isBodyAssignableTo(bodyType)) {
                        if (session.holdsDeliveries()) {
                            session.delivered(this, lease, false);
                        } else {
                            synchronized (redeliveries) {
                                redeliveries.addFirst(new Pending(lease, false));
                            }
                        }
                        throw new jakarta.jms.MessageFormatException("FMQ-JMS-690 the body of " + m.getJMSMessageID()
                                + " cannot be returned as " + bodyType.getName(), "FMQ-JMS-690");
                    }
                    return hand.apply(m, lease);
                }
                if (noWait || (!forever && System.nanoTime() - deadline >= 0)) {
                    return null;
                }
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The session a delivery of this consumer is settled by. */
    FerrySession session() {
        return session;
    }

    /** Runs on the session's delivery thread: hands one buffered message to the listener; false if none. */
    boolean deliverOneToListener() {
        MessageListener l = listener;
        if (l == null || closed) {
            return false;
        }
        LeasedMessage lease = nextRedelivery();
        try {
            if (lease == null) {
                lease = dispatch.receive(0);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (lease == null) {
            return false;
        }
        FerryMessage m = prepare(lease);
        if (m == null) {
            return true;
        }
        boolean failed = false;
        try {
            l.onMessage(m);
        } catch (RuntimeException e) {
            failed = true;
            LOG.warn("FMQ-JMS-663 the message listener of {} failed on {}: {}", this, m.getJMSMessageID(), e.toString());
        }
        session.delivered(this, lease, failed);
        return true;
    }

    /** The JMS message for a lease, or null when it must not be delivered (then it is settled here). */
    private FerryMessage prepare(LeasedMessage lease) {
        FerryMessage m;
        try {
            m = session.connection().codec().decode(lease.message());
        } catch (JMSException e) {
            // It cannot be read now and will not be readable later: it goes round until the broker dead-letters it.
            LOG.warn("FMQ-JMS-664 message {} of {} cannot be decoded ({}); giving it back", lease.message().msgId(),
                    destination, e.getMessage());
            giveBack(List.of(lease), 0);
            return null;
        }
        int deliveries = deliveries(lease) + Math.max(0, lease.message().reconsumeTimes());
        m.setJMSRedelivered(deliveries > 1);
        m.setJMSXDeliveryCount(deliveries);
        long expiration = m.getJMSExpiration();
        if (expiration != 0 && expiration <= System.currentTimeMillis()) {
            LOG.debug("FMQ-JMS-665 message {} of {} expired at {}; dropped", m.getJMSMessageID(), destination, expiration);
            ackQuietly(lease);
            return null;
        }
        if (noLocal && session.connection().connectionId().equals(lease.message().property(CONNECTION_PROPERTY))) {
            ackQuietly(lease);
            return null;
        }
        if (session.isClientAcknowledge()) {
            m.setAcknowledger(message -> session.acknowledgeAll());
        }
        return m;
    }

    private LeasedMessage nextRedelivery() {
        Pending next;
        synchronized (redeliveries) {
            next = redeliveries.pollFirst();
        }
        if (next == null) {
            return null;
        }
        if (next.redelivery()) {
            // Counted when it is handed out again, not when it was queued: a consumer closing first never made it.
            localDeliveries.merge(next.lease().token(), 1, Integer::sum);
        }
        return next.lease();
    }

    /** How often a lease was delivered, counting local redeliveries. */
    private int deliveries(LeasedMessage lease) {
        return lease.deliveries() + localDeliveries.getOrDefault(lease.token(), 0);
    }

    /** How often a lease was delivered, counting local redeliveries: what an XA prepare tells the broker. */
    int deliveryCount(LeasedMessage lease) {
        return deliveries(lease);
    }

    /**
     * Gives a message taken by {@link #receiveUnsettled} back to the broker as never delivered (the resource adapter
     * could not hand it to an endpoint): no delivery is counted for it.
     */
    void releaseUndelivered(LeasedMessage lease) {
        dispatch.release(List.of(lease), false, 0, this::deliveries).whenComplete((stale, error) -> {
            if (error != null) {
                LOG.debug("FMQ-JMS-672 giving back an undelivered message of {} failed (its lease will expire): {}",
                        destination, error.toString());
            }
        });
        localDeliveries.remove(lease.token());
    }

    /** A prepared XA branch owns these leases now: no renewal, no local redelivery count. */
    void detach(Collection<LeasedMessage> leases) {
        for (LeasedMessage l : leases) {
            localDeliveries.remove(l.token());
        }
        dispatch.detach(leases);
    }

    /** Acknowledges one message nobody waits for (auto-acknowledge, expired, noLocal): coalesced with others. */
    void ackQuietly(LeasedMessage lease) {
        localDeliveries.remove(lease.token());
        dispatch.ackCoalesced(lease);
    }

    CompletableFuture<List<LeasedMessage>> ack(Collection<LeasedMessage> leases) {
        for (LeasedMessage l : leases) {
            localDeliveries.remove(l.token());
        }
        return dispatch.ack(leases);
    }

    /**
     * Delivers messages again (recover, rollback, a listener that threw): here, ahead of everything buffered and in
     * the order given, unless a redelivery delay is configured, the consumer is closed, or a message reached the
     * maximum deliveries — those go back to the broker, which delays them or dead-letters them.
     */
    void redeliver(Collection<LeasedMessage> leases) {
        long delay = session.connection().config().getRedeliveryDelayMillis();
        int max = session.connection().config().getMaxDeliveryAttempts();
        List<LeasedMessage> local = new java.util.ArrayList<>();
        List<LeasedMessage> toBroker = new java.util.ArrayList<>();
        for (LeasedMessage l : leases) {
            boolean exhausted = max > 0 && deliveries(l) >= max;
            (closed || delay > 0 || exhausted ? toBroker : local).add(l);
        }
        if (!toBroker.isEmpty()) {
            CompletableFuture<List<LeasedMessage>> back = giveBack(toBroker, delay);
            if (closed) {
                // Nothing of this consumer waits for it any more: make sure the brokers have it before returning.
                try {
                    back.get(session.connection().config().getRequestTimeoutMillis(),
                            java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    LOG.debug("FMQ-JMS-671 giving back messages of closed {} failed: {}", this, e.toString());
                }
            }
        }
        dropLostLeases(local);
        synchronized (redeliveries) {
            for (int i = local.size() - 1; i >= 0; i--) {
                redeliveries.addFirst(new Pending(local.get(i), true));
            }
        }
        if (!local.isEmpty()) {
            session.deliveryMayResume();
        }
    }

    /**
     * Leases lost meanwhile (the broker restarted, or they expired) are redelivered by the broker: redelivering them
     * here too would deliver them twice. When the brokers cannot be asked, the messages are redelivered here.
     */
    private void dropLostLeases(List<LeasedMessage> local) {
        if (local.isEmpty()) {
            return;
        }
        try {
            List<LeasedMessage> lost = dispatch.renew(local).get(session.connection().config().getRequestTimeoutMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
            if (!lost.isEmpty()) {
                LOG.debug("FMQ-JMS-668 {} leases of {} were lost; the broker redelivers them", lost.size(), destination);
                local.removeAll(lost);
                lost.forEach(l -> localDeliveries.remove(l.token()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.debug("FMQ-JMS-669 could not check the leases of {}: {}", destination, e.toString());
        }
    }

    /** Releases delivered messages to the broker with their full delivery counts. */
    private CompletableFuture<List<LeasedMessage>> giveBack(List<LeasedMessage> leases, long delayMillis) {
        CompletableFuture<List<LeasedMessage>> back = dispatch.release(leases, true, delayMillis, this::deliveries);
        back.whenComplete((stale, error) -> {
            if (error != null) {
                LOG.debug("FMQ-JMS-667 giving back {} messages of {} failed (their leases will expire): {}",
                        leases.size(), destination, error.toString());
            }
        });
        for (LeasedMessage l : leases) {
            localDeliveries.remove(l.token());
        }
        return back;
    }

    // ------------------------------------------------------------------ close

    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        // JMS 2.0: close() from this consumer's own listener completes after the listener returns, without waiting.
        if (!session.isCurrentListenerThread()) {
            session.awaitListenerIdle();
        }
        closeFromSession();
        session.consumerClosed(this);
    }

    /** Stops consuming: buffered messages go back undelivered; a non-durable subscription is dropped. */
    void closeFromSession() {
        if (closed) {
            return;
        }
        closed = true;
        List<LeasedMessage> pending;
        synchronized (redeliveries) {
            pending = new java.util.ArrayList<>();
            redeliveries.forEach(p -> pending.add(p.lease()));
            redeliveries.clear();
        }
        if (!pending.isEmpty()) {
            giveBack(pending, 0);
        }
        dispatch.close();
        if (dropOnClose) {
            try {
                session.connection().client().deleteSubscription(group, destination.topicName());
            } catch (ClientException | RuntimeException e) {
                LOG.debug("FMQ-JMS-666 dropping subscription {} failed: {}", group, e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return "FerryMessageConsumer[" + destination + (selector != null ? " where " + selector : "") + "]";
    }
}

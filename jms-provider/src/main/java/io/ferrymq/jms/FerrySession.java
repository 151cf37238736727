package io.ferrymq.jms;

import io.ferrymq.client.LeasedMessage;
import io.ferrymq.common.util.DaemonThreads;
import io.ferrymq.jms.message.FerryBytesMessage;
import io.ferrymq.jms.message.FerryMapMessage;
import io.ferrymq.jms.message.FerryMessage;
import io.ferrymq.jms.message.FerryObjectMessage;
import io.ferrymq.jms.message.FerryStreamMessage;
import io.ferrymq.jms.message.FerryTextMessage;
import jakarta.jms.BytesMessage;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.QueueReceiver;
import jakarta.jms.QueueSender;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicPublisher;
import jakarta.jms.TopicSession;
import jakarta.jms.TopicSubscriber;
import jakarta.jms.TransactionRolledBackException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A JMS session: its producers and consumers, acknowledgement (AUTO, DUPS_OK, CLIENT) or a local transaction, and the
 * one thread that runs its message listeners.
 *
 * <p>Acknowledgement is per message (the brokers' dispatch leases each message to one consumer): AUTO and DUPS_OK
 * acknowledge each message once receive() returns it or its listener returns; CLIENT and transacted sessions keep
 * what they delivered until acknowledge()/commit(), and give it back for redelivery on recover()/rollback() — after
 * giving back what consumers had buffered, so redelivered messages come before what followed them. A transacted
 * session holds its sends until commit, which sends them in batches ({@link CommitSends}).
 *
 * <p>Threads: JMS sessions are single-threaded for the application; listeners run on the session's delivery thread,
 * serialised by {@link #deliveryLock}, which close() and Connection.stop() take to wait for a running listener.
 */
class FerrySession implements Session, QueueSession, TopicSession {
    private static final Logger LOG = LoggerFactory.getLogger(FerrySession.class);
    /** The session whose listener the current thread is running, if any. */
    private static final ThreadLocal<FerrySession> IN_LISTENER = new ThreadLocal<>();

    /** A message this session handed to the application and has not settled yet. */
    record Delivered(FerryMessageConsumer consumer, LeasedMessage lease) {
    }

    /** A send held until commit, already encoded. */
    record PendingSend(FerryMessageProducer producer, io.ferrymq.client.Message message,
                       java.util.function.Function<List<io.ferrymq.client.MessageQueue>, io.ferrymq.client.MessageQueue> queue,
                       FerryDestination destination) {
    }

    private final FerryConnection connection;
    private final int mode;
    private final List<FerryMessageConsumer> consumers = new CopyOnWriteArrayList<>();
    private final List<FerryMessageProducer> producers = new CopyOnWriteArrayList<>();
    private final List<Delivered> unsettled = new ArrayList<>();
    private final List<PendingSend> pendingSends = new ArrayList<>();
    private final NonPersistentSends nonPersistent;
    /** Held while a listener runs, and by whoever must wait for listeners to be idle. */
    private final ReentrantLock deliveryLock = new ReentrantLock();
    private final AtomicBoolean deliveryScheduled = new AtomicBoolean();
    /** Messages of one session to one destination go to one queue, so they are consumed in the order sent. */
    private final int queueIndex = ThreadLocalRandom.current().nextInt(1 << 16);
    private ExecutorService deliveryThread;
    private MessageListener distinguishedListener;
    /** Run once when the session closes (extensions tied to it, such as transactional producers). */
    private final List<Runnable> closeHooks = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    /**
     * Whether consumers created from now on keep JMSXGroupID groups on one consumer at a time (the default); the
     * resource adapter turns it off for endpoints that do not need group order ({@link InboundDelivery}).
     */
    private volatile boolean messageGroups = true;
    /** The XA branch this session works in now (XA sessions only); its sends and receives go there. */
    private volatile XaBranchWork xaWork;

    FerrySession(FerryConnection connection, int mode) {
        this.connection = connection;
        this.mode = mode;
        this.nonPersistent = new NonPersistentSends(connection.producer(),
                connection.config().getNonPersistentWindowBytes(), connection.config().getSendTimeoutMillis());
    }

    /** This session's NON_PERSISTENT sends that do not wait for the broker. */
    NonPersistentSends nonPersistentSends() {
        return nonPersistent;
    }

    FerryConnection connection() {
        return connection;
    }

    int queueIndex() {
        return queueIndex;
    }

    void checkOpen() throws IllegalStateException {
        if (closed || connection.isClosed()) {
            throw JmsErrors.closed("session");
        }
    }

    boolean isClosed() {
        return closed;
    }

    boolean isTransacted() {
        return mode == SESSION_TRANSACTED;
    }

    boolean isClientAcknowledge() {
        return mode == CLIENT_ACKNOWLEDGE;
    }

    /** True when delivered messages wait to be settled together (client acknowledge, a transaction, an XA branch). */
    boolean holdsDeliveries() {
        return isTransacted() || isClientAcknowledge() || xaWork != null;
    }

    /** Associates this session with an XA branch (null: with none); {@link XaBranches} calls it under its lock. */
    void associate(XaBranchWork work) {
        xaWork = work;
    }

    XaBranchWork xaWork() {
        return xaWork;
    }

    boolean messageGroups() {
        return messageGroups;
    }

    void setMessageGroups(boolean on) {
        messageGroups = on;
    }

    /** True on this session's delivery thread while it runs a listener. */
    boolean isCurrentListenerThread() {
        return IN_LISTENER.get() == this;
    }

    /** Operations a listener may not call on its own session or connection (they would wait for themselves). */
    static void checkNotInListener(FerryConnection connection, String operation) throws IllegalStateException {
        FerrySession s = IN_LISTENER.get();
        if (s != null && s.connection == connection) {
            throw new IllegalStateException("FMQ-JMS-630 a message listener may not call " + operation
                    + " on its own connection, session or context", "FMQ-JMS-630");
        }
    }

    // ------------------------------------------------------------------ messages

    @Override
    public BytesMessage createBytesMessage() throws JMSException {
        checkOpen();
        return new FerryBytesMessage();
    }

    @Override
    public MapMessage createMapMessage() throws JMSException {
        checkOpen();
        return new FerryMapMessage();
    }

    @Override
    public Message createMessage() throws JMSException {
        checkOpen();
        return new FerryMessage();
    }

    @Override
    public ObjectMessage createObjectMessage() throws JMSException {
        checkOpen();
        FerryObjectMessage m = new FerryObjectMessage();
        m.setTrustedPackages(connection.config().toTrustedPackages());
        return m;
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) throws JMSException {
        checkOpen();
        FerryObjectMessage m = new FerryObjectMessage(object);
        m.setTrustedPackages(connection.config().toTrustedPackages());
        return m;
    }

    @Override
    public StreamMessage createStreamMessage() throws JMSException {
        checkOpen();
        return new FerryStreamMessage();
    }

    @Override
    public TextMessage createTextMessage() throws JMSException {
        checkOpen();
        return new FerryTextMessage();
    }

    @Override
    public TextMessage createTextMessage(String text) throws JMSException {
        checkOpen();
        return new FerryTextMessage(text);
    }

    // ------------------------------------------------------------------ transactions and acknowledgement

    @Override
    public boolean getTransacted() throws JMSException {
        checkOpen();
        return isTransacted();
    }

    @Override
    public int getAcknowledgeMode() throws JMSException {
        checkOpen();
        return mode;
    }

    /** Holds a send of a transacted session until commit; false when the session is not transacted. */
    boolean holdSend(FerryMessageProducer producer, io.ferrymq.client.Message message,
                     java.util.function.Function<List<io.ferrymq.client.MessageQueue>, io.ferrymq.client.MessageQueue> queue,
                     FerryDestination destination) {
        XaBranchWork branch = xaWork;
        if (branch != null) {
            branch.addSend(new PendingSend(producer, message, queue, destination));
            return true;
        }
        if (!isTransacted()) {
            return false;
        }
        synchronized (pendingSends) {
            pendingSends.add(new PendingSend(producer, message, queue, destination));
        }
        return true;
    }

    @Override
    public void commit() throws JMSException {
        checkOpen();
        if (!isTransacted()) {
            throw new IllegalStateException("FMQ-JMS-631 commit() on a session that is not transacted", "FMQ-JMS-631");
        }
        List<PendingSend> sends;
        synchronized (pendingSends) {
            sends = new ArrayList<>(pendingSends);
            pendingSends.clear();
        }
        try {
            CommitSends.send(connection.producer(), sends);
        } catch (CommitSends.Failed e) {
            rollbackReceives();
            JMSException cause = e.jmsCause();
            TransactionRolledBackException rolledBack = new TransactionRolledBackException("FMQ-JMS-632 commit failed;"
                    + " the receives were rolled back. Of the sends (each batch request is stored whole or not at all): "
                    + e.getMessage() + ". First failure: " + cause.getMessage(), "FMQ-JMS-632");
            rolledBack.setLinkedException(cause);
            rolledBack.initCause(cause);
            throw rolledBack;
        }
        settle(true);
    }

    @Override
    public void rollback() throws JMSException {
        checkOpen();
        if (!isTransacted()) {
            throw new IllegalStateException("FMQ-JMS-633 rollback() on a session that is not transacted", "FMQ-JMS-633");
        }
        synchronized (pendingSends) {
            pendingSends.clear();
        }
        rollbackReceives();
    }

    private void rollbackReceives() throws JMSException {
        deliveryLock.lock();
        try {
            settle(false);
        } finally {
            deliveryLock.unlock();
        }
        scheduleDelivery();
    }

    @Override
    public void recover() throws JMSException {
        checkOpen();
        if (isTransacted()) {
            throw new IllegalStateException("FMQ-JMS-634 recover() on a transacted session; use rollback()", "FMQ-JMS-634");
        }
        rollbackReceives();
    }

    /** CLIENT_ACKNOWLEDGE: Message.acknowledge() acknowledges everything the session delivered so far. */
    void acknowledgeAll() throws JMSException {
        checkOpen();
        if (mode == CLIENT_ACKNOWLEDGE) {
            settle(true);
        }
    }

    /** Acknowledges (or gives back, for redelivery) everything delivered and not settled, waiting for the brokers. */
    private void settle(boolean acknowledge) throws JMSException {
        Map<FerryMessageConsumer, List<LeasedMessage>> byConsumer = new LinkedHashMap<>();
        synchronized (unsettled) {
            for (Delivered d : unsettled) {
                byConsumer.computeIfAbsent(d.consumer(), k -> new ArrayList<>()).add(d.lease());
            }
            unsettled.clear();
        }
        JMSException failure = null;
        for (Map.Entry<FerryMessageConsumer, List<LeasedMessage>> e : byConsumer.entrySet()) {
            try {
                if (acknowledge) {
                    e.getKey().ack(e.getValue()).get(connection.config().getRequestTimeoutMillis() * 2, TimeUnit.MILLISECONDS);
                } else {
                    e.getKey().redeliver(e.getValue());
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                failure = new JMSException("FMQ-JMS-635 interrupted while acknowledging", "FMQ-JMS-635");
            } catch (ExecutionException | TimeoutException ex) {
                JMSException j = new JMSException("FMQ-JMS-636 acknowledging " + e.getValue().size() + " messages of "
                        + e.getKey() + " failed: " + ex.getMessage(), "FMQ-JMS-636");
                j.setLinkedException(ex instanceof ExecutionException ee && ee.getCause() instanceof Exception c ? c : ex);
                failure = j;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * A consumer of this session handed a message to the application (from receive(), or to a listener that
     * returned normally or with {@code listenerFailed}).
     */
    void delivered(FerryMessageConsumer consumer, LeasedMessage lease, boolean listenerFailed) {
        XaBranchWork branch = xaWork;
        if (branch != null) {
            // Acknowledged when the branch commits; a failed listener's transaction is rolled back by its manager.
            branch.addReceive(new Delivered(consumer, lease));
            return;
        }
        if (mode == AUTO_ACKNOWLEDGE || mode == DUPS_OK_ACKNOWLEDGE) {
            if (listenerFailed) {
                // JMS 8.7: a listener throwing in an auto-acknowledge session gets the message again.
                consumer.redeliver(List.of(lease));
            } else {
                consumer.ackQuietly(lease);
            }
            return;
        }
        synchronized (unsettled) {
            unsettled.add(new Delivered(consumer, lease));
        }
    }

    // ------------------------------------------------------------------ listeners

    void listenerChanged() {
        synchronized (this) {
            if (deliveryThread == null && !closed) {
                deliveryThread = Executors.newSingleThreadExecutor(DaemonThreads.factory("ferrymq-jms-session"));
            }
        }
        scheduleDelivery();
    }

    /** A consumer buffered messages, or the connection started: run listeners if any is set. */
    void deliveryMayResume() {
        scheduleDelivery();
    }

    private void scheduleDelivery() {
        ExecutorService thread;
        synchronized (this) {
            thread = deliveryThread;
        }
        if (thread == null || closed || !deliveryScheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            thread.execute(this::deliverToListeners);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            deliveryScheduled.set(false);
        }
    }

    /** Runs on the delivery thread: hands buffered messages to listeners until none is left or delivery must stop. */
    private void deliverToListeners() {
        deliveryScheduled.set(false);
        boolean progress = true;
        while (progress && !closed && connection.isStarted()) {
            progress = false;
            for (FerryMessageConsumer c : consumers) {
                deliveryLock.lock();
                IN_LISTENER.set(this);
                try {
                    if (closed || !connection.isStarted()) {
                        return;
                    }
                    progress |= c.deliverOneToListener();
                } finally {
                    IN_LISTENER.remove();
                    deliveryLock.unlock();
                }
            }
        }
    }

    /** Waits until no listener of this session runs (Connection.stop, close). */
    void awaitListenerIdle() {
        deliveryLock.lock();
        deliveryLock.unlock();
    }

    // ------------------------------------------------------------------ producers and consumers

    /** Runs {@code hook} when this session closes (on the closing thread); at once if it is closed already. */
    void onClose(Runnable hook) {
        closeHooks.add(hook);
        if (closed) {
            closeHooks.remove(hook);
            hook.run();
        }
    }

    void consumerClosed(FerryMessageConsumer c) {
        consumers.remove(c);
    }

    void producerClosed(FerryMessageProducer p) {
        producers.remove(p);
    }

    boolean hasConsumerOn(Destination d) {
        for (FerryMessageConsumer c : consumers) {
            if (c.destination().equals(d)) {
                return true;
            }
        }
        return false;
    }

    private <T extends FerryMessageConsumer> T add(T consumer) {
        consumers.add(consumer);
        if (connection.isStarted()) {
            scheduleDelivery();
        }
        return consumer;
    }

    @Override
    public MessageProducer createProducer(Destination destination) throws JMSException {
        checkOpen();
        FerryMessageProducer p = new FerryMessageProducer(this, destination == null ? null : FerryDestination.from(destination));
        producers.add(p);
        return p;
    }

    @Override
    public MessageConsumer createConsumer(Destination destination) throws JMSException {
        return createConsumer(destination, null, false);
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String messageSelector) throws JMSException {
        return createConsumer(destination, messageSelector, false);
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String messageSelector, boolean noLocal)
            throws JMSException {
        checkOpen();
        FerryDestination d = checkDestination(destination);
        connection.checkMayConsume(d);
        return add(FerryMessageConsumer.forDestination(this, d, messageSelector, noLocal));
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) throws JMSException {
        return createSharedConsumer(topic, sharedSubscriptionName, null);
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector)
            throws JMSException {
        checkOpen();
        FerryDestination d = checkDestination(topic);
        String group = names().sharedGroup(sharedSubscriptionName);
        return add(FerryMessageConsumer.forSubscription(this, d, group, messageSelector, false));
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name) throws JMSException {
        return createDurableSubscriber(topic, name, null, false);
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name, String messageSelector, boolean noLocal)
            throws JMSException {
        checkOpen();
        FerryDestination d = checkDestination(topic);
        return add(FerryMessageConsumer.forSubscription(this, d, names().durableGroup(name, false), messageSelector,
                noLocal));
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name) throws JMSException {
        return createDurableSubscriber(topic, name, null, false);
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal)
            throws JMSException {
        return createDurableSubscriber(topic, name, messageSelector, noLocal);
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name) throws JMSException {
        return createSharedDurableConsumer(topic, name, null);
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector)
            throws JMSException {
        checkOpen();
        FerryDestination d = checkDestination(topic);
        return add(FerryMessageConsumer.forSubscription(this, d, names().durableGroup(name, true), messageSelector, false));
    }

    SubscriptionNames names() throws JMSException {
        return new SubscriptionNames(connection.config().getGroupPrefix(), connection.getClientID());
    }

    private static FerryDestination checkDestination(Destination destination) throws JMSException {
        if (destination == null) {
            throw new jakarta.jms.InvalidDestinationException("FMQ-JMS-637 the destination must not be null", "FMQ-JMS-637");
        }
        return FerryDestination.from(destination);
    }

    @Override
    public void unsubscribe(String name) throws JMSException {
        checkOpen();
        SubscriptionNames n = names();
        String unshared = connection.getClientID() == null ? null : n.durableGroup(name, false);
        String shared = n.durableGroup(name, true);
        for (FerrySession s : List.of(this)) {
            for (FerryMessageConsumer c : s.consumers) {
                if (c.group().equals(unshared) || c.group().equals(shared)) {
                    throw new IllegalStateException("FMQ-JMS-638 durable subscription " + name
                            + " has an active consumer; close it first", "FMQ-JMS-638");
                }
            }
        }
        try {
            if (unshared != null) {
                connection.client().deleteSubscription(unshared, "*");
            }
            connection.client().deleteSubscription(shared, "*");
        } catch (io.ferrymq.client.ClientException e) {
            throw JmsErrors.fromClient("unsubscribing " + name, e);
        }
    }

    @Override
    public Queue createQueue(String queueName) throws JMSException {
        checkOpen();
        return new FerryQueue(queueName);
    }

    @Override
    public Topic createTopic(String topicName) throws JMSException {
        checkOpen();
        return new FerryTopic(topicName);
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) throws JMSException {
        return createBrowser(queue, null);
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String messageSelector) throws JMSException {
        checkOpen();
        FerryDestination d = checkDestination(queue);
        connection.checkMayConsume(d);
        return new FerryQueueBrowser(this, (Queue) d, messageSelector);
    }

    @Override
    public TemporaryQueue createTemporaryQueue() throws JMSException {
        checkOpen();
        return connection.createTemporaryQueue();
    }

    @Override
    public TemporaryTopic createTemporaryTopic() throws JMSException {
        checkOpen();
        return connection.createTemporaryTopic();
    }

    @Override
    public QueueReceiver createReceiver(Queue queue) throws JMSException {
        return (QueueReceiver) createConsumer(queue);
    }

    @Override
    public QueueReceiver createReceiver(Queue queue, String messageSelector) throws JMSException {
        return (QueueReceiver) createConsumer(queue, messageSelector);
    }

    @Override
    public QueueSender createSender(Queue queue) throws JMSException {
        return (QueueSender) createProducer(queue);
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic) throws JMSException {
        return (TopicSubscriber) createConsumer(topic);
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic, String messageSelector, boolean noLocal) throws JMSException {
        return (TopicSubscriber) createConsumer(topic, messageSelector, noLocal);
    }

    @Override
    public TopicPublisher createPublisher(Topic topic) throws JMSException {
        return (TopicPublisher) createProducer(topic);
    }

    // ------------------------------------------------------------------ distinguished listener, run, close

    @Override
    public MessageListener getMessageListener() throws JMSException {
        checkOpen();
        return distinguishedListener;
    }

    @Override
    public void setMessageListener(MessageListener listener) throws JMSException {
        checkOpen();
        throw new JMSException("FMQ-JMS-639 Session.setMessageListener is the optional application-server facility of"
                + " JMS 8.2; set listeners on consumers", "FMQ-JMS-639");
    }

    @Override
    public void run() {
        LOG.warn("FMQ-JMS-640 Session.run() is an application-server facility FerryMQ does not provide; ignored");
    }

    @Override
    public void close() throws JMSException {
        if (IN_LISTENER.get() == this) {
            throw new IllegalStateException("FMQ-JMS-641 a message listener may not close its own session",
                    "FMQ-JMS-641");
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        // Non-persistent sends already made leave before the session goes, as synchronous ones would have.
        nonPersistent.close();
        deliveryLock.lock();
        try {
            synchronized (pendingSends) {
                pendingSends.clear();
            }
            if (mode != AUTO_ACKNOWLEDGE && mode != DUPS_OK_ACKNOWLEDGE) {
                // Unacknowledged and uncommitted receives go back for redelivery (JMS 6.2.8): handed to their
                // consumers first, whose close gives them back to the brokers and waits until the brokers have them.
                try {
                    settle(false);
                } catch (JMSException e) {
                    LOG.debug("FMQ-JMS-642 giving back unacknowledged messages failed: {}", e.toString());
                }
            }
            for (FerryMessageConsumer c : consumers) {
                c.closeFromSession();
            }
            producers.forEach(FerryMessageProducer::closeFromSession);
        } finally {
            deliveryLock.unlock();
        }
        ExecutorService thread;
        synchronized (this) {
            thread = deliveryThread;
        }
        if (thread != null) {
            thread.shutdownNow();
        }
        for (Runnable hook : closeHooks) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                LOG.warn("FMQ-JMS-643 a close hook of {} failed: {}", this, e.toString());
            }
        }
        closeHooks.clear();
        connection.sessionClosed(this);
    }

    @Override
    public String toString() {
        return "FerrySession[" + (isTransacted() ? "transacted" : "ack mode " + mode) + "]";
    }
}

package io.ferrymq.jca.outbound;

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
import jakarta.jms.TransactionInProgressException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The session of a {@link FerryConnectionHandle}: works through the managed connection's XA session (so inside a
 * transaction everything it does is in the container's branch, and outside it acknowledges on delivery and sends at
 * once), or through a CLIENT_ACKNOWLEDGE session of its own when the application asked for one outside a transaction.
 * It remembers the producers, consumers, browsers and temporary destinations it made, to close them with the handle:
 * the pooled XA session outlives every application that borrows it.
 *
 * <p>One thread at a time, as any JMS session.
 */
final class FerrySessionHandle implements Session, QueueSession, TopicSession {
    private static final Logger LOG = LoggerFactory.getLogger(FerrySessionHandle.class);

    private final FerryConnectionHandle connection;
    /** AUTO_ACKNOWLEDGE, DUPS_OK_ACKNOWLEDGE or CLIENT_ACKNOWLEDGE: the mode outside a transaction. */
    private final int modeOutsideTransaction;
    /** The session of its own when CLIENT_ACKNOWLEDGE was asked outside a transaction; null: the XA session. */
    private final Session clientAcknowledge;
    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();
    private final List<Object> temporaries = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    FerrySessionHandle(FerryConnectionHandle connection, int modeOutsideTransaction, Session clientAcknowledge) {
        this.connection = connection;
        this.modeOutsideTransaction = modeOutsideTransaction;
        this.clientAcknowledge = clientAcknowledge;
    }

    boolean isClosed() {
        return closed;
    }

    /** The provider session this handle works through now. */
    private Session target() throws JMSException {
        if (closed) {
            throw EeRestrictions.closed("session");
        }
        FerryManagedConnection mc = connection.managed();
        return clientAcknowledge != null ? clientAcknowledge : mc.xaSession();
    }

    private boolean inTransaction() throws JMSException {
        target();
        return clientAcknowledge == null && connection.managed().inTransaction();
    }

    void forget(AutoCloseable closedByApplication) {
        opened.remove(closedByApplication);
    }

    private <T extends AutoCloseable> T track(T created) {
        opened.add(created);
        return created;
    }

    private MessageConsumer consumer(MessageConsumer created) {
        return track(new HandleConsumer(this, created));
    }

    // ------------------------------------------------------------------ transactions and acknowledgement

    /** True inside a transaction (the session's work is the transaction's), false outside (JMS 3.1 §12.3). */
    @Override
    public boolean getTransacted() throws JMSException {
        return inTransaction();
    }

    @Override
    public int getAcknowledgeMode() throws JMSException {
        return inTransaction() ? Session.SESSION_TRANSACTED : modeOutsideTransaction;
    }

    @Override
    public void commit() throws JMSException {
        if (inTransaction()) {
            throw new TransactionInProgressException("FMQ-JCA-134 the session works in the container's transaction;"
                    + " the transaction manager commits it, not Session.commit()", "FMQ-JCA-134");
        }
        throw new IllegalStateException("FMQ-JCA-135 commit() on a session that is not transacted (outside a"
                + " transaction a container's sessions are not transacted: Jakarta Messaging 3.1 §12.3)", "FMQ-JCA-135");
    }

    @Override
    public void rollback() throws JMSException {
        if (inTransaction()) {
            throw new TransactionInProgressException("FMQ-JCA-134 the session works in the container's transaction;"
                    + " mark the transaction for rollback instead of calling Session.rollback()", "FMQ-JCA-134");
        }
        throw new IllegalStateException("FMQ-JCA-135 rollback() on a session that is not transacted (outside a"
                + " transaction a container's sessions are not transacted: Jakarta Messaging 3.1 §12.3)", "FMQ-JCA-135");
    }

    @Override
    public void recover() throws JMSException {
        target().recover();
    }

    // ------------------------------------------------------------------ messages

    @Override
    public BytesMessage createBytesMessage() throws JMSException {
        return target().createBytesMessage();
    }

    @Override
    public MapMessage createMapMessage() throws JMSException {
        return target().createMapMessage();
    }

    @Override
    public Message createMessage() throws JMSException {
        return target().createMessage();
    }

    @Override
    public ObjectMessage createObjectMessage() throws JMSException {
        return target().createObjectMessage();
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) throws JMSException {
        return target().createObjectMessage(object);
    }

    @Override
    public StreamMessage createStreamMessage() throws JMSException {
        return target().createStreamMessage();
    }

    @Override
    public TextMessage createTextMessage() throws JMSException {
        return target().createTextMessage();
    }

    @Override
    public TextMessage createTextMessage(String text) throws JMSException {
        return target().createTextMessage(text);
    }

    // ------------------------------------------------------------------ producers, consumers, browsers

    @Override
    public MessageProducer createProducer(Destination destination) throws JMSException {
        return track(target().createProducer(destination));
    }

    @Override
    public QueueSender createSender(Queue queue) throws JMSException {
        return track(((QueueSession) target()).createSender(queue));
    }

    @Override
    public TopicPublisher createPublisher(Topic topic) throws JMSException {
        return track(((TopicSession) target()).createPublisher(topic));
    }

    @Override
    public MessageConsumer createConsumer(Destination destination) throws JMSException {
        return consumer(target().createConsumer(destination));
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String messageSelector) throws JMSException {
        return consumer(target().createConsumer(destination, messageSelector));
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String messageSelector, boolean noLocal)
            throws JMSException {
        return consumer(target().createConsumer(destination, messageSelector, noLocal));
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) throws JMSException {
        return consumer(target().createSharedConsumer(topic, sharedSubscriptionName));
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector)
            throws JMSException {
        return consumer(target().createSharedConsumer(topic, sharedSubscriptionName, messageSelector));
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name) throws JMSException {
        return (TopicSubscriber) consumer(target().createDurableSubscriber(topic, name));
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name, String messageSelector, boolean noLocal)
            throws JMSException {
        return (TopicSubscriber) consumer(target().createDurableSubscriber(topic, name, messageSelector, noLocal));
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name) throws JMSException {
        return consumer(target().createDurableConsumer(topic, name));
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal)
            throws JMSException {
        return consumer(target().createDurableConsumer(topic, name, messageSelector, noLocal));
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name) throws JMSException {
        return consumer(target().createSharedDurableConsumer(topic, name));
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector)
            throws JMSException {
        return consumer(target().createSharedDurableConsumer(topic, name, messageSelector));
    }

    @Override
    public QueueReceiver createReceiver(Queue queue) throws JMSException {
        return (QueueReceiver) consumer(((QueueSession) target()).createReceiver(queue));
    }

    @Override
    public QueueReceiver createReceiver(Queue queue, String messageSelector) throws JMSException {
        return (QueueReceiver) consumer(((QueueSession) target()).createReceiver(queue, messageSelector));
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic) throws JMSException {
        return (TopicSubscriber) consumer(((TopicSession) target()).createSubscriber(topic));
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic, String messageSelector, boolean noLocal) throws JMSException {
        return (TopicSubscriber) consumer(((TopicSession) target()).createSubscriber(topic, messageSelector, noLocal));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) throws JMSException {
        return track(target().createBrowser(queue));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String messageSelector) throws JMSException {
        return track(target().createBrowser(queue, messageSelector));
    }

    // ------------------------------------------------------------------ destinations and subscriptions

    @Override
    public Queue createQueue(String queueName) throws JMSException {
        return target().createQueue(queueName);
    }

    @Override
    public Topic createTopic(String topicName) throws JMSException {
        return target().createTopic(topicName);
    }

    /** Deleted when the handle closes: the application's connection ends there, whatever the pool does. */
    @Override
    public TemporaryQueue createTemporaryQueue() throws JMSException {
        TemporaryQueue q = target().createTemporaryQueue();
        temporaries.add(q);
        return q;
    }

    @Override
    public TemporaryTopic createTemporaryTopic() throws JMSException {
        TemporaryTopic t = target().createTemporaryTopic();
        temporaries.add(t);
        return t;
    }

    @Override
    public void unsubscribe(String name) throws JMSException {
        target().unsubscribe(name);
    }

    // ------------------------------------------------------------------ forbidden in a container (§12.2)

    @Override
    public MessageListener getMessageListener() throws JMSException {
        target();
        throw EeRestrictions.forbidden("Session.getMessageListener");
    }

    @Override
    public void setMessageListener(MessageListener listener) throws JMSException {
        target();
        throw EeRestrictions.forbidden("Session.setMessageListener");
    }

    @Override
    public void run() {
        throw new jakarta.jms.IllegalStateRuntimeException(EeRestrictions.forbidden("Session.run").getMessage(),
                "FMQ-JCA-130");
    }

    // ------------------------------------------------------------------ close

    /**
     * Closes what the application made through this session (consumers give their buffered messages back) and, for a
     * CLIENT_ACKNOWLEDGE session, the session itself (its unacknowledged messages are redelivered). The pooled XA
     * session stays open for the next borrower.
     */
    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        closed = true;
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("FMQ-JCA-136 closing {} left open by the application failed: {}", c, e.toString());
            }
        }
        opened.clear();
        for (Object t : temporaries) {
            try {
                if (t instanceof TemporaryQueue q) {
                    q.delete();
                } else if (t instanceof TemporaryTopic tt) {
                    tt.delete();
                }
            } catch (JMSException e) {
                LOG.debug("FMQ-JCA-137 deleting {} failed: {}", t, e.toString());
            }
        }
        temporaries.clear();
        if (clientAcknowledge != null) {
            clientAcknowledge.close();
        }
    }

    /** Producers, consumers and browsers this session made that are still open (for tests and diagnostics). */
    int openCount() {
        return opened.size();
    }

    @Override
    public String toString() {
        return "FerrySessionHandle[" + (closed ? "closed" : connection) + "]";
    }
}

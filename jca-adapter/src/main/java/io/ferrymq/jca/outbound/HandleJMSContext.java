package io.ferrymq.jca.outbound;

import io.ferrymq.jms.SimplifiedApi;
import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;

import java.io.Serializable;

/**
 * A JMSContext from {@link FerryRaConnectionFactory}: a pooled connection handle and its one session in one object,
 * with the same container rules (§12: the session mode is ignored in a transaction, the forbidden methods — including
 * {@code createContext(int)} — throw {@link IllegalStateRuntimeException}). {@link #close()} closes the handle and
 * gives the managed connection back. The session is opened at once, so the context joins the transaction current when
 * it was created. Same threading rules as a session.
 */
final class HandleJMSContext implements JMSContext {
    private final FerryConnectionHandle connection;
    private final FerrySessionHandle session;
    private MessageProducer producer;
    private boolean autoStart = true;
    private volatile Message lastDelivered;

    HandleJMSContext(FerryConnectionHandle connection, int sessionMode) {
        this.connection = connection;
        try {
            this.session = (FerrySessionHandle) connection.createSession(sessionMode);
        } catch (jakarta.jms.JMSException e) {
            try {
                connection.close();
            } catch (jakarta.jms.JMSException ignored) {
                // Reported through the first failure.
            }
            throw RuntimeErrors.toRuntime(e);
        }
    }

    /** The one provider producer the context's JMSProducers send through (closed with the session). */
    synchronized MessageProducer producer() throws jakarta.jms.JMSException {
        if (producer == null) {
            producer = session.createProducer(null);
        }
        return producer;
    }

    Message delivered(Message m) {
        if (m != null) {
            lastDelivered = m;
        }
        return m;
    }

    private JMSConsumer consumer(RuntimeErrors.Call<MessageConsumer> create) {
        JMSConsumer c = new HandleJMSConsumer(this, RuntimeErrors.unchecked(create));
        if (autoStart) {
            RuntimeErrors.uncheckedRun(connection::start);
        }
        return c;
    }

    // ------------------------------------------------------------------ forbidden in a container (§12.2)

    @Override
    public JMSContext createContext(int sessionMode) {
        throw forbidden("JMSContext.createContext");
    }

    @Override
    public void setClientID(String clientID) {
        throw forbidden("JMSContext.setClientID");
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) {
        throw forbidden("JMSContext.setExceptionListener");
    }

    @Override
    public void stop() {
        throw forbidden("JMSContext.stop");
    }

    private IllegalStateRuntimeException forbidden(String method) {
        RuntimeErrors.uncheckedRun(connection::getExceptionListener);   // closed first
        jakarta.jms.IllegalStateException e = EeRestrictions.forbidden(method);
        return new IllegalStateRuntimeException(e.getMessage(), e.getErrorCode(), e);
    }

    // ------------------------------------------------------------------ connection

    @Override
    public String getClientID() {
        return RuntimeErrors.unchecked(connection::getClientID);
    }

    @Override
    public ConnectionMetaData getMetaData() {
        return RuntimeErrors.unchecked(connection::getMetaData);
    }

    @Override
    public ExceptionListener getExceptionListener() {
        return RuntimeErrors.unchecked(connection::getExceptionListener);
    }

    @Override
    public void start() {
        RuntimeErrors.uncheckedRun(connection::start);
    }

    @Override
    public void setAutoStart(boolean autoStart) {
        RuntimeErrors.uncheckedRun(connection::getExceptionListener);
        this.autoStart = autoStart;
    }

    @Override
    public boolean getAutoStart() {
        return autoStart;
    }

    @Override
    public void close() {
        RuntimeErrors.uncheckedRun(connection::close);
    }

    // ------------------------------------------------------------------ session

    @Override
    public JMSProducer createProducer() {
        RuntimeErrors.uncheckedRun(session::getAcknowledgeMode);   // closed first
        return SimplifiedApi.producer(this, this::producer);
    }

    @Override
    public BytesMessage createBytesMessage() {
        return RuntimeErrors.unchecked(session::createBytesMessage);
    }

    @Override
    public MapMessage createMapMessage() {
        return RuntimeErrors.unchecked(session::createMapMessage);
    }

    @Override
    public Message createMessage() {
        return RuntimeErrors.unchecked(session::createMessage);
    }

    @Override
    public ObjectMessage createObjectMessage() {
        return RuntimeErrors.unchecked(session::createObjectMessage);
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) {
        return RuntimeErrors.unchecked(() -> session.createObjectMessage(object));
    }

    @Override
    public StreamMessage createStreamMessage() {
        return RuntimeErrors.unchecked(session::createStreamMessage);
    }

    @Override
    public TextMessage createTextMessage() {
        return RuntimeErrors.unchecked(session::createTextMessage);
    }

    @Override
    public TextMessage createTextMessage(String text) {
        return RuntimeErrors.unchecked(() -> session.createTextMessage(text));
    }

    @Override
    public boolean getTransacted() {
        return RuntimeErrors.unchecked(session::getTransacted);
    }

    @Override
    public int getSessionMode() {
        return RuntimeErrors.unchecked(session::getAcknowledgeMode);
    }

    @Override
    public void commit() {
        RuntimeErrors.uncheckedRun(session::commit);
    }

    @Override
    public void rollback() {
        RuntimeErrors.uncheckedRun(session::rollback);
    }

    @Override
    public void recover() {
        RuntimeErrors.uncheckedRun(session::recover);
    }

    /** CLIENT_ACKNOWLEDGE: acknowledges every message the context delivered (as Message.acknowledge does). */
    @Override
    public void acknowledge() {
        RuntimeErrors.uncheckedRun(() -> {
            if (session.getAcknowledgeMode() != Session.CLIENT_ACKNOWLEDGE) {
                return;
            }
            Message m = lastDelivered;
            if (m != null) {
                m.acknowledge();
            }
        });
    }

    @Override
    public JMSConsumer createConsumer(Destination destination) {
        return consumer(() -> session.createConsumer(destination));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector) {
        return consumer(() -> session.createConsumer(destination, messageSelector));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector, boolean noLocal) {
        return consumer(() -> session.createConsumer(destination, messageSelector, noLocal));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name) {
        return consumer(() -> session.createDurableConsumer(topic, name));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal) {
        return consumer(() -> session.createDurableConsumer(topic, name, messageSelector, noLocal));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name) {
        return consumer(() -> session.createSharedDurableConsumer(topic, name));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector) {
        return consumer(() -> session.createSharedDurableConsumer(topic, name, messageSelector));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) {
        return consumer(() -> session.createSharedConsumer(topic, sharedSubscriptionName));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector) {
        return consumer(() -> session.createSharedConsumer(topic, sharedSubscriptionName, messageSelector));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) {
        return RuntimeErrors.unchecked(() -> session.createBrowser(queue));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String messageSelector) {
        return RuntimeErrors.unchecked(() -> session.createBrowser(queue, messageSelector));
    }

    @Override
    public Queue createQueue(String queueName) {
        return RuntimeErrors.unchecked(() -> session.createQueue(queueName));
    }

    @Override
    public Topic createTopic(String topicName) {
        return RuntimeErrors.unchecked(() -> session.createTopic(topicName));
    }

    @Override
    public TemporaryQueue createTemporaryQueue() {
        return RuntimeErrors.unchecked(session::createTemporaryQueue);
    }

    @Override
    public TemporaryTopic createTemporaryTopic() {
        return RuntimeErrors.unchecked(session::createTemporaryTopic);
    }

    @Override
    public void unsubscribe(String name) {
        RuntimeErrors.uncheckedRun(() -> session.unsubscribe(name));
    }

    @Override
    public String toString() {
        return "HandleJMSContext[" + connection + "]";
    }
}

package io.ferrymq.jms;

import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simplified API: a connection and one session in one object, unchecked exceptions (JMS's table of runtime
 * equivalents). A context made by the factory owns its connection; {@link #createContext(int)} makes another on the
 * same connection, which closes with the last of them. The connection starts with the first consumer unless
 * auto-start is off. Same threading rules as a session.
 */
class FerryJMSContext implements JMSContext {
    private final FerryConnection connection;
    /** Contexts sharing the connection: the last to close closes it. */
    private final AtomicInteger sharers;
    private final int sessionMode;
    private FerrySession session;
    private boolean autoStart = true;
    private volatile boolean closed;

    /** A context owning a new connection, which closes with it (and with the contexts made from it). */
    FerryJMSContext(FerryConnection connection, int sessionMode) {
        this(connection, sessionMode, new AtomicInteger(1));
    }

    private FerryJMSContext(FerryConnection connection, int sessionMode, AtomicInteger sharers) {
        this.connection = connection;
        this.sessionMode = sessionMode;
        this.sharers = sharers;
    }

    static void checkSessionMode(int mode) {
        if (mode != SESSION_TRANSACTED && mode != AUTO_ACKNOWLEDGE && mode != CLIENT_ACKNOWLEDGE
                && mode != DUPS_OK_ACKNOWLEDGE) {
            throw new JMSRuntimeException("FMQ-JMS-680 unknown session mode " + mode
                    + " (AUTO_ACKNOWLEDGE=1, CLIENT_ACKNOWLEDGE=2, DUPS_OK_ACKNOWLEDGE=3, SESSION_TRANSACTED=0)",
                    "FMQ-JMS-680");
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateRuntimeException("FMQ-JMS-681 the JMSContext is closed", "FMQ-JMS-681", null);
        }
    }

    /** The session, created on first use (so setClientID may still come first). */
    synchronized FerrySession session() {
        checkOpen();
        if (session == null) {
            try {
                session = openSession(connection, sessionMode);
            } catch (JMSException e) {
                throw JmsErrors.toRuntime(e);
            }
        }
        return session;
    }

    /** The session this context works through, opened on first use. */
    FerrySession openSession(FerryConnection connection, int sessionMode) throws JMSException {
        return connection.createFerrySession(sessionMode == SESSION_TRANSACTED, sessionMode);
    }

    private void startIfAuto() {
        if (autoStart) {
            try {
                connection.start();
            } catch (JMSException e) {
                throw JmsErrors.toRuntime(e);
            }
        }
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        checkOpen();
        checkSessionMode(sessionMode);
        sharers.incrementAndGet();
        return new FerryJMSContext(connection, sessionMode, sharers);
    }

    @Override
    public JMSProducer createProducer() {
        return new FerryJMSProducer(this);
    }

    @Override
    public String getClientID() {
        checkOpen();
        try {
            return connection.getClientID();
        } catch (JMSException e) {
            throw JmsErrors.toRuntime(e);
        }
    }

    @Override
    public void setClientID(String clientID) {
        checkOpen();
        try {
            connection.setClientID(clientID);
        } catch (JMSException e) {
            throw JmsErrors.toRuntime(e);
        }
    }

    @Override
    public ConnectionMetaData getMetaData() {
        checkOpen();
        try {
            return connection.getMetaData();
        } catch (JMSException e) {
            throw JmsErrors.toRuntime(e);
        }
    }

    @Override
    public ExceptionListener getExceptionListener() {
        checkOpen();
        try {
            return connection.getExceptionListener();
        } catch (JMSException e) {
            throw JmsErrors.toRuntime(e);
        }
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) {
        checkOpen();
        try {
            connection.setExceptionListener(listener);
        } catch (JMSException e) {
            throw JmsErrors.toRuntime(e);
        }
    }

    @Override
    public void start() {
        checkOpen();
        try {
            connection.start();
        } catch (JMSException e) {
            throw JmsErrors.toRuntime(e);
        }
    }

    @Override
    public void stop() {
        checkOpen();
        try {
            connection.stop();
        } catch (JMSException e) {
            throw JmsErrors.toRuntime(e);
        }
    }

    @Override
    public void setAutoStart(boolean autoStart) {
        checkOpen();
        this.autoStart = autoStart;
    }

    @Override
    public boolean getAutoStart() {
        checkOpen();
        return autoStart;
    }

    @Override
    public void close() {
        try {
            FerrySession.checkNotInListener(connection, "close");
        } catch (JMSException e) {
            throw JmsErrors.toRuntime(e);
        }
        FerrySession s;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            s = session;
        }
        try {
            if (s != null) {
                s.close();
            }
            if (sharers.decrementAndGet() == 0) {
                connection.close();
            }
        } catch (JMSException e) {
            throw JmsErrors.toRuntime(e);
        }
    }

    private interface Call<T> {
        T call(FerrySession s) throws JMSException;
    }

    private <T> T onSession(Call<T> call) {
        try {
            return call.call(session());
        } catch (JMSException e) {
            throw JmsErrors.toRuntime(e);
        }
    }

    @Override
    public BytesMessage createBytesMessage() {
        return onSession(Session::createBytesMessage);
    }

    @Override
    public MapMessage createMapMessage() {
        return onSession(Session::createMapMessage);
    }

    @Override
    public Message createMessage() {
        return onSession(Session::createMessage);
    }

    @Override
    public ObjectMessage createObjectMessage() {
        return onSession(Session::createObjectMessage);
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) {
        return onSession(s -> s.createObjectMessage(object));
    }

    @Override
    public StreamMessage createStreamMessage() {
        return onSession(Session::createStreamMessage);
    }

    @Override
    public TextMessage createTextMessage() {
        return onSession(Session::createTextMessage);
    }

    @Override
    public TextMessage createTextMessage(String text) {
        return onSession(s -> s.createTextMessage(text));
    }

    @Override
    public boolean getTransacted() {
        return onSession(Session::getTransacted);
    }

    @Override
    public int getSessionMode() {
        checkOpen();
        return sessionMode;
    }

    @Override
    public void commit() {
        onSession(s -> {
            s.commit();
            return null;
        });
    }

    @Override
    public void rollback() {
        onSession(s -> {
            s.rollback();
            return null;
        });
    }

    @Override
    public void recover() {
        onSession(s -> {
            s.recover();
            return null;
        });
    }

    private JMSConsumer consumer(Call<jakarta.jms.MessageConsumer> create) {
        JMSConsumer c = new FerryJMSConsumer(onSession(create));
        startIfAuto();
        return c;
    }

    @Override
    public JMSConsumer createConsumer(Destination destination) {
        return consumer(s -> s.createConsumer(destination));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector) {
        return consumer(s -> s.createConsumer(destination, messageSelector));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector, boolean noLocal) {
        return consumer(s -> s.createConsumer(destination, messageSelector, noLocal));
    }

    @Override
    public Queue createQueue(String queueName) {
        return onSession(s -> s.createQueue(queueName));
    }

    @Override
    public Topic createTopic(String topicName) {
        return onSession(s -> s.createTopic(topicName));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name) {
        return consumer(s -> s.createDurableConsumer(topic, name));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal) {
        return consumer(s -> s.createDurableConsumer(topic, name, messageSelector, noLocal));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name) {
        return consumer(s -> s.createSharedDurableConsumer(topic, name));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector) {
        return consumer(s -> s.createSharedDurableConsumer(topic, name, messageSelector));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) {
        return consumer(s -> s.createSharedConsumer(topic, sharedSubscriptionName));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector) {
        return consumer(s -> s.createSharedConsumer(topic, sharedSubscriptionName, messageSelector));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) {
        return onSession(s -> s.createBrowser(queue));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String messageSelector) {
        return onSession(s -> s.createBrowser(queue, messageSelector));
    }

    @Override
    public TemporaryQueue createTemporaryQueue() {
        return onSession(Session::createTemporaryQueue);
    }

    @Override
    public TemporaryTopic createTemporaryTopic() {
        return onSession(Session::createTemporaryTopic);
    }

    @Override
    public void unsubscribe(String name) {
        onSession(s -> {
            s.unsubscribe(name);
            return null;
        });
    }

    @Override
    public void acknowledge() {
        onSession(s -> {
            s.acknowledgeAll();
            return null;
        });
    }
}

package io.ferrymq.jca.outbound;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionConsumer;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueSession;
import jakarta.jms.ServerSessionPool;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicSession;

/**
 * The connection an application gets from {@link FerryRaConnectionFactory}: a handle on a pooled
 * {@link FerryManagedConnection}, with the rules of Jakarta Messaging 3.1 §12 for applications in a container — one
 * session at a time, whose arguments inside a transaction are ignored (the session is in the transaction), the
 * methods §12.2 forbids throwing {@link IllegalStateException}. {@link #close()} closes what the application created
 * through it and gives the managed connection back to the pool.
 *
 * <p>Like a JMS connection it may be used from several threads; its session, like any session, from one at a time.
 */
public final class FerryConnectionHandle implements Connection, QueueConnection, TopicConnection {
    private volatile FerryManagedConnection managed;
    private FerrySessionHandle session;
    private volatile boolean closed;

    FerryConnectionHandle(FerryManagedConnection managed) {
        this.managed = managed;
    }

    FerryManagedConnection managed() throws IllegalStateException {
        checkOpen();
        return managed;
    }

    /** Moves the handle onto another managed connection (JCA connection sharing); returns the previous one. */
    FerryManagedConnection reassociate(FerryManagedConnection to) {
        FerryManagedConnection previous = managed;
        managed = to;
        return previous;
    }

    private void checkOpen() throws IllegalStateException {
        if (closed) {
            throw EeRestrictions.closed("connection");
        }
    }

    // ------------------------------------------------------------------ sessions

    @Override
    public Session createSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return open(transacted ? Session.SESSION_TRANSACTED : acknowledgeMode);
    }

    @Override
    public Session createSession(int sessionMode) throws JMSException {
        return open(sessionMode);
    }

    @Override
    public Session createSession() throws JMSException {
        return open(Session.AUTO_ACKNOWLEDGE);
    }

    @Override
    public QueueSession createQueueSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return open(transacted ? Session.SESSION_TRANSACTED : acknowledgeMode);
    }

    @Override
    public TopicSession createTopicSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return open(transacted ? Session.SESSION_TRANSACTED : acknowledgeMode);
    }

    /**
     * The handle's one session. Inside a transaction the mode is ignored and the session works in the transaction;
     * outside, AUTO and DUPS_OK sessions acknowledge on delivery, CLIENT_ACKNOWLEDGE is honoured, and a transacted
     * session is non-transacted and auto-acknowledged, as §12.3 recommends.
     */
    private synchronized FerrySessionHandle open(int sessionMode) throws JMSException {
        FerryManagedConnection mc = managed();
        if (session != null && !session.isClosed()) {
            throw new IllegalStateException("FMQ-JCA-132 this connection has an open session already: an application"
                    + " in a Jakarta EE container may have only one session per connection (Jakarta Messaging 3.1"
                    + " §12.2); close it first, or get another connection from the factory", "FMQ-JCA-132");
        }
        if (sessionMode != Session.SESSION_TRANSACTED && sessionMode != Session.AUTO_ACKNOWLEDGE
                && sessionMode != Session.CLIENT_ACKNOWLEDGE && sessionMode != Session.DUPS_OK_ACKNOWLEDGE) {
            throw new JMSException("FMQ-JCA-133 unknown session mode " + sessionMode + " (AUTO_ACKNOWLEDGE=1,"
                    + " CLIENT_ACKNOWLEDGE=2, DUPS_OK_ACKNOWLEDGE=3, SESSION_TRANSACTED=0)", "FMQ-JCA-133");
        }
        Session clientAck = null;
        int outsideMode = sessionMode == Session.SESSION_TRANSACTED ? Session.AUTO_ACKNOWLEDGE : sessionMode;
        if (!mc.inTransaction() && sessionMode == Session.CLIENT_ACKNOWLEDGE) {
            clientAck = mc.createClientAcknowledgeSession();
        }
        session = new FerrySessionHandle(this, outsideMode, clientAck);
        return session;
    }

    // ------------------------------------------------------------------ what an EE application may call

    @Override
    public String getClientID() throws JMSException {
        return managed().physical().getClientID();
    }

    @Override
    public ConnectionMetaData getMetaData() throws JMSException {
        return managed().physical().getMetaData();
    }

    /** None: the container, not the application, hears of connection failures (through the pool). */
    @Override
    public ExceptionListener getExceptionListener() throws JMSException {
        checkOpen();
        return null;
    }

    @Override
    public void start() throws JMSException {
        managed().physical().start();
    }

    /**
     * Closes the session and everything the application created through this handle, and gives the managed
     * connection back to the container. A second close does nothing.
     */
    @Override
    public void close() throws JMSException {
        FerryManagedConnection mc;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            mc = managed;
        }
        JMSException failure = closeSession();
        mc.handleClosed(this);
        if (failure != null) {
            throw failure;
        }
    }

    /** The managed connection is cleaned up or destroyed: close what the application left open, no event. */
    void invalidate() {
        synchronized (this) {
            closed = true;
        }
        closeSession();
    }

    private JMSException closeSession() {
        FerrySessionHandle s;
        synchronized (this) {
            s = session;
            session = null;
        }
        if (s != null) {
            try {
                s.close();
            } catch (JMSException e) {
                return e;
            }
        }
        return null;
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * True while this handle is open and its managed connection usable. Not JMS: application servers probe connection
     * handles by this name, IronJacamar's default recovery plugin among them, which calls {@code isValid(int)} on the
     * connection it recovers through and destroys that connection, before the recovery can use it, when the method is
     * missing or answers false.
     *
     * @param timeoutSeconds ignored: the answer is known without asking the cluster
     */
    public boolean isValid(int timeoutSeconds) {
        FerryManagedConnection mc = managed;
        return !closed && mc != null && mc.isUsable();
    }

    // ------------------------------------------------------------------ forbidden in a container (§12.2)

    @Override
    public void setClientID(String clientID) throws JMSException {
        checkOpen();
        throw EeRestrictions.forbidden("Connection.setClientID");
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) throws JMSException {
        checkOpen();
        throw EeRestrictions.forbidden("Connection.setExceptionListener");
    }

    @Override
    public void stop() throws JMSException {
        checkOpen();
        throw EeRestrictions.forbidden("Connection.stop");
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Destination destination, String messageSelector,
                                                       ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        checkOpen();
        throw EeRestrictions.forbidden("Connection.createConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createSharedConnectionConsumer(Topic topic, String subscriptionName, String messageSelector,
                                                             ServerSessionPool sessionPool, int maxMessages)
            throws JMSException {
        checkOpen();
        throw EeRestrictions.forbidden("Connection.createSharedConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createDurableConnectionConsumer(Topic topic, String subscriptionName,
                                                              String messageSelector, ServerSessionPool sessionPool,
                                                              int maxMessages) throws JMSException {
        checkOpen();
        throw EeRestrictions.forbidden("Connection.createDurableConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createSharedDurableConnectionConsumer(Topic topic, String subscriptionName,
                                                                    String messageSelector,
                                                                    ServerSessionPool sessionPool, int maxMessages)
            throws JMSException {
        checkOpen();
        throw EeRestrictions.forbidden("Connection.createSharedDurableConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Queue queue, String messageSelector,
                                                       ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        checkOpen();
        throw EeRestrictions.forbidden("QueueConnection.createConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Topic topic, String messageSelector,
                                                       ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        checkOpen();
        throw EeRestrictions.forbidden("TopicConnection.createConnectionConsumer");
    }

    @Override
    public String toString() {
        return "FerryConnectionHandle[" + (closed ? "closed" : managed) + "]";
    }
}

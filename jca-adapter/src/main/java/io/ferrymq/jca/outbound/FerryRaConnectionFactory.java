package io.ferrymq.jca.outbound;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;
import jakarta.resource.Referenceable;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;

import javax.naming.Reference;
import java.io.Serializable;

/**
 * The connection factory an application server binds in JNDI (what {@code @Resource ConnectionFactory} injects):
 * every connection is a handle on a managed connection from the server's pool, enlisted in the caller's transaction by
 * the server. Serializable and Referenceable, as servers bind it by reference. Thread-safe.
 */
public final class FerryRaConnectionFactory
        implements ConnectionFactory, QueueConnectionFactory, TopicConnectionFactory, Serializable, Referenceable {
    private static final long serialVersionUID = 1L;

    private final FerryManagedConnectionFactory mcf;
    private final ConnectionManager manager;
    private Reference reference;

    FerryRaConnectionFactory(FerryManagedConnectionFactory mcf, ConnectionManager manager) {
        this.mcf = mcf;
        this.manager = manager;
    }

    @Override
    public Connection createConnection() throws JMSException {
        return allocate(FerryConnectionRequestInfo.DEFAULT);
    }

    /** A connection with these credentials: pooled connections are matched by them (docs/jca.md). */
    @Override
    public Connection createConnection(String userName, String password) throws JMSException {
        return allocate(new FerryConnectionRequestInfo(userName, password));
    }

    @Override
    public QueueConnection createQueueConnection() throws JMSException {
        return allocate(FerryConnectionRequestInfo.DEFAULT);
    }

    @Override
    public QueueConnection createQueueConnection(String userName, String password) throws JMSException {
        return allocate(new FerryConnectionRequestInfo(userName, password));
    }

    @Override
    public TopicConnection createTopicConnection() throws JMSException {
        return allocate(FerryConnectionRequestInfo.DEFAULT);
    }

    @Override
    public TopicConnection createTopicConnection(String userName, String password) throws JMSException {
        return allocate(new FerryConnectionRequestInfo(userName, password));
    }

    private FerryConnectionHandle allocate(FerryConnectionRequestInfo info) throws JMSException {
        try {
            return (FerryConnectionHandle) manager.allocateConnection(mcf, info);
        } catch (jakarta.resource.spi.SecurityException e) {
            JMSSecurityException denied = new JMSSecurityException("FMQ-JCA-140 " + e.getMessage(), "FMQ-JCA-140");
            denied.setLinkedException(e);
            denied.initCause(e);
            throw denied;
        } catch (ResourceException e) {
            JMSException failed = new JMSException("FMQ-JCA-141 no connection from the pool: " + e.getMessage(),
                    "FMQ-JCA-141");
            failed.setLinkedException(e);
            failed.initCause(e);
            throw failed;
        }
    }

    @Override
    public JMSContext createContext() {
        return context(FerryConnectionRequestInfo.DEFAULT, JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String userName, String password) {
        return context(new FerryConnectionRequestInfo(userName, password), JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String userName, String password, int sessionMode) {
        return context(new FerryConnectionRequestInfo(userName, password), sessionMode);
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        return context(FerryConnectionRequestInfo.DEFAULT, sessionMode);
    }

    /**
     * A JMSContext over a pooled connection and its one session (the container rules of connections apply; the mode
     * is ignored inside a transaction). Closing the context gives the connection back to the pool.
     */
    private JMSContext context(FerryConnectionRequestInfo info, int sessionMode) {
        FerryConnectionHandle handle;
        try {
            handle = allocate(info);
        } catch (JMSException e) {
            throw RuntimeErrors.toRuntime(e);
        }
        return new HandleJMSContext(handle, sessionMode);
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }

    @Override
    public String toString() {
        return "FerryRaConnectionFactory[" + mcf + "]";
    }
}

package io.ferrymq.jms;

import jakarta.jms.JMSException;
import jakarta.jms.XAConnection;
import jakarta.jms.XAConnectionFactory;
import jakarta.jms.XAJMSContext;
import jakarta.jms.XAQueueConnection;
import jakarta.jms.XAQueueConnectionFactory;
import jakarta.jms.XATopicConnection;
import jakarta.jms.XATopicConnectionFactory;

import javax.naming.Reference;

/**
 * FerryMQ's XA connection factory (docs/xa.md): everything {@link FerryConnectionFactory} is and configures, plus XA
 * connections and contexts whose sessions enlist in distributed transactions through their XAResource. Each XA
 * connection is one resource manager; a transaction manager recovers through any of them.
 */
public class FerryXAConnectionFactory extends FerryConnectionFactory
        implements XAConnectionFactory, XAQueueConnectionFactory, XATopicConnectionFactory {
    private static final long serialVersionUID = 1L;

    public FerryXAConnectionFactory() {
        super();
    }

    /** A factory for the cluster at {@code url}, e.g. {@code ferrymq://ns1:9876;ns2:9876}. */
    public FerryXAConnectionFactory(String url) {
        super(url);
    }

    public FerryXAConnectionFactory(FerryConnectionConfig config) {
        super(config);
    }

    @Override
    public XAConnection createXAConnection() throws JMSException {
        return createXAConnection(getConfig().getUser(), getConfig().getPassword());
    }

    @Override
    public XAConnection createXAConnection(String userName, String password) throws JMSException {
        return FerryConnection.open(getConfig().copy(), userName, password, FerryXAConnection::new);
    }

    @Override
    public XAQueueConnection createXAQueueConnection() throws JMSException {
        return createXAQueueConnection(getConfig().getUser(), getConfig().getPassword());
    }

    @Override
    public XAQueueConnection createXAQueueConnection(String userName, String password) throws JMSException {
        return FerryConnection.open(getConfig().copy(), userName, password, FerryXAConnection::new);
    }

    @Override
    public XATopicConnection createXATopicConnection() throws JMSException {
        return createXATopicConnection(getConfig().getUser(), getConfig().getPassword());
    }

    @Override
    public XATopicConnection createXATopicConnection(String userName, String password) throws JMSException {
        return FerryConnection.open(getConfig().copy(), userName, password, FerryXAConnection::new);
    }

    @Override
    public XAJMSContext createXAContext() {
        return createXAContext(getConfig().getUser(), getConfig().getPassword());
    }

    @Override
    public XAJMSContext createXAContext(String userName, String password) {
        try {
            return new FerryXAJMSContext(FerryConnection.open(getConfig().copy(), userName, password, FerryXAConnection::new));
        } catch (JMSException e) {
            throw JmsErrors.toRuntime(e);
        }
    }

    @Override
    public Reference getReference() {
        return getConfig().toReference(FerryXAConnectionFactory.class.getName());
    }

    @Override
    public String toString() {
        return "FerryXAConnectionFactory[" + getConfig() + "]";
    }
}

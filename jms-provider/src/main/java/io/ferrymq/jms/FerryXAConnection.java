package io.ferrymq.jms;

import io.ferrymq.client.MessagingClient;
import jakarta.jms.JMSException;
import jakarta.jms.XAConnection;
import jakarta.jms.XAQueueConnection;
import jakarta.jms.XAQueueSession;
import jakarta.jms.XASession;
import jakarta.jms.XATopicConnection;
import jakarta.jms.XATopicSession;

/**
 * A connection whose XA sessions enlist in distributed transactions. It is one XA resource manager: its sessions'
 * XAResources share one {@link XaBranches}. Its ordinary sessions (createSession) behave as on any connection.
 */
final class FerryXAConnection extends FerryConnection implements XAConnection, XAQueueConnection, XATopicConnection {
    private final XaBranches branches = new XaBranches(this);

    FerryXAConnection(FerryConnectionConfig config, MessagingClient client) {
        super(config, client);
    }

    @Override
    public XASession createXASession() throws JMSException {
        return createFerryXASession();
    }

    FerryXASession createFerryXASession() throws JMSException {
        checkOpen();
        fixClientId();
        return register(new FerryXASession(this, branches));
    }

    @Override
    public XAQueueSession createXAQueueSession() throws JMSException {
        return createFerryXASession();
    }

    @Override
    public XATopicSession createXATopicSession() throws JMSException {
        return createFerryXASession();
    }
}

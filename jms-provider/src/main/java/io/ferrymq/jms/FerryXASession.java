package io.ferrymq.jms;

import jakarta.jms.JMSException;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TopicSession;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.XAQueueSession;
import jakarta.jms.XASession;
import jakarta.jms.XATopicSession;

import javax.transaction.xa.XAResource;

/**
 * A session whose work belongs to whichever XA branch its {@link FerryXAResource} is associated with: sends are held
 * and received messages stay unacknowledged until the branch commits. Outside any branch it acknowledges each message
 * as it is delivered and sends at once, as an application server expects of a session not enlisted in a transaction.
 * commit() and rollback() belong to the transaction manager (JMS 3.1: TransactionInProgressException).
 */
final class FerryXASession extends FerrySession implements XASession, XAQueueSession, XATopicSession {
    private final XaBranches branches;
    private final FerryXAResource resource;

    FerryXASession(FerryConnection connection, XaBranches branches) {
        super(connection, Session.AUTO_ACKNOWLEDGE);
        this.branches = branches;
        this.resource = new FerryXAResource(this, branches);
    }

    @Override
    public Session getSession() throws JMSException {
        checkOpen();
        return this;
    }

    @Override
    public QueueSession getQueueSession() throws JMSException {
        checkOpen();
        return this;
    }

    @Override
    public TopicSession getTopicSession() throws JMSException {
        checkOpen();
        return this;
    }

    @Override
    public XAResource getXAResource() {
        return resource;
    }

    /** Always true for an XA session (JMS 3.1). */
    @Override
    public boolean getTransacted() throws JMSException {
        checkOpen();
        return true;
    }

    @Override
    public int getAcknowledgeMode() throws JMSException {
        checkOpen();
        return Session.SESSION_TRANSACTED;
    }

    @Override
    public void commit() throws JMSException {
        checkOpen();
        throw new TransactionInProgressException("FMQ-JMS-734 an XA session's work is committed by its transaction"
                + " manager, not by Session.commit()", "FMQ-JMS-734");
    }

    @Override
    public void rollback() throws JMSException {
        checkOpen();
        throw new TransactionInProgressException("FMQ-JMS-735 an XA session's work is rolled back by its transaction"
                + " manager, not by Session.rollback()", "FMQ-JMS-735");
    }

    @Override
    public void recover() throws JMSException {
        checkOpen();
        if (xaWork() != null) {
            throw new jakarta.jms.IllegalStateException("FMQ-JMS-736 recover() while the session works in an XA branch",
                    "FMQ-JMS-736");
        }
        super.recover();
    }

    @Override
    public void close() throws JMSException {
        if (!isClosed()) {
            branches.sessionClosing(this);
        }
        super.close();
    }

    @Override
    public String toString() {
        return "FerryXASession[" + (xaWork() == null ? "no branch" : xaWork()) + "]";
    }
}

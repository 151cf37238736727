package io.ferrymq.jms;

import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.TransactionInProgressRuntimeException;
import jakarta.jms.XAJMSContext;

import javax.transaction.xa.XAResource;

/**
 * A JMSContext over an XA session (JMS 3.1 XAJMSContext): its work belongs to the branch its XAResource is associated
 * with; commit and rollback belong to the transaction manager.
 */
final class FerryXAJMSContext extends FerryJMSContext implements XAJMSContext {

    FerryXAJMSContext(FerryXAConnection connection) {
        super(connection, JMSContext.SESSION_TRANSACTED);
    }

    @Override
    FerrySession openSession(FerryConnection connection, int sessionMode) throws JMSException {
        return ((FerryXAConnection) connection).createFerryXASession();
    }

    @Override
    public JMSContext getContext() {
        return this;
    }

    @Override
    public XAResource getXAResource() {
        return ((FerryXASession) session()).getXAResource();
    }

    @Override
    public boolean getTransacted() {
        session();
        return true;
    }

    @Override
    public void commit() {
        session();
        throw new TransactionInProgressRuntimeException("FMQ-JMS-734 an XAJMSContext's work is committed by its"
                + " transaction manager, not by commit()", "FMQ-JMS-734");
    }

    @Override
    public void rollback() {
        session();
        throw new TransactionInProgressRuntimeException("FMQ-JMS-735 an XAJMSContext's work is rolled back by its"
                + " transaction manager, not by rollback()", "FMQ-JMS-735");
    }
}

package io.ferrymq.jca.inbound;

import io.ferrymq.jca.TestTransactions;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionManager;

import javax.transaction.xa.XAResource;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A container's MessageEndpointFactory for a message-driven bean: each endpoint is the container's proxy around the
 * test's listener. Transacted (CMT REQUIRED) endpoints do what an EJB container does with Narayana: beforeDelivery
 * begins a transaction and enlists the XAResource given to createEndpoint; a listener that throws (or calls
 * setRollbackOnly) marks it rollback-only; afterDelivery commits or rolls back. Records what was committed.
 */
final class FakeEndpointFactory implements MessageEndpointFactory {
    /** The test's "bean". */
    interface Bean {
        void onMessage(Message m, TransactionManager tm) throws Exception;
    }

    private final boolean transacted;
    private final Bean bean;
    final TransactionManager tm = TestTransactions.manager();
    /** JMSMessageIDs whose delivery completed: committed (transacted) or returned normally (non-transacted). */
    final List<String> completed = new CopyOnWriteArrayList<>();
    final List<String> rolledBack = new CopyOnWriteArrayList<>();
    final AtomicInteger created = new AtomicInteger();
    final AtomicInteger released = new AtomicInteger();
    /** createEndpoint throws UnavailableException this many more times. */
    final AtomicInteger unavailable = new AtomicInteger();
    final List<String> protocolErrors = new CopyOnWriteArrayList<>();
    final List<XAResource> resourcesGiven = new CopyOnWriteArrayList<>();

    FakeEndpointFactory(boolean transacted, Bean bean) {
        this.transacted = transacted;
        this.bean = bean;
    }

    @Override
    public MessageEndpoint createEndpoint(XAResource xaResource) throws UnavailableException {
        if (unavailable.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new UnavailableException("the bean pool is exhausted (test)");
        }
        if (transacted && xaResource == null) {
            protocolErrors.add("a transacted endpoint was created without an XAResource");
        }
        resourcesGiven.add(xaResource == null ? NO_RESOURCE : xaResource);
        created.incrementAndGet();
        return new Endpoint(xaResource);
    }

    @Override
    public MessageEndpoint createEndpoint(XAResource xaResource, long timeout) throws UnavailableException {
        return createEndpoint(xaResource);
    }

    @Override
    public boolean isDeliveryTransacted(Method method) throws NoSuchMethodException {
        if (!method.equals(MessageListener.class.getMethod("onMessage", Message.class))) {
            throw new NoSuchMethodException(method.toString());
        }
        return transacted;
    }

    @Override
    public String getActivationName() {
        return "fake-mdb";
    }

    @Override
    public Class<?> getEndpointClass() {
        return MessageListener.class;
    }

    private static final XAResource NO_RESOURCE = new javax.transaction.xa.XAResource() {
        public void commit(javax.transaction.xa.Xid x, boolean b) { }
        public void end(javax.transaction.xa.Xid x, int i) { }
        public void forget(javax.transaction.xa.Xid x) { }
        public int getTransactionTimeout() { return 0; }
        public boolean isSameRM(XAResource r) { return false; }
        public int prepare(javax.transaction.xa.Xid x) { return 0; }
        public javax.transaction.xa.Xid[] recover(int i) { return null; }
        public void rollback(javax.transaction.xa.Xid x) { }
        public boolean setTransactionTimeout(int i) { return false; }
        public void start(javax.transaction.xa.Xid x, int i) { }
    };

    boolean gotOnlyNullResources() {
        return resourcesGiven.stream().allMatch(r -> r == NO_RESOURCE);
    }

    private final class Endpoint implements MessageEndpoint, MessageListener {
        private final XAResource xa;
        private boolean before;
        private boolean releasedHere;
        private String messageId;
        private boolean failed;

        Endpoint(XAResource xa) {
            this.xa = xa;
        }

        @Override
        public void beforeDelivery(Method method) throws ResourceException {
            if (before || releasedHere) {
                protocolErrors.add("beforeDelivery twice or after release");
            }
            before = true;
            if (transacted) {
                try {
                    tm.begin();
                    if (!tm.getTransaction().enlistResource(xa)) {
                        throw new ResourceException("enlisting failed");
                    }
                } catch (Exception e) {
                    throw new ResourceException("beginning the transaction failed: " + e, e);
                }
            }
        }

        @Override
        public void onMessage(Message message) {
            if (transacted && !before) {
                protocolErrors.add("onMessage without beforeDelivery");
            }
            try {
                messageId = message.getJMSMessageID();
                bean.onMessage(message, tm);
            } catch (Exception e) {
                failed = true;
                if (transacted) {
                    try {
                        tm.setRollbackOnly();
                    } catch (Exception ignored) {
                        protocolErrors.add("setRollbackOnly failed: " + ignored);
                    }
                }
                throw e instanceof RuntimeException r ? r : new RuntimeException(e);
            }
        }

        @Override
        public void afterDelivery() throws ResourceException {
            if (!before) {
                protocolErrors.add("afterDelivery without beforeDelivery");
            }
            before = false;
            if (!transacted) {
                if (messageId != null && !failed) {
                    completed.add(messageId);
                }
                return;
            }
            try {
                if (tm.getStatus() == Status.STATUS_MARKED_ROLLBACK) {
                    tm.rollback();
                    rolledBack.add(messageId);
                } else {
                    tm.commit();
                    completed.add(messageId);
                }
            } catch (Exception e) {
                rolledBack.add(messageId);
                throw new ResourceException("completing the transaction failed: " + e, e);
            }
        }

        @Override
        public void release() {
            if (releasedHere) {
                protocolErrors.add("release twice");
            }
            releasedHere = true;
            released.incrementAndGet();
        }
    }

    static String id(Message m) {
        try {
            return m.getJMSMessageID();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}

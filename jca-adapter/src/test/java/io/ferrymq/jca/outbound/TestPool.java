package io.ferrymq.jca.outbound;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test double of an application server's pool: what IronJacamar does for the adapter, reduced to the contract —
 * match free connections, else create one; enlist the managed connection's XAResource in the caller's JTA
 * transaction; on CONNECTION_CLOSED clean it up and take it back (after the transaction ends, if it is enlisted); on
 * CONNECTION_ERROR_OCCURRED destroy it. Synchronised; one per test.
 */
final class TestPool implements ConnectionManager {
    private static final long serialVersionUID = 1L;

    private final transient TransactionManager tm;
    private final transient Set<ManagedConnection> free = new HashSet<>();
    final transient List<ManagedConnection> created = new CopyOnWriteArrayList<>();
    final transient List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
    final transient List<ManagedConnection> destroyed = new CopyOnWriteArrayList<>();
    private transient ManagedConnection lastAllocated;

    TestPool(TransactionManager tm) {
        this.tm = tm;
    }

    @Override
    public synchronized Object allocateConnection(ManagedConnectionFactory mcf, ConnectionRequestInfo info)
            throws ResourceException {
        ManagedConnection mc = mcf.matchManagedConnections(new HashSet<>(free), null, info);
        if (mc != null) {
            free.remove(mc);
        } else {
            mc = mcf.createManagedConnection(null, info);
            created.add(mc);
            mc.addConnectionEventListener(new Listener(mc));
        }
        lastAllocated = mc;
        enlist(mc);
        return mc.getConnection(null, info);
    }

    private void enlist(ManagedConnection mc) throws ResourceException {
        if (tm == null) {
            return;
        }
        try {
            Transaction tx = tm.getTransaction();
            if (tx != null && tx.getStatus() == Status.STATUS_ACTIVE) {
                tx.enlistResource(mc.getXAResource());
            }
        } catch (Exception e) {
            throw new ResourceException("enlisting failed", e);
        }
    }

    synchronized ManagedConnection lastAllocated() {
        return lastAllocated;
    }

    synchronized int freeCount() {
        return free.size();
    }

    synchronized void destroyAll() {
        for (ManagedConnection mc : new ArrayList<>(created)) {
            try {
                mc.destroy();
            } catch (ResourceException ignored) {
                // Test teardown.
            }
        }
        free.clear();
    }

    private synchronized void giveBack(ManagedConnection mc) {
        if (destroyed.contains(mc)) {
            return;
        }
        try {
            mc.cleanup();
            free.add(mc);
        } catch (ResourceException e) {
            throw new IllegalStateException(e);
        }
    }

    private synchronized void evict(ManagedConnection mc) {
        free.remove(mc);
        destroyed.add(mc);
        try {
            mc.destroy();
        } catch (ResourceException ignored) {
            // Evicted anyway.
        }
    }

    private final class Listener implements ConnectionEventListener {
        private final ManagedConnection mc;

        Listener(ManagedConnection mc) {
            this.mc = mc;
        }

        @Override
        public void connectionClosed(ConnectionEvent event) {
            events.add(event);
            try {
                Transaction tx = tm == null ? null : tm.getTransaction();
                if (tx != null && tx.getStatus() == Status.STATUS_ACTIVE) {
                    // Enlisted: the connection belongs to the transaction until it completes (as in a server).
                    tx.registerSynchronization(new Synchronization() {
                        @Override
                        public void beforeCompletion() {
                        }

                        @Override
                        public void afterCompletion(int status) {
                            giveBack(mc);
                        }
                    });
                    return;
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            giveBack(mc);
        }

        @Override
        public void connectionErrorOccurred(ConnectionEvent event) {
            events.add(event);
            evict(mc);
        }

        @Override
        public void localTransactionStarted(ConnectionEvent event) {
            events.add(event);
        }

        @Override
        public void localTransactionCommitted(ConnectionEvent event) {
            events.add(event);
        }

        @Override
        public void localTransactionRolledback(ConnectionEvent event) {
            events.add(event);
        }
    }
}

package io.ferrymq.jca.outbound;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.LocalTransactionException;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * A container-demarcated local transaction (the server's single-resource optimisation, or a pool configured for local
 * transactions) run as a one-phase XA branch of the managed connection's session: the provider has one transactional
 * path, so local and XA work behave alike (sends held until commit, receives settled at commit).
 *
 * <p>No LOCAL_TRANSACTION_* connection events: JCA sends them only for transactions an application demarcates
 * through the adapter's own API, never for the container's calls to this interface (the container knows of those).
 * Called by the container on one thread at a time.
 */
final class LocalXaTransaction implements LocalTransaction {
    /** Format id of the branches local transactions make ("FMQL"): no transaction manager uses it. */
    static final int FORMAT_ID = 0x464D514C;

    private final ManagedXAResource resource;
    private Xid xid;

    LocalXaTransaction(ManagedXAResource resource) {
        this.resource = resource;
    }

    /** True between begin and commit/rollback. */
    synchronized boolean isActive() {
        return xid != null;
    }

    @Override
    public synchronized void begin() throws ResourceException {
        if (xid != null) {
            throw new LocalTransactionException("FMQ-JCA-201 a local transaction is active already on this connection");
        }
        Xid started = LocalXid.create();
        try {
            resource.start(started, XAResource.TMNOFLAGS);
        } catch (XAException e) {
            throw failure("begin", e);
        }
        xid = started;
    }

    @Override
    public synchronized void commit() throws ResourceException {
        Xid ending = active("commit");
        xid = null;
        try {
            resource.end(ending, XAResource.TMSUCCESS);
            resource.commit(ending, true);
        } catch (XAException e) {
            if (e.errorCode >= XAException.XA_RBBASE && e.errorCode <= XAException.XA_RBEND) {
                rollbackQuietly(ending);
            }
            throw failure("commit", e);
        }
    }

    @Override
    public synchronized void rollback() throws ResourceException {
        Xid ending = active("rollback");
        xid = null;
        try {
            resource.end(ending, XAResource.TMFAIL);
        } catch (XAException e) {
            if (e.errorCode < XAException.XA_RBBASE || e.errorCode > XAException.XA_RBEND) {
                throw failure("rollback", e);
            }
        }
        try {
            resource.rollback(ending);
        } catch (XAException e) {
            throw failure("rollback", e);
        }
    }

    private Xid active(String what) throws LocalTransactionException {
        if (xid == null) {
            throw new LocalTransactionException("FMQ-JCA-202 " + what + " without an active local transaction");
        }
        return xid;
    }

    private void rollbackQuietly(Xid x) {
        try {
            resource.rollback(x);
        } catch (XAException ignored) {
            // The branch is gone already (a failed one-phase commit rolls back): nothing left to undo.
        }
    }

    private static LocalTransactionException failure(String what, XAException e) {
        LocalTransactionException failed = new LocalTransactionException("FMQ-JCA-203 local transaction " + what
                + " failed: " + e.getMessage() + " (XA code " + e.errorCode + ")", Integer.toString(e.errorCode));
        failed.initCause(e);
        return failed;
    }

    /** A fresh branch id: a random global id, so local transactions never collide with each other or with a TM's. */
    record LocalXid(byte[] gtrid) implements Xid {
        static LocalXid create() {
            UUID u = UUID.randomUUID();
            return new LocalXid(ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                    .putLong(u.getLeastSignificantBits()).array());
        }

        @Override
        public int getFormatId() {
            return FORMAT_ID;
        }

        @Override
        public byte[] getGlobalTransactionId() {
            return gtrid.clone();
        }

        @Override
        public byte[] getBranchQualifier() {
            return new byte[] {1};
        }
    }
}

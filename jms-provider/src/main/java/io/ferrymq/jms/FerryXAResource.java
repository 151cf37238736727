package io.ferrymq.jms;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * The XAResource of one XA session (docs/xa.md). Associating a branch makes the session's sends and receives part of
 * it; the two phases run over half messages and dispatch holds in the brokers. Every resource of one XA connection is
 * the same resource manager: they share the connection's {@link XaBranches}, so a branch started on one may be joined,
 * prepared, committed or rolled back through another; commit, rollback, recover and forget also reach branches this
 * connection never saw (a transaction manager recovering after a crash).
 *
 * <p>Thread-safe, as transaction managers call resources from their own threads.
 */
final class FerryXAResource implements XAResource {
    private final FerryXASession session;
    private final XaBranches branches;
    private volatile int timeoutSeconds;

    FerryXAResource(FerryXASession session, XaBranches branches) {
        this.session = session;
        this.branches = branches;
    }

    @Override
    public void start(Xid xid, int flags) throws XAException {
        checkSessionOpen();
        branches.start(session, xid, flags, timeoutSeconds);
    }

    @Override
    public void end(Xid xid, int flags) throws XAException {
        branches.end(session, xid, flags);
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        return branches.prepare(xid);
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        branches.commit(xid, onePhase);
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        branches.rollback(xid);
    }

    @Override
    public Xid[] recover(int flag) throws XAException {
        return branches.recover(flag);
    }

    @Override
    public void forget(Xid xid) throws XAException {
        branches.forget(xid);
    }

    @Override
    public boolean isSameRM(XAResource other) {
        return other instanceof FerryXAResource r && r.branches == branches;
    }

    /** Seconds a branch started after this call may take until its prepare; 0 restores the default (no limit). */
    @Override
    public boolean setTransactionTimeout(int seconds) throws XAException {
        if (seconds < 0) {
            throw XaBranches.error(XAException.XAER_INVAL, "the transaction timeout must not be negative, not " + seconds);
        }
        timeoutSeconds = seconds;
        return true;
    }

    @Override
    public int getTransactionTimeout() {
        return timeoutSeconds;
    }

    private void checkSessionOpen() throws XAException {
        if (session.isClosed()) {
            throw XaBranches.error(XAException.XAER_RMERR, "the XA session is closed");
        }
    }

    @Override
    public String toString() {
        return "FerryXAResource[" + session + "]";
    }
}

package io.ferrymq.jca.outbound;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * The XAResource a managed connection gives its container: the XA session's own resource, plus what the connection
 * handles need to know — whether the session works in a branch now (a JTA or a container-local transaction), which
 * decides what {@code createSession}'s arguments mean (JMS 3.1 §12.3). Every call goes to the provider's resource, so
 * its XA behaviour (docs/xa.md) is unchanged. Thread-safe.
 */
final class ManagedXAResource implements XAResource {
    private final XAResource delegate;
    /** The branch the session is associated with, between a successful start and its end; null outside. */
    private volatile Xid associated;

    ManagedXAResource(XAResource delegate) {
        this.delegate = delegate;
    }

    /** True while the session works in a transaction branch. */
    boolean inBranch() {
        return associated != null;
    }

    @Override
    public void start(Xid xid, int flags) throws XAException {
        delegate.start(xid, flags);
        associated = xid;
    }

    @Override
    public void end(Xid xid, int flags) throws XAException {
        try {
            delegate.end(xid, flags);
        } finally {
            // Whatever the outcome, the session no longer works in the branch (an XA_RB* end has dissociated it too).
            associated = null;
        }
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        return delegate.prepare(xid);
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        delegate.commit(xid, onePhase);
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        delegate.rollback(xid);
    }

    @Override
    public Xid[] recover(int flag) throws XAException {
        return delegate.recover(flag);
    }

    @Override
    public void forget(Xid xid) throws XAException {
        delegate.forget(xid);
    }

    /** The same RM as another managed connection's resource only if their physical connections are one (never). */
    @Override
    public boolean isSameRM(XAResource other) throws XAException {
        XAResource o = other instanceof ManagedXAResource m ? m.delegate : other;
        return delegate.isSameRM(o);
    }

    @Override
    public int getTransactionTimeout() throws XAException {
        return delegate.getTransactionTimeout();
    }

    @Override
    public boolean setTransactionTimeout(int seconds) throws XAException {
        return delegate.setTransactionTimeout(seconds);
    }

    @Override
    public String toString() {
        return "ManagedXAResource[" + delegate + "]";
    }
}

package io.ferrymq.examples;

import org.jboss.tm.XAResourceWrapper;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * An XAResource under a stable resource-manager name, as an application server names its data sources and connection
 * factories. Narayana writes the name into its log with each branch. Why it matters: a run killed after committing
 * one branch and before committing the other leaves a log that still lists both. Recovery asks each resource manager
 * for its in-doubt branches; the one that already committed does not list its branch any more. Without a name,
 * Narayana cannot tell "committed" from "resource manager not asked" and keeps the log forever; with one, a resource
 * manager of that name that answered without the branch means the branch is finished. Enlist and register for
 * recovery under the same name. Thread-safe as far as the wrapped resource is.
 */
final class NamedXAResource implements XAResourceWrapper {
    private final XAResource resource;
    private final String name;

    NamedXAResource(XAResource resource, String name) {
        this.resource = resource;
        this.name = name;
    }

    @Override
    public String getJndiName() {
        return name;
    }

    @Override
    public XAResource getResource() {
        return resource;
    }

    @Override
    public String getProductName() {
        return name;
    }

    @Override
    public String getProductVersion() {
        return "";
    }

    @Override
    public void start(Xid xid, int flags) throws XAException {
        resource.start(xid, flags);
    }

    @Override
    public void end(Xid xid, int flags) throws XAException {
        resource.end(xid, flags);
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        return resource.prepare(xid);
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        resource.commit(xid, onePhase);
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        resource.rollback(xid);
    }

    @Override
    public Xid[] recover(int flag) throws XAException {
        return resource.recover(flag);
    }

    @Override
    public void forget(Xid xid) throws XAException {
        resource.forget(xid);
    }

    @Override
    public boolean isSameRM(XAResource other) throws XAException {
        return resource.isSameRM(other instanceof NamedXAResource named ? named.resource : other);
    }

    @Override
    public int getTransactionTimeout() throws XAException {
        return resource.getTransactionTimeout();
    }

    @Override
    public boolean setTransactionTimeout(int seconds) throws XAException {
        return resource.setTransactionTimeout(seconds);
    }

    @Override
    public String toString() {
        return name + ": " + resource;
    }
}

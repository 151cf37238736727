package io.ferrymq.jms;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.LeasedMessage;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.SendResult;
import io.ferrymq.client.XaClient;
import io.ferrymq.common.message.DeliveryConst;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.transaction.xa.XAException;
import javax.transaction.xa.Xid;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The XA resource manager of one XA connection: the branches its sessions work in, and the two phases over the
 * brokers (docs/xa.md). Every {@link FerryXAResource} of the connection shares it, which is what makes them the same
 * resource manager ({@code isSameRM}): a session may join a branch another one started.
 *
 * <p>Prepare sends the branch's held messages as half messages tagged with the Xid, then asks each broker group
 * involved to prepare its part (those halves, and the received messages leased from it). Commit and rollback go to
 * every master of the cluster, which also finishes branches this connection never saw (a recovering transaction
 * manager). Thread-safe: branch states change under this object's lock; the broker calls run outside it.
 */
final class XaBranches {
    private static final Logger LOG = LoggerFactory.getLogger(XaBranches.class);
    /** Attempts at the commit after a one-phase commit prepared the branch, before reporting a hazard. */
    private static final int ONE_PHASE_COMMIT_ATTEMPTS = 3;

    private final FerryConnection connection;
    private final Map<String, XaBranchWork> branches = new HashMap<>();

    XaBranches(FerryConnection connection) {
        this.connection = connection;
    }

    // ------------------------------------------------------------------ association (XAResource.start / end)

    synchronized void start(FerrySession session, Xid xid, int flags, int timeoutSeconds) throws XAException {
        String id = text(xid);
        if (session.xaWork() != null) {
            throw error(XAException.XAER_PROTO, "the session already works in " + session.xaWork());
        }
        XaBranchWork w = branches.get(id);
        switch (flags) {
            case javax.transaction.xa.XAResource.TMNOFLAGS -> {
                if (w != null) {
                    throw error(XAException.XAER_DUPID, "branch " + id + " exists already; join or resume it");
                }
                w = new XaBranchWork(id, timeoutSeconds);
                branches.put(id, w);
            }
            case javax.transaction.xa.XAResource.TMJOIN -> {
                if (w == null) {
                    throw error(XAException.XAER_NOTA, "no branch " + id + " to join");
                }
                if (w.state != XaBranchWork.State.ACTIVE && w.state != XaBranchWork.State.IDLE
                        && w.state != XaBranchWork.State.ROLLBACK_ONLY) {
                    throw error(XAException.XAER_PROTO, "cannot join " + w);
                }
                if (w.state == XaBranchWork.State.IDLE) {
                    w.state = XaBranchWork.State.ACTIVE;
                }
            }
            case javax.transaction.xa.XAResource.TMRESUME -> {
                if (w == null) {
                    throw error(XAException.XAER_NOTA, "no branch " + id + " to resume");
                }
                if (w.state != XaBranchWork.State.SUSPENDED || w.suspendedBy != session) {
                    throw error(XAException.XAER_PROTO, "cannot resume " + w + " from this session");
                }
                w.state = XaBranchWork.State.ACTIVE;
                w.suspendedBy = null;
            }
            default -> throw error(XAException.XAER_INVAL, "start flags " + flags + " are none of TMNOFLAGS, TMJOIN,"
                    + " TMRESUME");
        }
        w.associated.add(session);
        session.associate(w);
    }

    /** Ends the session's association; XA_RB* when the branch can only roll back (it is kept for the rollback). */
    synchronized void end(FerrySession session, Xid xid, int flags) throws XAException {
        String id = text(xid);
        XaBranchWork w = branches.get(id);
        if (w == null) {
            throw error(XAException.XAER_NOTA, "no branch " + id);
        }
        boolean suspendedHere = w.state == XaBranchWork.State.SUSPENDED && w.suspendedBy == session;
        if (w.leftOnClose.remove(session)) {
            // The session closed inside the branch and already left it; its work stays in the branch.
            if (flags == javax.transaction.xa.XAResource.TMFAIL && w.rollbackCode == 0) {
                w.rollbackCode = XAException.XA_RBROLLBACK;
            }
            settleEndedState(w);
            return;
        }
        if (!w.associated.contains(session) && !suspendedHere) {
            throw error(XAException.XAER_PROTO, "this session does not work in " + w);
        }
        switch (flags) {
            case javax.transaction.xa.XAResource.TMSUCCESS, javax.transaction.xa.XAResource.TMFAIL -> {
                dissociate(w, session);
                if (flags == javax.transaction.xa.XAResource.TMFAIL && w.rollbackCode == 0) {
                    w.rollbackCode = XAException.XA_RBROLLBACK;
                }
                if (w.associated.isEmpty()) {
                    w.state = XaBranchWork.State.IDLE;
                    w.suspendedBy = null;
                }
            }
            case javax.transaction.xa.XAResource.TMSUSPEND -> {
                if (suspendedHere) {
                    throw error(XAException.XAER_PROTO, w + " is suspended already");
                }
                dissociate(w, session);
                if (w.associated.isEmpty()) {
                    w.state = XaBranchWork.State.SUSPENDED;
                    w.suspendedBy = session;
                }
            }
            default -> throw error(XAException.XAER_INVAL, "end flags " + flags + " are none of TMSUCCESS, TMFAIL,"
                    + " TMSUSPEND");
        }
        if (settleEndedState(w) && flags != javax.transaction.xa.XAResource.TMFAIL) {
            throw error(w.rollbackCode, w + " can only roll back");
        }
    }

    /** An ended branch that timed out or failed can only roll back; true when that is so. */
    private static boolean settleEndedState(XaBranchWork w) {
        w.timedOut();
        if (w.rollbackCode != 0 && w.state == XaBranchWork.State.IDLE) {
            w.state = XaBranchWork.State.ROLLBACK_ONLY;
        }
        return w.state == XaBranchWork.State.ROLLBACK_ONLY;
    }

    private static void dissociate(XaBranchWork w, FerrySession session) {
        w.associated.remove(session);
        session.associate(null);
    }

    /** A closing session leaves whatever branch it works in; the branch keeps the work done so far. */
    synchronized void sessionClosing(FerrySession session) {
        XaBranchWork w = session.xaWork();
        if (w != null) {
            dissociate(w, session);
            w.leftOnClose.add(session);
            if (w.associated.isEmpty() && w.state == XaBranchWork.State.ACTIVE) {
                w.state = XaBranchWork.State.IDLE;
            }
        }
    }

    // ------------------------------------------------------------------ the two phases

    int prepare(Xid xid) throws XAException {
        XaBranchWork w = takeForCompletion(xid, "prepare");
        if (w.timedOut()) {
            rollbackLocally(w);
            throw error(w.rollbackCode, w + " ran out of time before its prepare: rolled back");
        }
        if (w.isEmpty()) {
            forget(w);
            return javax.transaction.xa.XAResource.XA_RDONLY;
        }
        prepareOnBrokers(w);
        return javax.transaction.xa.XAResource.XA_OK;
    }

    void commit(Xid xid, boolean onePhase) throws XAException {
        String id = text(xid);
        if (onePhase) {
            XaBranchWork w = takeForCompletion(xid, "commit (one phase)");
            if (w.timedOut()) {
                rollbackLocally(w);
                throw error(w.rollbackCode, w + " ran out of time: rolled back");
            }
            if (w.isEmpty()) {
                forget(w);
                return;
            }
            prepareOnBrokers(w);
            XaClient.Answer last = null;
            for (int attempt = 1; attempt <= ONE_PHASE_COMMIT_ATTEMPTS; attempt++) {
                last = endOnBrokers(id, true);
                if (last.isOk()) {
                    forgetPrepared(id);
                    return;
                }
                if (!"XA_RETRY".equals(last.code()) && !"XAER_RMFAIL".equals(last.code())) {
                    break;
                }
                pause(attempt);
            }
            forgetPrepared(id);
            LOG.error("FMQ-JMS-730 one-phase commit of {} prepared it but the commit failed ({}: {}); the broker keeps"
                    + " it prepared until it is committed, rolled back or ends by policy", id, last.code(), last.detail());
            throw error(XAException.XA_HEURHAZ, "the branch was prepared but its commit failed (" + last.code() + ": "
                    + last.detail() + ")");
        }
        synchronized (this) {
            XaBranchWork w = branches.get(id);
            if (w != null && w.state != XaBranchWork.State.PREPARED) {
                throw error(XAException.XAER_PROTO, "two-phase commit of " + w + ", which is not prepared");
            }
        }
        finish(id, true);
    }

    void rollback(Xid xid) throws XAException {
        String id = text(xid);
        XaBranchWork local;
        synchronized (this) {
            local = branches.get(id);
            if (local != null && local.state != XaBranchWork.State.PREPARED) {
                if (!local.associated.isEmpty()) {
                    throw error(XAException.XAER_PROTO, "rollback of " + local + " while a session works in it");
                }
                branches.remove(id);
            }
        }
        if (local != null && local.state != XaBranchWork.State.PREPARED) {
            rollbackLocally(local);
            return;
        }
        finish(id, false);
    }

    /** Commits or rolls back a prepared branch (known here or not) on the brokers. */
    private void finish(String id, boolean commit) throws XAException {
        XaClient.Answer a = endOnBrokers(id, commit);
        if (a.isOk()) {
            forgetPrepared(id);
            return;
        }
        if ("XAER_NOTA".equals(a.code())) {
            forgetPrepared(id);
        }
        throw error(code(a.code()), (commit ? "commit" : "rollback") + " of branch " + id + ": " + a.detail());
    }

    Xid[] recover(int flags) throws XAException {
        if ((flags & ~(javax.transaction.xa.XAResource.TMSTARTRSCAN | javax.transaction.xa.XAResource.TMENDRSCAN)) != 0) {
            throw error(XAException.XAER_INVAL, "recover flags " + flags + " are not TMSTARTRSCAN/TMENDRSCAN/TMNOFLAGS");
        }
        if ((flags & javax.transaction.xa.XAResource.TMSTARTRSCAN) == 0) {
            // One scan returns everything at its start; a continued scan has nothing more.
            return new Xid[0];
        }
        List<XaClient.InDoubt> inDoubt;
        try {
            inDoubt = connection.client().xa().recover();
        } catch (ClientException e) {
            throw error(XAException.XAER_RMFAIL, "listing the brokers' in-doubt branches failed: " + e.getMessage(), e);
        }
        TreeSet<String> ids = new TreeSet<>();
        for (XaClient.InDoubt d : inDoubt) {
            ids.add(d.xid());
        }
        List<Xid> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            try {
                out.add(FerryXid.parse(id));
            } catch (IllegalArgumentException e) {
                LOG.warn("FMQ-JMS-731 a broker lists in-doubt branch '{}', which is not an Xid; skipped", id);
            }
        }
        return out.toArray(new Xid[0]);
    }

    void forget(Xid xid) throws XAException {
        String id = text(xid);
        XaClient.Answer a;
        try {
            a = connection.client().xa().forget(id);
        } catch (ClientException e) {
            throw error(XAException.XAER_RMFAIL, "forgetting " + id + " failed: " + e.getMessage(), e);
        }
        if (!a.isOk()) {
            throw error(code(a.code()), "forget of branch " + id + ": " + a.detail());
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The ended, not yet prepared branch {@code xid}; it stays registered (PREPARED afterwards, or removed). */
    private synchronized XaBranchWork takeForCompletion(Xid xid, String what) throws XAException {
        String id = text(xid);
        XaBranchWork w = branches.get(id);
        if (w == null) {
            throw error(XAException.XAER_NOTA, what + " of unknown branch " + id);
        }
        if (w.state == XaBranchWork.State.ROLLBACK_ONLY) {
            branches.remove(id);
            rollbackLocally(w);
            throw error(w.rollbackCode, what + " of " + w + ", which can only roll back: rolled back");
        }
        if (w.state != XaBranchWork.State.IDLE) {
            throw error(XAException.XAER_PROTO, what + " of " + w + ": end it first");
        }
        return w;
    }

    private synchronized void forget(XaBranchWork w) {
        branches.remove(w.xid);
    }

    private synchronized void forgetPrepared(String id) {
        branches.remove(id);
    }

    /** Sends the held messages as half messages and prepares each broker group's part; on failure rolls back. */
    private void prepareOnBrokers(XaBranchWork w) throws XAException {
        Map<String, List<Long>> halves = new LinkedHashMap<>();
        Map<String, List<XaClient.Held>> held = new LinkedHashMap<>();
        try {
            for (FerrySession.PendingSend s : w.sends()) {
                io.ferrymq.client.Message half = s.message();
                half.putProperty(MessageConst.PROPERTY_TRANSACTION_PREPARED, "true");
                half.putProperty(DeliveryConst.PROPERTY_XA_BRANCH, w.xid);
                SendResult r = connection.producer().send(half, s.queue());
                halves.computeIfAbsent(r.queue().brokerName(), k -> new ArrayList<>())
                        .add(MessageIds.commitLogOffsetOf(r.offsetMsgId()));
            }
        } catch (ClientException | RuntimeException e) {
            abandon(w, halves.keySet());
            throw error(XAException.XA_RBCOMMFAIL, "storing the sends of " + w + " as half messages failed: "
                    + e.getMessage(), e);
        }
        for (FerrySession.Delivered d : w.receives()) {
            LeasedMessage l = d.lease();
            MessageQueue q = l.message().queue();
            held.computeIfAbsent(q.brokerName(), k -> new ArrayList<>()).add(new XaClient.Held(d.consumer().group(),
                    q.topic(), q.queueId(), l.message().queueOffset(), l.token(), d.consumer().deliveryCount(l)));
        }
        java.util.Set<String> brokers = new java.util.LinkedHashSet<>(halves.keySet());
        brokers.addAll(held.keySet());
        List<String> prepared = new ArrayList<>();
        for (String broker : brokers) {
            XaClient.Answer a;
            try {
                a = connection.client().xa().prepare(broker, w.xid, halves.getOrDefault(broker, List.of()),
                        held.getOrDefault(broker, List.of()));
            } catch (ClientException e) {
                a = new XaClient.Answer("XA_RBCOMMFAIL", e.getMessage());
            }
            if (!a.isOk()) {
                abandon(w, brokers);
                int c = code(a.code());
                throw error(c >= XAException.XA_RBBASE && c <= XAException.XA_RBEND ? c : XAException.XA_RBROLLBACK,
                        "broker group " + broker + " could not prepare " + w + " (" + a.code() + "): " + a.detail());
            }
            prepared.add(broker);
        }
        synchronized (this) {
            w.state = XaBranchWork.State.PREPARED;
        }
        for (FerrySession.Delivered d : w.receives()) {
            d.consumer().detach(List.of(d.lease()));
        }
        LOG.debug("FMQ-JMS-732 {} prepared on {}: {} send(s), {} receive(s)", w, prepared, w.sends().size(),
                w.receives().size());
    }

    /**
     * A prepare failed: whatever some broker prepared is rolled back, the received messages are delivered again, and
     * the branch is forgotten (an XA_RB* answer ends it). Halves stored where nothing prepared are rolled back by the
     * broker's policy for unprepared halves.
     */
    private void abandon(XaBranchWork w, java.util.Collection<String> brokers) {
        if (!brokers.isEmpty()) {
            XaClient.Answer a = endOnBrokers(w.xid, false);
            if (!a.isOk() && !"XAER_NOTA".equals(a.code())) {
                LOG.warn("FMQ-JMS-733 rolling back the partly prepared {} answered {}: {}; the brokers' policy ends"
                        + " what remains", w, a.code(), a.detail());
            }
        }
        forget(w);
        rollbackLocally(w);
    }

    /** Drops the held sends and gives the received messages back for redelivery. */
    private static void rollbackLocally(XaBranchWork w) {
        Map<FerryMessageConsumer, List<LeasedMessage>> byConsumer = new LinkedHashMap<>();
        for (FerrySession.Delivered d : w.receives()) {
            byConsumer.computeIfAbsent(d.consumer(), k -> new ArrayList<>()).add(d.lease());
        }
        byConsumer.forEach(FerryMessageConsumer::redeliver);
    }

    private XaClient.Answer endOnBrokers(String id, boolean commit) {
        try {
            return connection.client().xa().end(id, commit);
        } catch (ClientException e) {
            return new XaClient.Answer("XAER_RMFAIL", e.getMessage());
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(200L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String text(Xid xid) throws XAException {
        if (xid == null) {
            throw error(XAException.XAER_INVAL, "the Xid must not be null");
        }
        byte[] gtrid = xid.getGlobalTransactionId();
        byte[] bqual = xid.getBranchQualifier();
        if (gtrid == null || gtrid.length == 0 || gtrid.length > Xid.MAXGTRIDSIZE || bqual == null
                || bqual.length > Xid.MAXBQUALSIZE) {
            throw error(XAException.XAER_INVAL, "the Xid's global transaction id must have 1-64 bytes and its branch"
                    + " qualifier 0-64");
        }
        return FerryXid.text(xid);
    }

    /** The XAException code a broker named; XAER_RMERR for a name this JVM does not know. */
    static int code(String name) {
        try {
            return XAException.class.getField(name).getInt(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return XAException.XAER_RMERR;
        }
    }

    static XAException error(int code, String message) {
        XAException e = new XAException("FMQ-JMS-720 " + message);
        e.errorCode = code;
        return e;
    }

    static XAException error(int code, String message, Throwable cause) {
        XAException e = error(code, message);
        e.initCause(cause);
        return e;
    }
}

package io.ferrymq.jms;

import javax.transaction.xa.XAException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The work one XA branch did through the sessions of an XA connection, until it is prepared: the sends it holds and
 * the messages it received (leased to it and not acknowledged). The state machine is the XA one for a branch as seen
 * by its resource manager: associated with one or more sessions (ACTIVE), suspended, ended (IDLE, or ROLLBACK_ONLY
 * after {@code TMFAIL} or a timeout), PREPARED.
 *
 * <p>Thread-safe: the owning {@link XaBranches} changes the state under its own lock; the lists are guarded by this
 * object's monitor, since sessions add to them from their own threads.
 */
final class XaBranchWork {
    enum State { ACTIVE, SUSPENDED, IDLE, ROLLBACK_ONLY, PREPARED }

    final String xid;
    State state = State.ACTIVE;
    /** Why the branch can only roll back: an XAException XA_RB* code; 0 while it may commit. */
    int rollbackCode;
    /** Sessions whose work goes into this branch now (more than one after TMJOIN). */
    final Set<FerrySession> associated = new HashSet<>();
    /**
     * Sessions closed while they worked in the branch: their end() may still come (a transaction manager delisting
     * after the application closed the session) and is accepted.
     */
    final Set<FerrySession> leftOnClose = new HashSet<>();
    /** The session that suspended the branch: only it may resume it. */
    FerrySession suspendedBy;
    /** System.nanoTime() after which the branch may only roll back; 0 for no limit. */
    final long deadlineNanos;
    private final List<FerrySession.PendingSend> sends = new ArrayList<>();
    private final List<FerrySession.Delivered> receives = new ArrayList<>();

    XaBranchWork(String xid, int timeoutSeconds) {
        this.xid = xid;
        this.deadlineNanos = timeoutSeconds > 0 ? System.nanoTime() + timeoutSeconds * 1_000_000_000L : 0;
    }

    synchronized void addSend(FerrySession.PendingSend send) {
        sends.add(send);
    }

    synchronized void addReceive(FerrySession.Delivered received) {
        receives.add(received);
    }

    synchronized List<FerrySession.PendingSend> sends() {
        return List.copyOf(sends);
    }

    synchronized List<FerrySession.Delivered> receives() {
        return List.copyOf(receives);
    }

    synchronized boolean isEmpty() {
        return sends.isEmpty() && receives.isEmpty();
    }

    /** Marks the branch rollback-only once its time is up; true when it is (or already was) rollback-only. */
    boolean timedOut() {
        if (rollbackCode == 0 && deadlineNanos != 0 && System.nanoTime() - deadlineNanos > 0) {
            rollbackCode = XAException.XA_RBTIMEOUT;
        }
        return rollbackCode != 0;
    }

    @Override
    public String toString() {
        return "XA branch " + xid + " (" + state + ")";
    }
}

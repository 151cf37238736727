package io.ferrymq.broker.xa;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The XA branches this master knows and what each may do next, so a branch is prepared once and ended once however
 * many transaction managers, recoveries and policy rounds race for it. Entries exist from the moment a prepare
 * starts until the branch ends (commit, rollback) or is forgotten (after a heuristic outcome).
 *
 * <p>Thread-safe: every method holds this table's lock.
 */
final class XaBranchTable {
    /** Where a branch is. PREPARING and ENDING are claims: one caller is storing the change. */
    enum State { PREPARING, PREPARED, ENDING, HEURISTIC_COMMITTED, HEURISTIC_ROLLED_BACK }

    /** A branch's work and state. */
    record Entry(XaBranch branch, State state) {
    }

    private final Map<String, Entry> branches = new LinkedHashMap<>();

    /** Replay: the branch is prepared, or ended heuristically, as its last record says. */
    synchronized void restore(XaBranch branch, State state) {
        branches.put(branch.xid(), new Entry(branch, state));
    }

    /**
     * Claims the right to prepare {@code branch}.
     *
     * @return null when claimed, else the entry already there
     */
    synchronized Entry claimPrepare(XaBranch branch) {
        Entry existing = branches.get(branch.xid());
        if (existing != null) {
            return existing;
        }
        branches.put(branch.xid(), new Entry(branch, State.PREPARING));
        return null;
    }

    /** The prepare is stored: the branch is prepared. */
    synchronized void prepared(XaBranch branch) {
        branches.put(branch.xid(), new Entry(branch, State.PREPARED));
    }

    /** The prepare failed: the branch is unknown again. */
    synchronized void abandonPrepare(String xid) {
        Entry e = branches.get(xid);
        if (e != null && e.state() == State.PREPARING) {
            branches.remove(xid);
        }
    }

    /**
     * Claims the right to end a prepared branch.
     *
     * @return the entry as it was; the claim is taken only when that entry is PREPARED (null: unknown branch)
     */
    synchronized Entry claimEnd(String xid) {
        Entry e = branches.get(xid);
        if (e != null && e.state() == State.PREPARED) {
            branches.put(xid, new Entry(e.branch(), State.ENDING));
        }
        return e;
    }

    /** The claimed end could not be stored: the branch is prepared as before. */
    synchronized void releaseEnd(String xid) {
        Entry e = branches.get(xid);
        if (e != null && e.state() == State.ENDING) {
            branches.put(xid, new Entry(e.branch(), State.PREPARED));
        }
    }

    /** The claimed end is done: commit or rollback forgets the branch, a heuristic outcome keeps it until forget. */
    synchronized void ended(String xid, State heuristicOrNull) {
        Entry e = branches.get(xid);
        if (e == null) {
            return;
        }
        if (heuristicOrNull == null) {
            branches.remove(xid);
        } else {
            branches.put(xid, new Entry(e.branch(), heuristicOrNull));
        }
    }

    /** Forgets a heuristically ended branch; returns its entry as it was (null: unknown). */
    synchronized Entry forget(String xid) {
        Entry e = branches.get(xid);
        if (e != null && (e.state() == State.HEURISTIC_COMMITTED || e.state() == State.HEURISTIC_ROLLED_BACK)) {
            branches.remove(xid);
        }
        return e;
    }

    synchronized boolean knows(String xid) {
        return branches.containsKey(xid);
    }

    /** What a recovering transaction manager must hear of: every branch but those still being prepared. */
    synchronized List<Entry> inDoubt() {
        List<Entry> out = new ArrayList<>();
        for (Entry e : branches.values()) {
            if (e.state() != State.PREPARING) {
                out.add(e);
            }
        }
        return out;
    }

    /** Prepared branches prepared at or before {@code preparedBefore}. */
    synchronized List<XaBranch> preparedBefore(long preparedBefore) {
        List<XaBranch> out = new ArrayList<>();
        for (Entry e : branches.values()) {
            if (e.state() == State.PREPARED && e.branch().preparedAt() <= preparedBefore) {
                out.add(e.branch());
            }
        }
        return out;
    }

    synchronized int size() {
        return branches.size();
    }
}

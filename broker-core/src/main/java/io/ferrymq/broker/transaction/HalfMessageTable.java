package io.ferrymq.broker.transaction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The unresolved half messages of this broker and who may resolve each, so that a half is committed or rolled back
 * exactly once however many END_TRANSACTIONs, check answers and operators race for it.
 *
 * <p>The checker reads half records from the half queue in order ({@link #admit}); {@link #nextQueueOffset()} is how
 * far it has read. A half below that offset is unresolved exactly when it is in the table. A half at or above it was
 * not read yet: if it is resolved before the checker gets there, it is remembered in {@code resolvedAhead} until the
 * checker passes it.
 *
 * <p>Thread-safe: every method holds this table's lock, which also guards the mutable fields of its entries.
 */
final class HalfMessageTable {
    /** Why a claim did not give the caller the right to resolve. */
    enum Claim { CLAIMED, ALREADY_RESOLVED, IN_PROGRESS }

    private record Ahead(long queueOffset, boolean done) {
    }

    /** A half due for a check, with the checks it has had so far. */
    record Due(HalfMessage half, int checks) {
    }

    /** Unresolved halves by commit-log offset; commit-log and half-queue order agree. */
    private final TreeMap<Long, HalfMessage> byOffset = new TreeMap<>();
    private final Map<Long, Ahead> resolvedAhead = new HashMap<>();
    private long nextQueueOffset;

    synchronized long nextQueueOffset() {
        return nextQueueOffset;
    }

    /** Recovery: the checker continues reading the half queue at {@code queueOffset}. */
    synchronized void startAt(long queueOffset) {
        nextQueueOffset = queueOffset;
    }

    /**
     * The checker read the half at {@code m.queueOffset}; the table tracks it unless it was already resolved.
     *
     * @return true when the half is now tracked as unresolved
     */
    synchronized boolean admit(HalfMessage m) {
        Ahead ahead = resolvedAhead.remove(m.commitLogOffset);
        advanceTo(m.queueOffset + 1);
        if (ahead != null && ahead.done()) {
            return false;
        }
        if (ahead != null) {
            m.stateBeforeResolving = HalfMessage.State.PENDING;
            m.state = HalfMessage.State.RESOLVING;
        }
        byOffset.put(m.commitLogOffset, m);
        return ahead == null;
    }

    /** Recovery: tracks a half with the state its op records left it in. */
    synchronized void restore(HalfMessage m, int checks, boolean parked) {
        m.checks = checks;
        m.state = parked ? HalfMessage.State.PARKED : HalfMessage.State.PENDING;
        byOffset.put(m.commitLogOffset, m);
        advanceTo(m.queueOffset + 1);
    }

    /** The checker moved past half-queue entries it could not track (unusable records, or deleted by retention). */
    synchronized void advanceTo(long queueOffset) {
        if (queueOffset <= nextQueueOffset) {
            return;
        }
        nextQueueOffset = queueOffset;
        resolvedAhead.values().removeIf(a -> a.done() && a.queueOffset() < queueOffset);
    }

    /**
     * Takes the right to resolve the half at {@code commitLogOffset} (whose half-queue offset, read from the record
     * itself, is {@code queueOffset}). The winner must call {@link #finish} or {@link #release}.
     */
    synchronized Claim claim(long commitLogOffset, long queueOffset) {
        HalfMessage m = byOffset.get(commitLogOffset);
        if (m != null) {
            if (m.state == HalfMessage.State.RESOLVING) {
                return Claim.IN_PROGRESS;
            }
            m.stateBeforeResolving = m.state;
            m.state = HalfMessage.State.RESOLVING;
            return Claim.CLAIMED;
        }
        if (queueOffset < nextQueueOffset) {
            return Claim.ALREADY_RESOLVED;
        }
        Ahead ahead = resolvedAhead.get(commitLogOffset);
        if (ahead != null) {
            return ahead.done() ? Claim.ALREADY_RESOLVED : Claim.IN_PROGRESS;
        }
        resolvedAhead.put(commitLogOffset, new Ahead(queueOffset, false));
        return Claim.CLAIMED;
    }

    /** The claimed resolution is stored: the half is settled for good. */
    synchronized void finish(long commitLogOffset) {
        if (byOffset.remove(commitLogOffset) != null) {
            return;
        }
        Ahead ahead = resolvedAhead.get(commitLogOffset);
        if (ahead != null) {
            resolvedAhead.put(commitLogOffset, new Ahead(ahead.queueOffset(), true));
        }
    }

    /** The claimed resolution could not be stored: the half is as unresolved as before. */
    synchronized void release(long commitLogOffset) {
        HalfMessage m = byOffset.get(commitLogOffset);
        if (m != null && m.state == HalfMessage.State.RESOLVING) {
            m.state = m.stateBeforeResolving;
            return;
        }
        Ahead ahead = resolvedAhead.get(commitLogOffset);
        if (ahead != null && !ahead.done()) {
            resolvedAhead.remove(commitLogOffset);
        }
    }

    /**
     * Half-queue offset below which every half is settled: the next start reads from here. Never ahead of what the
     * checker has read, nor of the oldest unresolved (or parked) half.
     */
    synchronized long settledBelow() {
        return byOffset.isEmpty() ? nextQueueOffset : Math.min(nextQueueOffset, byOffset.firstEntry().getValue().queueOffset);
    }

    /** Pending halves old enough for a check now; halves of XA branches never are (their branch settles them). */
    synchronized List<Due> due(long now, long transactionTimeOut) {
        List<Due> due = new ArrayList<>();
        for (HalfMessage m : byOffset.values()) {
            if (m.xaBranch != null) {
                continue;
            }
            long wait = m.checkImmunityMillis >= 0 ? Math.max(m.checkImmunityMillis, transactionTimeOut) : transactionTimeOut;
            if (m.state == HalfMessage.State.PENDING && now - m.storeTimestamp >= wait) {
                due.add(new Due(m, m.checks));
            }
        }
        return due;
    }

    /**
     * Records a check about to be sent.
     *
     * @return the check's number (1 for the first), or -1 when the half is no longer pending
     */
    synchronized int noteCheckSent(HalfMessage m, long now, String producerAddr) {
        if (m.state != HalfMessage.State.PENDING || byOffset.get(m.commitLogOffset) != m) {
            return -1;
        }
        m.checks++;
        m.lastCheckTimestamp = now;
        m.lastAnswer = CheckAnswer.NO_ANSWER;
        m.lastCheckedAt = producerAddr;
        return m.checks;
    }

    synchronized void noteNoProducer(HalfMessage m, long now) {
        m.lastCheckTimestamp = now;
        m.lastAnswer = CheckAnswer.NO_PRODUCER;
    }

    /** A producer answered a check with "unknown"; returns the half, or null when it is not tracked. */
    synchronized HalfMessage noteUnknownAnswer(long commitLogOffset) {
        HalfMessage m = byOffset.get(commitLogOffset);
        if (m != null) {
            m.lastAnswer = CheckAnswer.UNKNOWN;
        }
        return m;
    }

    /** Parks a pending half that ran out of checks; false when it is no longer pending. */
    synchronized boolean park(HalfMessage m) {
        if (m.state != HalfMessage.State.PENDING || byOffset.get(m.commitLogOffset) != m) {
            return false;
        }
        m.state = HalfMessage.State.PARKED;
        return true;
    }

    /** Puts parked halves matching {@code which} back to checking, from zero checks; returns them. */
    synchronized List<HalfMessage> resume(Predicate<HalfMessage> which) {
        List<HalfMessage> resumed = new ArrayList<>();
        for (HalfMessage m : byOffset.values()) {
            if (m.state == HalfMessage.State.PARKED && which.test(m)) {
                m.state = HalfMessage.State.PENDING;
                m.checks = 0;
                m.lastAnswer = CheckAnswer.NONE;
                resumed.add(m);
            }
        }
        return resumed;
    }

    /** The tracked half whose transaction id is {@code transactionId}, or null. */
    synchronized HalfMessage find(String transactionId) {
        for (HalfMessage m : byOffset.values()) {
            if (transactionId.equals(m.transactionId)) {
                return m;
            }
        }
        return null;
    }

    synchronized HalfMessage get(long commitLogOffset) {
        return byOffset.get(commitLogOffset);
    }

    synchronized List<HalfMessageStatus> statuses(Predicate<HalfMessage> which, int limit, long now) {
        List<HalfMessageStatus> out = new ArrayList<>();
        for (HalfMessage m : byOffset.values()) {
            if (out.size() >= limit) {
                break;
            }
            if (which.test(m)) {
                out.add(m.status(now));
            }
        }
        return out;
    }

    /** Unresolved and parked halves now tracked. */
    synchronized int size() {
        return byOffset.size();
    }

    synchronized int parkedCount() {
        int n = 0;
        for (HalfMessage m : byOffset.values()) {
            if (m.state == HalfMessage.State.PARKED) {
                n++;
            }
        }
        return n;
    }

    /** Forgets halves whose records retention deleted (not those being resolved); returns them. */
    synchronized List<HalfMessage> expireBelow(long commitLogMinOffset) {
        List<HalfMessage> gone = new ArrayList<>();
        Iterator<HalfMessage> it = byOffset.headMap(commitLogMinOffset).values().iterator();
        while (it.hasNext()) {
            HalfMessage m = it.next();
            if (m.state != HalfMessage.State.RESOLVING) {
                gone.add(m);
                it.remove();
            }
        }
        return gone;
    }
}

package io.ferrymq.broker.dispatch;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-message delivery state of one queue of one subscription (group, topic, queue id): which offsets are
 * leased to a consumer (and until when), which are ready to be delivered again, which were acknowledged out of
 * order, and the floor below which everything is done — the group's committed consumer offset.
 *
 * <p>Offsets at or above {@link #next()} have never been handed out; below it an offset is leased, ready, or done
 * (acknowledged, dead-lettered, or not the subscription's) — done is whatever is neither leased nor ready, so
 * out-of-order acknowledgements cost nothing to remember. Delivery counts travel with leased and ready offsets.
 *
 * <p>Pure bookkeeping: no store, no clock of its own (callers pass {@code now}). Not thread-safe: callers hold the
 * instance's monitor for every call, {@link DispatchTable} sees to that.
 */
final class DispatchQueue {
    /** Token of a lease nobody holds (a release with a delay, a message on its way to the DLQ). */
    static final long NO_TOKEN = 0;
    /**
     * Deadline of a lease held for a prepared XA branch: it never expires, and only the branch's commit (acknowledge)
     * or rollback (release) ends it; the consumer's own acknowledge, release and renew are refused.
     */
    static final long PREPARED = Long.MAX_VALUE;

    /** An offset to hand out next; {@code deliveries} is how often it was delivered before. */
    record Candidate(long offset, int deliveries) {
    }

    final String group;
    final String topic;
    final int queueId;
    private long floor;
    private long next;
    private final TreeMap<Long, Lease> leased = new TreeMap<>();
    private final TreeMap<Long, Integer> ready = new TreeMap<>();
    /** The message group of each leased offset that has one (JMSXGroupID), and who holds each group now. */
    private final TreeMap<Long, String> leaseGroups = new TreeMap<>();
    private final Map<String, GroupHold> groupHolds = new java.util.HashMap<>();

    /** A consumer holding a message group: it alone gets the group's messages while it has any of them leased. */
    private record GroupHold(String holder, int leases) {
    }

    DispatchQueue(String group, String topic, int queueId, long floor) {
        this.group = group;
        this.topic = topic;
        this.queueId = queueId;
        this.floor = floor;
        this.next = floor;
    }

    long floor() {
        return floor;
    }

    long next() {
        return next;
    }

    int leasedCount() {
        return leased.size();
    }

    int readyCount() {
        return ready.size();
    }

    boolean hasReady() {
        return !ready.isEmpty();
    }

    /** Ready offsets in order, at most {@code max}: the messages to offer before any never handed out. */
    List<Candidate> readyCandidates(int max) {
        List<Candidate> out = new ArrayList<>(Math.min(max, ready.size()));
        for (Map.Entry<Long, Integer> e : ready.entrySet()) {
            if (out.size() >= max) {
                break;
            }
            out.add(new Candidate(e.getKey(), e.getValue()));
        }
        return out;
    }

    /**
     * The store's queue no longer holds offsets below {@code minOffset} (retention): they can never be delivered,
     * so they count as done.
     */
    void skipBelow(long minOffset) {
        if (minOffset <= floor) {
            return;
        }
        for (Long offset : List.copyOf(leaseGroups.headMap(minOffset).keySet())) {
            forgetGroup(offset);
        }
        leased.headMap(minOffset).clear();
        ready.headMap(minOffset).clear();
        next = Math.max(next, minOffset);
        floor = minOffset;
        advanceFloor();
    }

    /** Leases {@code offset} (ready, or never handed out) to a consumer; returns the lease. */
    Lease lease(long offset, long token, long deadline) {
        return lease(offset, token, deadline, null, null);
    }

    /**
     * Leases {@code offset} to {@code holder}; a message of a {@code group} makes the holder the group's only
     * consumer until none of the group's messages is leased any more.
     */
    Lease lease(long offset, long token, long deadline, String group, String holder) {
        if (group != null) {
            leaseGroups.put(offset, group);
            groupHolds.merge(group, new GroupHold(holder, 1), (a, b) -> new GroupHold(a.holder(), a.leases() + 1));
        }
        int before;
        Integer readyDeliveries = ready.remove(offset);
        if (readyDeliveries != null) {
            before = readyDeliveries;
        } else if (offset >= next) {
            before = 0;
            markPassed(offset);
        } else {
            throw new IllegalStateException("offset " + offset + " of " + this + " is neither ready nor new");
        }
        Lease lease = new Lease(token, deadline, before + 1);
        leased.put(offset, lease);
        return lease;
    }

    /**
     * Offsets from {@code next} up to {@code upTo} (exclusive) were looked at and none but those leased belongs to a
     * consumer: with {@code keepForOthers} the skipped ones stay ready for consumers with other selectors, else they
     * are done for the subscription.
     */
    void passed(long upTo, boolean keepForOthers) {
        if (upTo <= next) {
            return;
        }
        if (keepForOthers) {
            for (long o = next; o < upTo; o++) {
                if (!leased.containsKey(o)) {
                    ready.putIfAbsent(o, 0);
                }
            }
        }
        next = upTo;
        advanceFloor();
    }

    private void markPassed(long offset) {
        // Offsets between next and a newly leased one were skipped by the store's filter; the caller reports them
        // through passed(...) once the whole read is processed, so here only the leased offset itself moves next.
        if (offset >= next) {
            next = offset + 1;
        }
    }

    /** Acknowledges a lease; false when the token no longer holds it (expired and given to another consumer). */
    boolean ack(long offset, long token) {
        Lease l = leased.get(offset);
        if (!heldBy(l, token)) {
            return false;
        }
        leased.remove(offset);
        forgetGroup(offset);
        advanceFloor();
        return true;
    }

    /** True when another consumer than {@code holder} holds {@code group}: its messages must wait. */
    boolean groupHeldByOther(String group, String holder) {
        GroupHold hold = groupHolds.get(group);
        return hold != null && !hold.holder().equals(holder);
    }

    private void forgetGroup(long offset) {
        String group = leaseGroups.remove(offset);
        if (group != null) {
            groupHolds.computeIfPresent(group, (g, h) -> h.leases() <= 1 ? null : new GroupHold(h.holder(), h.leases() - 1));
        }
    }

    /** Marks an offset done whatever its state (dead-lettered, expired, or skipped as not belonging). */
    void done(long offset) {
        leased.remove(offset);
        forgetGroup(offset);
        ready.remove(offset);
        if (offset >= next) {
            next = offset + 1;
        }
        advanceFloor();
    }

    /**
     * Gives a lease back. With {@code delivered} false the application never saw it and no delivery is counted.
     * With a delay the message stays invisible until {@code now + delayMillis}.
     */
    boolean release(long offset, long token, boolean delivered, long now, long delayMillis) {
        return release(offset, token, delivered, 0, now, delayMillis);
    }

    /**
     * As {@link #release(long, long, boolean, long, long)}; {@code knownDeliveries} is how often the consumer says it
     * delivered the message (it may redeliver locally before giving it back), so the count never goes below it.
     */
    boolean release(long offset, long token, boolean delivered, int knownDeliveries, long now, long delayMillis) {
        Lease l = leased.get(offset);
        if (!heldBy(l, token)) {
            return false;
        }
        int deliveries = Math.max(delivered ? l.deliveries() : l.deliveries() - 1, knownDeliveries);
        forgetGroup(offset);
        if (delayMillis > 0) {
            leased.put(offset, new Lease(NO_TOKEN, now + delayMillis, deliveries));
        } else {
            leased.remove(offset);
            ready.put(offset, deliveries);
        }
        return true;
    }

    /** Extends a lease to {@code deadline}; false when the token no longer holds it. */
    boolean renew(long offset, long token, long deadline) {
        Lease l = leased.get(offset);
        if (!heldBy(l, token)) {
            return false;
        }
        leased.put(offset, new Lease(token, deadline, l.deliveries()));
        return true;
    }

    /** True when {@code token} names the ordinary (not prepared) lease {@code l}. */
    private static boolean heldBy(Lease l, long token) {
        return l != null && l.token() == token && token != NO_TOKEN && l.deadline() != PREPARED;
    }

    /** True when {@code token} names the lease {@code l} that a prepared XA branch holds. */
    private static boolean preparedBy(Lease l, long token) {
        return l != null && l.token() == token && token != NO_TOKEN && l.deadline() == PREPARED;
    }

    /**
     * An XA branch that received this message is prepared: the lease is kept until the branch ends, whatever happens
     * to the consumer. False when the token no longer holds an ordinary lease (it expired, or was settled).
     */
    boolean prepare(long offset, long token) {
        Lease l = leased.get(offset);
        if (!heldBy(l, token)) {
            return false;
        }
        leased.put(offset, new Lease(token, PREPARED, l.deliveries()));
        return true;
    }

    /** Undoes {@link #prepare} (the branch's prepare failed elsewhere): an ordinary lease until {@code deadline}. */
    boolean unprepare(long offset, long token, long deadline) {
        Lease l = leased.get(offset);
        if (!preparedBy(l, token)) {
            return false;
        }
        leased.put(offset, new Lease(token, deadline, l.deliveries()));
        return true;
    }

    /** The prepared branch committed: the message is consumed. False when no prepared lease has this token. */
    boolean ackPrepared(long offset, long token) {
        if (!preparedBy(leased.get(offset), token)) {
            return false;
        }
        leased.remove(offset);
        forgetGroup(offset);
        advanceFloor();
        return true;
    }

    /** The prepared branch rolled back: the message is delivered again, this delivery counted. */
    boolean releasePrepared(long offset, long token) {
        Lease l = leased.get(offset);
        if (!preparedBy(l, token)) {
            return false;
        }
        leased.remove(offset);
        forgetGroup(offset);
        ready.put(offset, l.deliveries());
        return true;
    }

    /**
     * After a restart: a prepared branch's record says it holds {@code offset}. The saved state brought it back as
     * ready (or, when that state was lost, as never handed out: above {@link #next()}, where receives skip leased
     * offsets); an offset below the floor was acknowledged before the restart, so the branch's commit had already
     * reached it.
     *
     * @return false when the offset is done
     */
    boolean restorePrepared(long offset, long token, int deliveries) {
        Lease l = leased.get(offset);
        if (l != null) {
            return preparedBy(l, token);
        }
        Integer wasReady = ready.remove(offset);
        if (wasReady == null && offset < next) {
            return false;
        }
        leased.put(offset, new Lease(token, PREPARED, Math.max(deliveries, wasReady == null ? 0 : wasReady)));
        advanceFloor();
        return true;
    }

    /** True when the offset is leased (a receive reading past {@link #next()} must not hand it out again). */
    boolean isLeased(long offset) {
        return leased.containsKey(offset);
    }

    /** Holds an offset with no owner (while it is being dead-lettered) so nobody else takes it. */
    void hold(long offset, long deadline, int deliveries) {
        ready.remove(offset);
        leased.put(offset, new Lease(NO_TOKEN, deadline, deliveries));
        if (offset >= next) {
            next = offset + 1;
        }
    }

    /** Leases past their deadline become ready again (a crashed or slow consumer); returns how many. */
    int expire(long now) {
        int expired = 0;
        Iterator<Map.Entry<Long, Lease>> it = leased.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Lease> e = it.next();
            if (e.getValue().deadline() <= now) {
                it.remove();
                forgetGroup(e.getKey());
                ready.put(e.getKey(), e.getValue().deliveries());
                expired++;
            }
        }
        return expired;
    }

    /** Earliest lease deadline, or Long.MAX_VALUE. */
    long earliestDeadline() {
        long min = Long.MAX_VALUE;
        for (Lease l : leased.values()) {
            min = Math.min(min, l.deadline());
        }
        return min;
    }

    /** Offsets handed out but not done, with their delivery counts: what must survive a restart. */
    Map<Long, Integer> pending() {
        Map<Long, Integer> out = new TreeMap<>(ready);
        leased.forEach((offset, lease) -> out.put(offset, lease.deliveries()));
        return out;
    }

    /**
     * Takes back the state saved by {@link #pending()} before a restart: what was leased or ready is ready again,
     * what lies between the floor and {@code savedNext} and is not pending stays done.
     */
    void restore(long savedNext, Map<Long, Integer> pending) {
        if (savedNext <= floor) {
            return;
        }
        next = savedNext;
        pending.forEach((offset, deliveries) -> {
            if (offset >= floor && offset < savedNext) {
                ready.put(offset, deliveries);
            }
        });
        advanceFloor();
    }

    private void advanceFloor() {
        long candidate = next;
        if (!leased.isEmpty()) {
            candidate = Math.min(candidate, leased.firstKey());
        }
        if (!ready.isEmpty()) {
            candidate = Math.min(candidate, ready.firstKey());
        }
        // Between the floor and the first unfinished offset everything is done.
        floor = Math.max(floor, candidate);
    }

    @Override
    public String toString() {
        return topic + "@" + group + "#" + queueId;
    }
}

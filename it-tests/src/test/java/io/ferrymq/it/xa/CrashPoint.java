package io.ferrymq.it.xa;

import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An XAResource that stops a transaction manager's JVM at a chosen point of two-phase commit, so the test can kill it
 * there with SIGKILL. Enlist it <em>first</em>: Narayana keeps a transaction's XA records in enlistment order (same
 * record type, ordered by creation), prepares and commits them in that order, so
 * <ul>
 *   <li>{@link Mode#CRASH_IN_PREPARE}: this resource's {@code prepare} is the first; nothing else is prepared and no
 *       log is written when it prints {@code XA_CRASH_POINT prepare} and blocks;</li>
 *   <li>{@link Mode#CRASH_IN_COMMIT}: everything is prepared and the decision logged; this resource's {@code commit} is
 *       the first of phase 2, no other branch is committed when it prints {@code XA_CRASH_POINT commit} and blocks.</li>
 * </ul>
 * (NarayanaH2RecoveryTest checks both orders against H2's in-doubt list at the moment of the kill.)
 *
 * <p>It is {@link Serializable} on purpose: Narayana writes a Serializable XAResource into the transaction log (its
 * XAResourceRecord stores the object, not just the Xid), and the recovering JVM deserialises it from there to replay
 * phase 2 &mdash; a resource that is not Serializable would need a recovery helper whose {@code recover()} lists the
 * Xid. The mode is {@code transient}, so the copy read back from the log is inert: its {@code commit} and
 * {@code rollback} only count ({@link #recoveredCommits()}) and print {@code XA_CRASH_POINT_RECOVERED commit <name>}
 * (or {@code rollback}), never block; and {@link #recover} reports nothing in doubt. Narayana then completes the
 * transaction's other branches in the same replay.
 *
 * <p>Markers go to {@code System.out} on purpose: this is test code run in a child JVM whose stdout the parent test
 * reads ({@link TmProcess#awaitLine}).
 */
public final class CrashPoint implements XAResource, Serializable {
    private static final long serialVersionUID = 1L;
    /** Printed, followed by a space and the phase, before blocking. */
    public static final String MARKER = "XA_CRASH_POINT";
    /** Printed, followed by a space, the operation and the name, when a copy from the log is committed or rolled back. */
    public static final String RECOVERED_MARKER = "XA_CRASH_POINT_RECOVERED";

    private static final AtomicInteger RECOVERED_COMMITS = new AtomicInteger();
    private static final AtomicInteger RECOVERED_ROLLBACKS = new AtomicInteger();

    /** Where to stop. */
    public enum Mode {
        /** An ordinary resource that votes yes and commits. */
        NONE,
        /** Blocks in {@code prepare}. */
        CRASH_IN_PREPARE,
        /** Prepares, then blocks in {@code commit}. */
        CRASH_IN_COMMIT
    }

    private final String name;
    /** Null in a copy deserialised from a transaction log: such a copy never blocks. */
    private transient Mode mode;
    private transient int timeoutSeconds;

    public CrashPoint(String name, Mode mode) {
        this.name = name;
        this.mode = mode;
    }

    public String name() {
        return name;
    }

    /** Null when this instance was read back from a transaction log. */
    public Mode mode() {
        return mode;
    }

    /** Commits of copies read back from a transaction log, in this JVM. */
    public static int recoveredCommits() {
        return RECOVERED_COMMITS.get();
    }

    /** Rollbacks of copies read back from a transaction log, in this JVM. */
    public static int recoveredRollbacks() {
        return RECOVERED_ROLLBACKS.get();
    }

    @Override
    public void start(Xid xid, int flags) {
    }

    @Override
    public void end(Xid xid, int flags) {
    }

    @Override
    public int prepare(Xid xid) {
        if (mode == Mode.CRASH_IN_PREPARE) {
            crash("prepare");
        }
        // XA_OK, not XA_RDONLY: a read-only vote would drop this resource from phase 2.
        return XA_OK;
    }

    @Override
    public void commit(Xid xid, boolean onePhase) {
        if (mode == Mode.CRASH_IN_COMMIT) {
            crash("commit");
        }
        if (mode == null) {
            RECOVERED_COMMITS.incrementAndGet();
            say(RECOVERED_MARKER + " commit " + name);
        }
    }

    @Override
    public void rollback(Xid xid) {
        if (mode == null) {
            RECOVERED_ROLLBACKS.incrementAndGet();
            say(RECOVERED_MARKER + " rollback " + name);
        }
    }

    @Override
    public void forget(Xid xid) {
    }

    /** Nothing in doubt: the outcome is in the transaction manager's log, which holds this very object. */
    @Override
    public Xid[] recover(int flag) {
        return new Xid[0];
    }

    @Override
    public boolean isSameRM(XAResource other) {
        return other == this;
    }

    @Override
    public int getTransactionTimeout() {
        return timeoutSeconds;
    }

    @Override
    public boolean setTransactionTimeout(int seconds) {
        timeoutSeconds = seconds;
        return true;
    }

    @Override
    public String toString() {
        return "CrashPoint[" + name + ", " + (mode == null ? "recovered" : mode) + "]";
    }

    /**
     * Announces the phase and never returns: the JVM is "crashed" from here on, waiting for the parent's SIGKILL.
     * Interrupts (e.g. from the transaction reaper) are swallowed, so nothing moves on; {@link TmProcess}'s watchdog
     * ends the JVM should the parent die first.
     */
    private static void crash(String phase) {
        say(MARKER + " " + phase);
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException ignored) {
                // Keep blocking: a crashed JVM does not react.
            }
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}

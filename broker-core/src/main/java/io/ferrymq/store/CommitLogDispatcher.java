package io.ferrymq.store;

import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.store.schedule.DelayLevels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Follows the CommitLog and builds ConsumeQueue entries and index keys from each new record, then tells
 * arrival listeners (long-polling pulls) which queue grew. It is the only writer of ConsumeQueues and
 * the index. The same code replays the log tail during recovery, on the caller's thread.
 *
 * <p>Threads: one dispatcher thread; appenders call {@link #wakeUp()}.
 */
final class CommitLogDispatcher extends ServiceThread {
    private static final Logger LOG = LoggerFactory.getLogger(CommitLogDispatcher.class);

    private final CommitLog commitLog;
    private final ConsumeQueueStore consumeQueues;
    private final IndexStore index;
    private final DispatchTopicCache topics;
    private final List<MessageStore.ArrivalListener> listeners = new CopyOnWriteArrayList<>();
    private volatile long dispatchedOffset;
    /**
     * True while the dispatcher is (about to be) parked and nobody has woken it yet. Appenders clear it with
     * a CAS, so one park costs at most one unpark however many appends arrive before the dispatcher runs;
     * before, every append that found the flag set called unpark (a mutex, a condition signal and often a
     * futex system call on the appender's thread).
     */
    private final AtomicBoolean parked = new AtomicBoolean();
    /** See {@link #awaitNextRecordSpinning()}: the rate window and what it found; dispatcher thread only. */
    private static final long RATE_WINDOW_NANOS = 1_000_000L;
    private static final long SPIN_MIN_BYTES_PER_MILLI = 100_000L;
    private static final long SPIN_NANOS = 20_000L;
    /** Most waits parked without spinning after fruitless spins in a row. */
    private static final int MAX_SPIN_BACKOFF = 64;
    private long rateWindowStart = System.nanoTime();
    private long rateWindowOffset;
    private boolean fastStream;
    /** Waits to park without spinning after the last fruitless spin, and how many are left; dispatcher thread only. */
    private int spinBackoff;
    private int waitsBeforeNextSpin;
    /** The log ended inside a record at the dispatcher's last look (a slave mid-chunk); written by the dispatcher. */
    private volatile boolean partialTail;

    /** Gives delay-topic entries their delivery time as tagsCode. */
    private final DelayLevels delayLevels;

    CommitLogDispatcher(CommitLog commitLog, ConsumeQueueStore consumeQueues, IndexStore index) {
        this(commitLog, consumeQueues, index, null);
    }

    CommitLogDispatcher(CommitLog commitLog, ConsumeQueueStore consumeQueues, IndexStore index, DelayLevels delayLevels) {
        super("ferrymq-dispatcher");
        this.delayLevels = delayLevels;
        this.commitLog = commitLog;
        this.consumeQueues = consumeQueues;
        this.index = index;
        this.topics = new DispatchTopicCache(consumeQueues);
    }

    void addListener(MessageStore.ArrivalListener listener) {
        listeners.add(listener);
    }

    long dispatchedOffset() {
        return dispatchedOffset;
    }

    /** Replays records in [from, to) synchronously; recovery only, before the thread starts. */
    void replay(long from, long to) throws IOException {
        dispatchedOffset = from;
        while (dispatchedOffset < to) {
            if (!dispatchAvailable()) {
                break;
            }
        }
    }

    /** Called after every append; costs a system call only for the first append after the dispatcher parked. */
    @Override
    void wakeUp() {
        if (parked.get() && parked.compareAndSet(true, false)) {
            super.wakeUp();
        }
    }

    @Override
    public void run() {
        while (isRunning()) {
            try {
                if (!dispatchAvailable() && !awaitNextRecordSpinning()) {
                    // Set the flag before the last look: an append published after that look sees the flag.
                    parked.set(true);
                    if ((partialTail || dispatchedOffset >= commitLog.maxOffset()) && isRunning()) {
                        pause(1);
                    }
                    parked.set(false);
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("FMQ-STORE-080 dispatching at commit log offset {} failed; retrying", dispatchedOffset, e);
                pause(100);
            }
        }
    }

    /**
     * Under a fast stream of appends, waits for the next record by spinning instead of parking; true when one
     * arrived. Parking costs the appender a wake-up system call per park, and on a small machine the woken
     * dispatcher often preempts the appender on its own CPU: with one writer appending about 0.8 M records/s,
     * that was 6 000 preemptions a second. Spinning costs a core, so it is only done while the log grew by at
     * least {@link #SPIN_MIN_BYTES_PER_MILLI} in the last window of {@link #RATE_WINDOW_NANOS} (about 90 000
     * 1 KiB records a second), far above what synchronous sends reach, and never for longer than
     * {@link #SPIN_NANOS} per wait.
     *
     * <p>A fast stream can still come in bursts with pauses between them: SYNC_FLUSH appenders with many appends in
     * flight (a broker's send threads) append a burst after every force. A spin at the end of every burst finds
     * nothing and takes a core from the appenders for its whole length (a fifth of all CPU samples with 16 such
     * writers), so after each fruitless spin the next ones are skipped for 1, 3, 7 … up to {@link #MAX_SPIN_BACKOFF}
     * waits, until a spin pays off again.
     */
    private boolean awaitNextRecordSpinning() {
        long now = System.nanoTime();
        long elapsed = now - rateWindowStart;
        if (elapsed >= RATE_WINDOW_NANOS) {
            long grown = dispatchedOffset - rateWindowOffset;
            fastStream = grown * 1_000_000L / elapsed >= SPIN_MIN_BYTES_PER_MILLI;
            rateWindowStart = now;
            rateWindowOffset = dispatchedOffset;
        }
        if (!fastStream || partialTail) {
            return false;
        }
        if (waitsBeforeNextSpin > 0) {
            waitsBeforeNextSpin--;
            return false;
        }
        long deadline = now + SPIN_NANOS;
        do {
            for (int i = 0; i < 64; i++) {
                if (dispatchedOffset < commitLog.maxOffset()) {
                    spinBackoff = 0;
                    return true;
                }
                Thread.onSpinWait();
            }
        } while (System.nanoTime() < deadline && isRunning());
        spinBackoff = Math.min(spinBackoff * 2 + 1, MAX_SPIN_BACKOFF);
        waitsBeforeNextSpin = spinBackoff;
        return false;
    }

    /**
     * Dispatches what is published in the file holding {@link #dispatchedOffset}.
     *
     * @return false when there was nothing to dispatch
     */
    private boolean dispatchAvailable() throws IOException {
        long offset = dispatchedOffset;
        if (offset >= commitLog.maxOffset()) {
            return false;
        }
        if (offset < commitLog.minOffset()) {
            LOG.warn("FMQ-STORE-081 dispatcher at {} is behind the oldest commit log file at {}; skipping ahead",
                    offset, commitLog.minOffset());
            dispatchedOffset = commitLog.minOffset();
            return true;
        }
        SelectedBuffer selected = commitLog.selectToEndOfFile(offset);
        if (selected == null) {
            return false;
        }
        partialTail = false;
        try {
            ByteBuffer buf = selected.buffer();
            int limit = selected.size();
            int pos = 0;
            while (pos < limit) {
                if (onlyPartlyPublished(buf, pos, limit - pos)) {
                    // A slave's log may end inside a record (replication ships chunks); the rest follows
                    // with the next chunk, whose append wakes this thread.
                    partialTail = true;
                    break;
                }
                MessageRecord.Check check = MessageRecord.validate(buf, pos, limit - pos, offset + pos, false);
                if (check.kind() == MessageRecord.Kind.BLANK) {
                    dispatchedOffset = commitLog.rollNextFile(offset);
                    return true;
                }
                if (check.kind() != MessageRecord.Kind.RECORD) {
                    throw new IllegalStateException("FMQ-STORE-082 unreadable record at commit log offset "
                            + (offset + pos) + ": " + check.reason());
                }
                DispatchRequest r = DispatchRequest.read(buf, pos, topics, delayLevels);
                dispatch(r);
                pos += check.size();
                dispatchedOffset = offset + pos;
            }
            return pos > 0;
        } finally {
            selected.close();
        }
    }

    /** True when the bytes at {@code pos} begin a record (or end-of-file marker) that goes past {@code available}. */
    private static boolean onlyPartlyPublished(ByteBuffer buf, int pos, int available) {
        if (available < 8) {
            return true;
        }
        int size = buf.getInt(pos);
        int magic = buf.getInt(pos + 4);
        return (magic == MessageRecord.MAGIC_V1 || magic == MessageRecord.MAGIC_V2) && size > available;
    }

    private void dispatch(DispatchRequest r) throws IOException {
        if (MessageSysFlag.isDispatchedToConsumeQueue(r.sysFlag())) {
            ConsumeQueue cq = topics.queue(r.topic(), r.queueId());
            cq.put(r.queueOffset(), r.commitLogOffset(), r.size(), r.tagsCode());
            for (MessageStore.ArrivalListener l : listeners) {
                l.onArrival(r.topic(), r.queueId(), r.queueOffset() + 1, r.tagsCode(), r.storeTimestamp());
            }
        }
        if (index != null && MessageSysFlag.transactionType(r.sysFlag()) != MessageSysFlag.TRANSACTION_ROLLBACK_TYPE) {
            index.add(r);
        }
    }

    /** Stops after dispatching everything already published. */
    void shutdown() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (dispatchedOffset < commitLog.maxOffset() && !partialTail && System.nanoTime() < deadline && isAlive()) {
            super.wakeUp();
            LockSupport.parkNanos(1_000_000L);
        }
        stop();
    }
}

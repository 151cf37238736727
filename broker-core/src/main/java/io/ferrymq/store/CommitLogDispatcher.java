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
    /** See {@link #inFastStream()}: the rate window and what it found; dispatcher thread only. */
    private static final long RATE_WINDOW_NANOS = 1_000_000L;
    /** Log growth per millisecond above which a stream counts as fast; a test seam may lower it. */
    private volatile long fastStreamMinBytesPerMilli = 100_000L;
    /** How long the dispatcher looks away in a fast stream; RocketMQ's dispatcher always pauses this long. */
    private static final long FAST_STREAM_PAUSE_MILLIS = 1;
    private long rateWindowStart = System.nanoTime();
    private long rateWindowOffset;
    private boolean fastStream;
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

    /** Test seam, see {@link MessageStore#countStreamsAsFastFrom}. */
    void countStreamsAsFastFrom(long bytesPerMilli) {
        fastStreamMinBytesPerMilli = bytesPerMilli;
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
                if (dispatchAvailable()) {
                    continue;
                }
                if (inFastStream()) {
                    // Appenders do not end this pause: they see the flag down.
                    pause(FAST_STREAM_PAUSE_MILLIS);
                } else {
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
     * True while the log grows by at least {@link #fastStreamMinBytesPerMilli} (100 000: about 90 000 1 KiB records a
     * second, far above what synchronous sends reach), measured over windows of at least {@link #RATE_WINDOW_NANOS}.
     * The dispatcher then pauses for {@link #FAST_STREAM_PAUSE_MILLIS} between looks instead of parking until an
     * append wakes it. Being woken is what costs in a fast stream: every wake-up is a system call on the appender's
     * thread, and on a 2-core machine (where the writer, the prefaulter and the dispatcher share two CPUs) the woken
     * dispatcher preempted the appender on its own CPU about 11 000 times a second with one ASYNC_FLUSH writer, each
     * time to dispatch the ten or so records appended since. Spinning before parking (sessions 5–7: up to 20 µs,
     * with a back-off after fruitless spins) helped only when the dispatcher had a CPU of its own, and took the
     * appender's when it did not. With the pause, the dispatcher takes a millisecond of records at a time: in
     * alternating benchmark runs the p99 append latency of one ASYNC_FLUSH writer stayed at 1.0–1.6 µs in eight
     * runs (1.0–7.9 µs in six with the spin), throughput within the noise (+3 % on average). The price: during
     * such a stream a record can reach consumers up to that millisecond later.
     */
    private boolean inFastStream() {
        long now = System.nanoTime();
        long elapsed = now - rateWindowStart;
        if (elapsed >= RATE_WINDOW_NANOS) {
            long grown = dispatchedOffset - rateWindowOffset;
            fastStream = grown * 1_000_000L / elapsed >= fastStreamMinBytesPerMilli;
            rateWindowStart = now;
            rateWindowOffset = dispatchedOffset;
        }
        return fastStream && !partialTail;
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

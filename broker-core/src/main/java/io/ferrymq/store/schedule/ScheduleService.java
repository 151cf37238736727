package io.ferrymq.store.schedule;

import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.DeliveryConst;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.util.DaemonThreads;
import io.ferrymq.store.MessageToAppend;
import io.ferrymq.store.PutResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;

/**
 * Delivers delayed messages when they are due: the delay levels (each level's queue in SCHEDULE_TOPIC_XXXX
 * is in delivery-time order, so a level is one cursor) and exact-time messages (the timer topic's queue is in
 * arrival order, so its undelivered entries wait in memory, sorted by delivery time, and go out in that
 * order). A due message is re-stored in its real topic and queue, where consumers see it for the first time.
 *
 * <p>No loss and no duplicate across restarts: every delivered record carries a mark naming its source
 * entry ({@link DeliveryConst#PROPERTY_DELAY_SOURCE}), and the progress file records up to which CommitLog
 * offset its content is complete. At start the service reads the progress file and then the CommitLog from
 * that offset, so deliveries made after the last save are recognised by their marks instead of repeated;
 * entries without a delivery are still pending and go out when due (at once if overdue).
 *
 * <p>Threads: one daemon thread (masters only) does all the work; {@link #onArrival} may be called from the
 * store's dispatcher to wake it for an entry due before its planned wake-up.
 */
public final class ScheduleService {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleService.class);
    private static final int BATCH = 64;
    /** Longest sleep: also the retry pause after a failed delivery. */
    private static final long IDLE_MILLIS = 1_000;
    private static final String TIMER_MARK = "T";

    private final DelayedMessageLog log;
    private final DelayLevels levels;
    private final Clock clock;
    private final Path progressFile;
    /** Undelivered timer entries by delivery time, then arrival; owned by the service thread. */
    private final TreeSet<DelayedMessageLog.QueueEntry> timerPending = new TreeSet<>(
            Comparator.comparingLong(DelayedMessageLog.QueueEntry::tagsCode)
                    .thenComparingLong(DelayedMessageLog.QueueEntry::queueOffset));
    private ScheduleProgress progress;
    /** Next timer-queue offset to load into {@link #timerPending}. */
    private long timerLoaded;
    private volatile long nextWakeAt = Long.MAX_VALUE;
    private volatile boolean running;
    private Thread thread;
    /** Counts deliveries; tests and runtime info read it. */
    private volatile long delivered;

    public ScheduleService(DelayedMessageLog log, DelayLevels levels, Clock clock, Path progressFile) {
        this.log = log;
        this.levels = levels;
        this.clock = clock;
        this.progressFile = progressFile;
    }

    /** Loads the progress, finds the deliveries made after it was saved, then starts the thread. */
    public synchronized void start() throws IOException {
        progress = ScheduleProgress.load(progressFile, levels.maxLevel());
        recoverFromLog();
        timerLoaded = progress.timerWatermark;
        running = true;
        thread = DaemonThreads.factory("ferrymq-schedule").newThread(this::loop);
        thread.start();
        LOG.info("FMQ-STORE-140 delay service started: {} levels, timer from queue offset {}", levels.maxLevel(),
                progress.timerWatermark);
    }

    private void recoverFromLog() {
        long from = Math.max(progress.commitLogOffset < 0 ? 0 : progress.commitLogOffset, log.commitLogMinOffset());
        long end = log.commitLogMaxOffset();
        if (from >= end) {
            return;
        }
        int[] found = {0};
        log.forEachRecord(from, m -> {
            String mark = m.property(DeliveryConst.PROPERTY_DELAY_SOURCE);
            if (mark != null && applyMark(mark)) {
                found[0]++;
            }
        });
        LOG.info("FMQ-STORE-141 delay service: {} deliveries found in the commit log after its last save ({} bytes read)",
                found[0], end - from);
    }

    private boolean applyMark(String mark) {
        int colon = mark.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        try {
            long queueOffset = Long.parseLong(mark.substring(colon + 1));
            String source = mark.substring(0, colon);
            if (source.equals(TIMER_MARK)) {
                progress.timerDelivered(queueOffset);
                return true;
            }
            int level = Integer.parseInt(source);
            if (level >= 1 && level <= levels.maxLevel()) {
                progress.levelOffsets[level - 1] = Math.max(progress.levelOffsets[level - 1], queueOffset + 1);
                return true;
            }
        } catch (NumberFormatException e) {
            LOG.warn("FMQ-STORE-142 ignoring malformed delivery mark '{}'", mark);
        }
        return false;
    }

    /** Runs a pass now (tests that move a clock by hand; operators never need it). */
    public void wakeUp() {
        nextWakeAt = Long.MIN_VALUE;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Called by the dispatcher for every new entry: wakes the thread only when the entry is due earlier. */
    public void onArrival(String topic, long deliverAt) {
        if (deliverAt < nextWakeAt && (topic.equals(DeliveryConst.TIMER_TOPIC) || topic.equals(DeliveryConst.SCHEDULE_TOPIC))) {
            nextWakeAt = deliverAt;
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    private void loop() {
        while (running) {
            long wakeAt;
            try {
                wakeAt = runOnce();
            } catch (RuntimeException e) {
                LOG.error("FMQ-STORE-143 delay service pass failed; retrying in {} ms", IDLE_MILLIS, e);
                wakeAt = clock.millis() + IDLE_MILLIS;
            }
            nextWakeAt = wakeAt;
            long sleep = wakeAt - clock.millis();
            if (sleep > 0 && running) {
                LockSupport.parkNanos(Math.min(sleep, IDLE_MILLIS) * 1_000_000L);
            }
        }
    }

    /**
     * Delivers everything due now and saves the progress when anything went out.
     *
     * @return when the next entry falls due (at most {@link #IDLE_MILLIS} from now)
     */
    synchronized long runOnce() {
        long now = clock.millis();
        long wakeAt = now + IDLE_MILLIS;
        boolean changed = false;
        for (int level = 1; level <= levels.maxLevel(); level++) {
            LevelPass pass = deliverLevel(level, now);
            changed |= pass.delivered;
            wakeAt = Math.min(wakeAt, pass.nextDue);
        }
        loadTimerEntries();
        while (!timerPending.isEmpty() && timerPending.first().tagsCode() <= now) {
            DelayedMessageLog.QueueEntry e = timerPending.first();
            if (!deliver(e, TIMER_MARK)) {
                wakeAt = Math.min(wakeAt, now + IDLE_MILLIS);
                break;
            }
            timerPending.pollFirst();
            progress.timerDelivered(e.queueOffset());
            changed = true;
        }
        if (!timerPending.isEmpty()) {
            wakeAt = Math.min(wakeAt, timerPending.first().tagsCode());
        }
        if (changed) {
            save();
        }
        return wakeAt;
    }

    private record LevelPass(boolean delivered, long nextDue) {
    }

    private LevelPass deliverLevel(int level, long now) {
        int queueId = level - 1;
        long offset = Math.max(progress.levelOffsets[queueId], log.minQueueOffset(DeliveryConst.SCHEDULE_TOPIC, queueId));
        progress.levelOffsets[queueId] = offset;
        boolean any = false;
        while (true) {
            List<DelayedMessageLog.QueueEntry> entries = log.entries(DeliveryConst.SCHEDULE_TOPIC, queueId, offset, BATCH);
            if (entries.isEmpty()) {
                return new LevelPass(any, Long.MAX_VALUE);
            }
            for (DelayedMessageLog.QueueEntry e : entries) {
                if (!e.blank()) {
                    if (e.tagsCode() > now) {
                        return new LevelPass(any, e.tagsCode());
                    }
                    if (!deliver(e, Integer.toString(level))) {
                        return new LevelPass(any, now + IDLE_MILLIS);
                    }
                    any = true;
                }
                offset = e.queueOffset() + 1;
                progress.levelOffsets[queueId] = offset;
            }
        }
    }

    private void loadTimerEntries() {
        long min = log.minQueueOffset(DeliveryConst.TIMER_TOPIC, 0);
        if (timerLoaded < min) {
            LOG.warn("FMQ-STORE-144 timer entries [{}, {}) were deleted with their commit log files before delivery",
                    timerLoaded, min);
            timerLoaded = min;
            while (progress.timerWatermark < min) {
                progress.timerDelivered(progress.timerWatermark);
            }
        }
        while (true) {
            List<DelayedMessageLog.QueueEntry> entries = log.entries(DeliveryConst.TIMER_TOPIC, 0, timerLoaded, BATCH);
            if (entries.isEmpty()) {
                return;
            }
            for (DelayedMessageLog.QueueEntry e : entries) {
                if (e.blank()) {
                    progress.timerDelivered(e.queueOffset());
                } else if (e.queueOffset() >= progress.timerWatermark && !progress.timerDelivered.contains(e.queueOffset())) {
                    timerPending.add(e);
                }
                timerLoaded = e.queueOffset() + 1;
            }
        }
    }

    /**
     * Re-stores the entry's message in its real topic and queue with a delivery mark. False when the store
     * refused (the entry is tried again later); true when delivered or when the record can never be
     * delivered (gone, or without a real topic), which is logged.
     */
    private boolean deliver(DelayedMessageLog.QueueEntry e, String source) {
        DecodedMessage m = log.read(e.commitLogOffset());
        if (m == null) {
            LOG.warn("FMQ-STORE-145 delayed message at commit log offset {} is gone (its file was deleted); skipped",
                    e.commitLogOffset());
            return true;
        }
        Map<String, String> p = m.properties();
        String realTopic = p.get(MessageConst.PROPERTY_REAL_TOPIC);
        String realQueue = p.get(MessageConst.PROPERTY_REAL_QUEUE_ID);
        int queueId;
        try {
            queueId = Integer.parseInt(realQueue);
        } catch (NumberFormatException | NullPointerException ex) {
            queueId = -1;
        }
        if (realTopic == null || queueId < 0) {
            LOG.error("FMQ-STORE-146 delayed message at commit log offset {} has no valid REAL_TOPIC/REAL_QID; skipped",
                    e.commitLogOffset());
            return true;
        }
        p.remove(MessageConst.PROPERTY_DELAY_TIME_LEVEL);
        p.remove(MessageConst.PROPERTY_TIMER_DELIVER_MS);
        p.remove(MessageConst.PROPERTY_TIMER_DELAY_MS);
        p.remove(MessageConst.PROPERTY_TIMER_DELAY_SEC);
        p.put(DeliveryConst.PROPERTY_DELAY_SOURCE, source + ":" + e.queueOffset());
        MessageToAppend due = new MessageToAppend(realTopic, queueId, m.flag(), m.body(),
                MessageProperties.encode(p), m.sysFlag(), m.bornTimestamp(), m.bornHost(),
                m.storeHost(), m.reconsumeTimes(), m.preparedTransactionOffset());
        PutResult r = log.deliver(due);
        if (!r.isAppended()) {
            LOG.warn("FMQ-STORE-147 delivering delayed message to {} failed ({}: {}); retrying", realTopic, r.status(),
                    r.detail());
            return false;
        }
        delivered++;
        return true;
    }

    private void save() {
        // Everything this thread delivered is already in the log below the current end.
        progress.commitLogOffset = log.commitLogMaxOffset();
        try {
            progress.save(progressFile);
        } catch (IOException e) {
            LOG.error("FMQ-STORE-148 cannot write {}; a restart re-reads the commit log from the last save", progressFile, e);
        }
    }

    /** Stops the thread and saves the progress. */
    public void shutdown() {
        running = false;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (progress != null) {
                save();
            }
        }
    }

    /** Deliveries made since start. */
    public long deliveredCount() {
        return delivered;
    }

    /** Timer messages waiting in memory. */
    public synchronized int timerPendingCount() {
        return timerPending.size();
    }

    /** RocketMQ's {@code {"offsetTable":{level:offset}}} for GET_ALL_DELAY_OFFSET. */
    public synchronized String offsetTableJson() {
        return progress == null ? "{\"offsetTable\":{}}" : progress.offsetTableText();
    }
}

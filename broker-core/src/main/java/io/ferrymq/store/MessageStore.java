package io.ferrymq.store;

import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.DeliveryConst;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.store.ha.HAClient;
import io.ferrymq.store.ha.HAConfig;
import io.ferrymq.store.ha.HAServer;
import io.ferrymq.store.ha.ReplicaAcks;
import io.ferrymq.store.ha.ReplicatedLog;
import io.ferrymq.store.schedule.DelayLevels;
import io.ferrymq.store.schedule.DelayRouting;
import io.ferrymq.store.schedule.DelayedMessageLog;
import io.ferrymq.store.schedule.ScheduleService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * The message store: CommitLog, ConsumeQueues, index, flushing, recovery and retention behind one
 * bytes-in, bytes-out interface. Knows nothing of the network or the protocol.
 *
 * <p>Threads: appends and reads from any thread; background work runs on the store's own threads
 * (group commit or periodic flush, dispatcher, consume-queue flush, retention). {@link #start()} and
 * {@link #shutdown()} are called once each, by one thread.
 */
public final class MessageStore {
    private static final Logger LOG = LoggerFactory.getLogger(MessageStore.class);
    private static final int MAX_TOPIC_LENGTH = 255;
    /**
     * A read under a record-reading filter stops after rejecting this many records (RocketMQ scans about 800
     * entries per filtered pull): the consumer then asks again from where it stopped, so one pull never reads a
     * whole file of messages nobody wants.
     */
    public static final int MAX_RECORDS_REJECTED_PER_READ = 1_024;

    private final StoreConfig config;
    private final Clock clock;
    private final DiskSpaceMonitor disk;
    private final CommitLog commitLog;
    private final ConsumeQueueStore consumeQueues;
    private final IndexStore index;
    private final CommitLogDispatcher dispatcher;
    private final StoreCheckpoint checkpoint;
    /** {@link StoreConfig#memoryResidentBytes()}, read once: it asks the OS for the memory size. */
    private final long memoryResidentBytes;
    private FlushService flushService;
    private ConsumeQueueFlushService consumeQueueFlush;
    private RetentionService retention;
    /** Masters with a replication port: ships the CommitLog to slaves. */
    private HAServer haServer;
    /** SYNC_MASTER: appends wait here for a slave's report. */
    private final ReplicaAcks replicaAcks;
    /** Slaves: copies the master's CommitLog. */
    private HAClient haClient;
    private volatile boolean running;
    /** See {@link #beforeEverySyncForce}. */
    private Runnable beforeSyncForce = () -> { };
    /** Moves messages with a delay level or an exact delivery time to the delay topics on append. */
    private final DelayRouting delayRouting;
    /** Hides expired dead letters and keeps unexpired ones through CommitLog deletion. */
    private final DeadLetterRetention deadLetters;
    /** Delivers due delayed messages; masters only, while running. */
    private ScheduleService schedule;

    public MessageStore(StoreConfig config) {
        this(config, Clock.systemDefaultZone());
    }

    /** @param clock the source of store timestamps and of retention's notion of now */
    public MessageStore(StoreConfig config, Clock clock) {
        config.validate();
        this.config = config;
        this.clock = clock;
        this.disk = new DiskSpaceMonitor(config.commitLogDir(), config);
        this.commitLog = new CommitLog(config, clock, disk);
        this.consumeQueues = new ConsumeQueueStore(config.consumeQueueDir(), config.getMappedFileSizeConsumeQueue());
        this.index = config.isMessageIndexEnable() ? new IndexStore(config) : null;
        DelayLevels delayLevels = DelayLevels.parse(config.getMessageDelayLevel());
        this.dispatcher = new CommitLogDispatcher(commitLog, consumeQueues, index, delayLevels);
        this.delayRouting = new DelayRouting(delayLevels, config.getTimerMaxDelaySec(), clock);
        this.deadLetters = new DeadLetterRetention(config, clock, commitLog, consumeQueues, this::putMessage);
        this.checkpoint = new StoreCheckpoint(config.checkpointFile());
        this.replicaAcks = new ReplicaAcks(config.getSyncFlushTimeout());
        this.memoryResidentBytes = config.memoryResidentBytes();
    }

    public StoreConfig config() {
        return config;
    }

    /**
     * Test seam: runs {@code action} on the group-commit thread before every SYNC_FLUSH force. A real force
     * takes ~100 µs here, far too fast and too load-dependent to exercise FLUSH_DISK_TIMEOUT by timing alone;
     * a test holds the force back instead. Call before {@link #start()}.
     */
    synchronized void beforeEverySyncForce(Runnable action) {
        this.beforeSyncForce = action;
    }

    /**
     * Test seam: lowers the log growth above which the dispatcher takes a stream as fast and pauses between looks
     * instead of being woken (100 000 bytes per millisecond), so that a cold test JVM's stream counts as fast too.
     */
    void countStreamsAsFastFrom(long bytesPerMilli) {
        dispatcher.countStreamsAsFastFrom(bytesPerMilli);
    }

    /** Loads the files, recovers (fast after a clean shutdown, verifying the tail after a crash) and starts. */
    public synchronized void start() throws IOException {
        if (running) {
            return;
        }
        Files.createDirectories(config.rootDir());
        Files.createDirectories(config.commitLogDir());
        boolean crashed = Files.exists(config.abortFilePath());
        disk.refresh();
        commitLog.load();
        consumeQueues.load();
        if (index != null) {
            index.load();
        }
        recover(crashed);
        Files.writeString(config.abortFilePath(), Long.toString(ProcessHandle.current().pid()), StandardCharsets.UTF_8);

        flushService = config.getFlushDiskType() == FlushDiskType.SYNC_FLUSH
                ? new GroupCommitService(commitLog.files(), config.getSyncFlushTimeout(), beforeSyncForce)
                : new PeriodicFlushService(commitLog.files(), config);
        consumeQueueFlush = new ConsumeQueueFlushService(config, commitLog, consumeQueues, index, dispatcher, checkpoint);
        retention = new RetentionService(config, clock, commitLog, consumeQueues, index, disk,
                config.isMaster() ? deadLetters : null);
        flushService.start();
        dispatcher.start();
        consumeQueueFlush.start();
        retention.start();
        startReplication();
        running = true;
        if (config.isMaster()) {
            schedule = new ScheduleService(new StoreDelayedMessageLog(), delayRouting.levels(), clock,
                    config.rootDir().resolve("config").resolve("delayOffset.json"));
            dispatcher.addListener((topic, queueId, next, tagsCode, storeTimestamp) -> schedule.onArrival(topic, tagsCode));
            schedule.start();
        }
        LOG.info("FMQ-STORE-001 store started in {} ({}), commit log [{}, {})", config.rootDir(),
                config.getFlushDiskType(), commitLog.minOffset(), commitLog.maxOffset());
    }

    /**
     * Masters open the replication port when it is set (a broker sets it; a bare store has none); slaves
     * start copying from {@code haMasterAddress}, or from the master the broker learns of later.
     */
    private void startReplication() throws IOException {
        ReplicatedLog log = new StoreReplicatedLog();
        if (config.isMaster()) {
            if (config.getHaListenPort() >= 0) {
                haServer = new HAServer(log, replicaAcks, HAConfig.of(config, config.getHaListenPort()));
                haServer.start();
                if (config.getBrokerRole() == BrokerRole.SYNC_MASTER) {
                    replicaAcks.start();
                }
            }
        } else {
            String master = config.getHaMasterAddress();
            haClient = new HAClient(log, HAConfig.of(config, 0), master == null || master.isBlank() ? null : master);
            haClient.start();
        }
    }

    private void recover(boolean crashed) throws IOException {
        StoreCheckpoint.Offsets offsets = checkpoint.read();
        long verifyFrom = offsets == null ? commitLog.minOffset() : Math.max(offsets.verifyFrom(), commitLog.minOffset());
        if (crashed) {
            LOG.warn("FMQ-STORE-003 the store was not shut down cleanly; verifying the commit log from offset {}",
                    verifyFrom);
        }
        long end = commitLog.recover(verifyFrom);
        verifyFrom = Math.min(verifyFrom, end);
        for (ConsumeQueue cq : consumeQueues.all()) {
            cq.truncateFrom(verifyFrom);
        }
        long replayFrom = index == null ? verifyFrom : Math.min(verifyFrom, index.discardFrom(verifyFrom));
        replayFrom = Math.max(replayFrom, commitLog.minOffset());
        dispatcher.replay(replayFrom, end);
        long min = commitLog.minOffset();
        for (ConsumeQueue cq : consumeQueues.all()) {
            commitLog.restoreQueueOffset(cq.topic(), cq.queueId(), cq.maxOffset());
            cq.dropBefore(min);
        }
        LOG.info("FMQ-STORE-004 recovered: commit log ends at {}, replayed [{}, {}) into consume queues and index",
                end, replayFrom, end);
    }

    /** Flushes everything, writes the checkpoint, removes the abort file and closes all files. */
    public synchronized void shutdown() {
        if (!running) {
            return;
        }
        if (schedule != null) {
            // Before appends stop: a delivery in progress completes and the progress is saved behind it.
            schedule.shutdown();
        }
        running = false;
        if (haClient != null) {
            haClient.shutdown();
        }
        if (haServer != null) {
            haServer.shutdown();
            replicaAcks.shutdown();
        }
        retention.stop();
        flushService.shutdown();
        dispatcher.shutdown();
        consumeQueueFlush.stop();
        try {
            consumeQueueFlush.checkpointNow();
            Files.deleteIfExists(config.abortFilePath());
        } catch (IOException e) {
            LOG.error("FMQ-STORE-005 final checkpoint failed; the next start will verify the commit log tail", e);
        }
        consumeQueues.close();
        if (index != null) {
            index.close();
        }
        commitLog.close();
        LOG.info("FMQ-STORE-002 store shut down at commit log offset {}", commitLog.maxOffset());
    }

    public boolean isRunning() {
        return running;
    }

    // ---------------------------------------------------------------- appends

    /** Appends and waits until the record counts as durable under the configured flush type. */
    public PutResult putMessage(MessageToAppend message) {
        return await(putMessageAsync(message));
    }

    /**
     * Forces everything appended so far to disk now, whatever the flush type: for the few records that must survive a
     * crash even on an ASYNC_FLUSH broker (XA prepares). Under SYNC_FLUSH an append that completed is forced already.
     */
    public void forceToDisk() {
        if (config.getFlushDiskType() != FlushDiskType.SYNC_FLUSH) {
            commitLog.files().flush();
        }
    }

    /** Appends a batch for one (topic, queue) and waits until it counts as durable. */
    public PutResult putMessages(List<MessageToAppend> batch) {
        return await(putMessagesAsync(batch));
    }

    /**
     * Appends at once and completes when the record counts as durable: immediately under ASYNC_FLUSH,
     * after the group commit that covers it under SYNC_FLUSH ({@code FLUSH_DISK_TIMEOUT} if that takes
     * longer than {@code syncFlushTimeout}).
     */
    public CompletableFuture<PutResult> putMessageAsync(MessageToAppend message) {
        DelayRouting.Routed routed = delayRouting.route(message);
        if (routed.refusal() != null) {
            return CompletableFuture.completedFuture(PutResult.refused(PutStatus.MESSAGE_ILLEGAL, routed.refusal()));
        }
        return appendAsIs(routed.message());
    }

    /** Appends without delay routing: the delay service's deliveries and everything routing already saw. */
    private CompletableFuture<PutResult> appendAsIs(MessageToAppend message) {
        PutResult refused = refuse(message);
        if (refused != null) {
            return CompletableFuture.completedFuture(refused);
        }
        return afterAppend(commitLog.append(message));
    }

    public CompletableFuture<PutResult> putMessagesAsync(List<MessageToAppend> batch) {
        if (batch.isEmpty()) {
            return CompletableFuture.completedFuture(PutResult.refused(PutStatus.MESSAGE_ILLEGAL,
                    "FMQ-STORE-106 empty batch"));
        }
        MessageToAppend first = batch.get(0);
        for (MessageToAppend m : batch) {
            if (!m.topic().equals(first.topic()) || m.queueId() != first.queueId()) {
                return CompletableFuture.completedFuture(PutResult.refused(PutStatus.MESSAGE_ILLEGAL,
                        "FMQ-STORE-107 a batch must target one topic and queue"));
            }
            PutResult refused = refuse(m);
            if (refused != null) {
                return CompletableFuture.completedFuture(refused);
            }
            String delayed = delayRouting.refusalInBatch(m);
            if (delayed != null) {
                return CompletableFuture.completedFuture(PutResult.refused(PutStatus.MESSAGE_ILLEGAL, delayed));
            }
        }
        return afterAppend(commitLog.appendBatch(batch));
    }

    private PutResult refuse(MessageToAppend m) {
        if (!running) {
            return PutResult.refused(PutStatus.SERVICE_NOT_AVAILABLE, "FMQ-STORE-108 the store is not running");
        }
        if (disk.isFull()) {
            return PutResult.refused(PutStatus.DISK_FULL, "FMQ-STORE-109 disk holding " + config.commitLogDir()
                    + " is " + Math.round(disk.usedRatio() * 100) + "% used, above diskSpaceWarningLevelRatio "
                    + config.getDiskSpaceWarningLevelRatio() + "; free space or lower fileReservedTime");
        }
        String topicProblem = topicProblem(m.topic());
        if (topicProblem != null) {
            return PutResult.refused(PutStatus.MESSAGE_ILLEGAL, topicProblem);
        }
        if (m.queueId() < 0) {
            return PutResult.refused(PutStatus.MESSAGE_ILLEGAL, "FMQ-STORE-110 queue id " + m.queueId() + " is negative");
        }
        String reason = RecordEncoder.rejectReason(m, config.getMaxMessageSize());
        return reason == null ? null : PutResult.refused(PutStatus.MESSAGE_ILLEGAL, reason);
    }

    /** Topic names become directory names, so only RocketMQ's safe characters pass. */
    static String topicProblem(String topic) {
        if (topic.isEmpty() || topic.length() > MAX_TOPIC_LENGTH) {
            return "FMQ-STORE-111 topic name must be 1.." + MAX_TOPIC_LENGTH + " characters";
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '%' || c == '|' || c == '_' || c == '-';
            if (!ok) {
                return "FMQ-STORE-112 topic '" + topic + "' contains '" + c + "'; use letters, digits, %, |, _ and -";
            }
        }
        return null;
    }

    private CompletableFuture<PutResult> afterAppend(PutResult result) {
        if (!result.isAppended()) {
            return CompletableFuture.completedFuture(result);
        }
        dispatcher.wakeUp();
        if (haServer != null) {
            haServer.onAppended();
        }
        CompletableFuture<PutResult> flushed = config.getFlushDiskType() != FlushDiskType.SYNC_FLUSH
                ? CompletableFuture.completedFuture(result)
                : flushService.awaitFlushed(result.nextOffset())
                        .thenApply(ok -> ok ? result : result.withStatus(PutStatus.FLUSH_DISK_TIMEOUT,
                                "FMQ-STORE-113 appended but not forced to disk within syncFlushTimeout "
                                        + config.getSyncFlushTimeout() + " ms"));
        if (config.getBrokerRole() != BrokerRole.SYNC_MASTER) {
            return flushed;
        }
        return flushed.thenCompose(this::awaitSlave);
    }

    /**
     * SYNC_MASTER: completes once a slave reports holding the record. A slave that is not connected, or too
     * far behind to catch up soon ({@code haMaxGapNotInSync}), is not waited for: the answer is at once
     * SLAVE_NOT_AVAILABLE, as RocketMQ answers.
     */
    private CompletableFuture<PutResult> awaitSlave(PutResult result) {
        if (result.status() != PutStatus.PUT_OK) {
            return CompletableFuture.completedFuture(result);
        }
        if (haServer == null || haServer.smallestSlaveGap() >= config.getHaMaxGapNotInSync()) {
            return CompletableFuture.completedFuture(result.withStatus(PutStatus.SLAVE_NOT_AVAILABLE,
                    "FMQ-STORE-114 appended on the master but no slave is connected and in sync"));
        }
        return replicaAcks.await(result.nextOffset())
                .thenApply(ok -> ok ? result : result.withStatus(PutStatus.FLUSH_SLAVE_TIMEOUT,
                        "FMQ-STORE-115 appended on the master but no slave confirmed it within syncFlushTimeout "
                                + config.getSyncFlushTimeout() + " ms"));
    }

    private static PutResult await(CompletableFuture<PutResult> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PutResult.refused(PutStatus.SERVICE_NOT_AVAILABLE, "interrupted while waiting for the flush");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    // ---------------------------------------------------------------- reads

    /** Reads up to {@code maxCount} records (and about {@code maxBytes}) from a queue, starting at {@code offset}. */
    public GetResult getMessages(String topic, int queueId, long offset, int maxCount, int maxBytes) {
        return getMessages(topic, queueId, offset, maxCount, maxBytes, null);
    }

    /**
     * As {@link #getMessages(String, int, long, int, int)}, skipping entries the filter rejects. At least
     * one record is returned when any is readable, even one larger than {@code maxBytes}.
     */
    public GetResult getMessages(String topic, int queueId, long offset, int maxCount, int maxBytes,
                                 QueueEntryFilter filter) {
        ConsumeQueue cq = consumeQueues.find(topic, queueId);
        if (cq == null) {
            return GetResult.empty(GetStatus.NO_MATCHED_LOGIC_QUEUE, 0, 0, 0);
        }
        long min = cq.minOffset();
        long max = cq.maxOffset();
        if (max == 0) {
            return GetResult.empty(GetStatus.NO_MESSAGE_IN_QUEUE, 0, min, max);
        }
        if (offset < min) {
            return GetResult.empty(GetStatus.OFFSET_TOO_SMALL, min, min, max);
        }
        if (offset == max) {
            return GetResult.empty(GetStatus.OFFSET_OVERFLOW_ONE, offset, min, max);
        }
        if (offset > max) {
            return GetResult.empty(GetStatus.OFFSET_OVERFLOW_BADLY, max, min, max);
        }
        SelectedBuffer entries = cq.entriesFrom(offset);
        if (entries == null) {
            return GetResult.empty(GetStatus.OFFSET_FOUND_NULL, offset + 1, min, max);
        }
        List<SelectedBuffer> records = new ArrayList<>(Math.min(maxCount, 32));
        int bytes = 0;
        long next = offset;
        long readEnd = -1;
        boolean filteredOut = false;
        int recordsRejected = 0;
        boolean deadLetterQueue = DeliveryConst.isDeadLetterTopic(topic);
        try {
            ByteBuffer e = entries.buffer();
            for (int p = 0; p + ConsumeQueue.ENTRY_SIZE <= entries.size() && records.size() < maxCount;
                 p += ConsumeQueue.ENTRY_SIZE) {
                long phy = e.getLong(p);
                int size = e.getInt(p + 8);
                long tagsCode = e.getLong(p + 12);
                if (size != ConsumeQueue.BLANK_ENTRY_SIZE && !records.isEmpty() && bytes + size > maxBytes) {
                    break;
                }
                next++;
                if (size == ConsumeQueue.BLANK_ENTRY_SIZE) {
                    continue;
                }
                readEnd = phy + size;
                if (filter != null && !filter.accept(tagsCode)) {
                    filteredOut = true;
                    continue;
                }
                SelectedBuffer record = commitLog.select(phy, size);
                if (record == null) {
                    continue;
                }
                if (deadLetterQueue && deadLetters.isExpiredDeadLetter(record.buffer())) {
                    record.close();
                    filteredOut = true;
                    continue;
                }
                if (filter != null && filter.readsRecords() && !filter.acceptRecord(record.buffer())) {
                    record.close();
                    filteredOut = true;
                    if (++recordsRejected >= MAX_RECORDS_REJECTED_PER_READ) {
                        break;
                    }
                    continue;
                }
                records.add(record);
                bytes += size;
            }
        } finally {
            entries.close();
        }
        GetStatus status = !records.isEmpty() ? GetStatus.FOUND
                : filteredOut ? GetStatus.NO_MATCHED_MESSAGE : GetStatus.OFFSET_FOUND_NULL;
        boolean farBehind = readEnd >= 0 && commitLog.maxOffset() - readEnd > memoryResidentBytes;
        return new GetResult(status, next, min, max, records, bytes, readEnd, farBehind);
    }

    /** Queue offset of the next message to be stored in the queue (0 if unknown). */
    public long maxOffsetInQueue(String topic, int queueId) {
        ConsumeQueue cq = consumeQueues.find(topic, queueId);
        return cq == null ? 0 : cq.maxOffset();
    }

    /** Queue offset of the oldest readable message of the queue (0 if unknown). */
    public long minOffsetInQueue(String topic, int queueId) {
        ConsumeQueue cq = consumeQueues.find(topic, queueId);
        return cq == null ? 0 : cq.minOffset();
    }

    /** Queue ids that have a ConsumeQueue in this store. */
    public List<Integer> queueIdsOf(String topic) {
        return List.copyOf(consumeQueues.queuesOf(topic).keySet());
    }

    /**
     * Queue offset of the first message stored at or after {@code timestamp}; the max offset if every
     * message is older, the min offset if every one is newer.
     */
    public long offsetByTimestamp(String topic, int queueId, long timestamp) {
        ConsumeQueue cq = consumeQueues.find(topic, queueId);
        if (cq == null) {
            return 0;
        }
        long low = cq.minOffset();
        long high = cq.maxOffset();
        while (low < high) {
            long mid = (low + high) >>> 1;
            long stored = storeTimestampAt(cq, mid);
            if (stored < 0 || stored < timestamp) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private long storeTimestampAt(ConsumeQueue cq, long queueOffset) {
        try (SelectedBuffer entry = cq.entriesFrom(queueOffset)) {
            if (entry == null) {
                return -1;
            }
            long phy = entry.buffer().getLong(0);
            int size = entry.buffer().getInt(8);
            if (size == ConsumeQueue.BLANK_ENTRY_SIZE) {
                return -1;
            }
            try (SelectedBuffer record = commitLog.select(phy, size)) {
                return record == null ? -1 : MessageRecord.readStoreTimestamp(record.buffer(), 0);
            }
        }
    }

    /** The record at a commit-log offset (as carried in an offset message id), or null. */
    public SelectedBuffer lookupMessage(long commitLogOffset) {
        SelectedBuffer record = commitLog.selectRecord(commitLogOffset);
        if (record != null && deadLetters.isExpiredDeadLetter(record.buffer())) {
            record.close();
            return null;
        }
        return record;
    }

    /**
     * Records of {@code topic} whose {@code KEYS} contain {@code key} or whose {@code UNIQ_KEY} is
     * {@code key}, stored within [begin, end] ms, newest first, at most {@code maxResults}.
     */
    public QueryResult queryMessages(String topic, String key, int maxResults, long begin, long end) {
        List<SelectedBuffer> found = new ArrayList<>();
        if (index == null) {
            return new QueryResult(found);
        }
        // Ask for more candidates than needed: hash collisions are filtered out below.
        List<Long> candidates = index.query(topic, key, maxResults * 4 + 16, begin, end);
        for (long offset : candidates) {
            if (found.size() >= maxResults) {
                break;
            }
            SelectedBuffer record = commitLog.selectRecord(offset);
            if (record == null) {
                continue;
            }
            if (matches(record.buffer(), topic, key)
                    && !(DeliveryConst.isDeadLetterTopic(topic) && deadLetters.isExpiredDeadLetter(record.buffer()))) {
                found.add(record);
            } else {
                record.close();
            }
        }
        return new QueryResult(found);
    }

    private static boolean matches(ByteBuffer record, String topic, String key) {
        MessageRecord.Check check = MessageRecord.validate(record, 0, record.limit(), -1, false);
        if (check.kind() != MessageRecord.Kind.RECORD) {
            return false;
        }
        DispatchRequest r = DispatchRequest.read(record, 0);
        if (!r.topic().equals(topic)) {
            return false;
        }
        if (key.equals(r.uniqKey())) {
            return true;
        }
        if (r.keys() != null) {
            for (String k : r.keys().split(MessageConst.KEY_SEPARATOR)) {
                if (k.equals(key)) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- state

    // ---------------------------------------------------------------- replication

    /** The master's replication port actually bound, or -1 (a slave, or no port configured). */
    public int haListenPort() {
        return haServer == null ? -1 : haServer.port();
    }

    /**
     * A slave follows the master at {@code address} ({@code host:port} of its replication port) from now on,
     * unless {@code haMasterAddress} pins one. Brokers call this with what the nameserver names.
     */
    public void followMaster(String address) {
        String pinned = config.getHaMasterAddress();
        if (haClient != null && (pinned == null || pinned.isBlank())) {
            haClient.masterAddress(address);
        }
    }

    /** Masters: how much of the CommitLog the most advanced connected slave holds; -1 if none. */
    public long slaveHeldOffset() {
        return haServer == null ? -1 : haServer.bestConnectedSlaveOffset();
    }

    /** Masters: slaves connected now. */
    public int connectedSlaves() {
        return haServer == null ? 0 : haServer.connectedSlaves();
    }

    /** Slaves: the master's CommitLog end as last heard from it; -1 before any contact (or on a master). */
    public long masterOffsetSeen() {
        return haClient == null ? -1 : haClient.lastMasterOffset();
    }

    /**
     * The CommitLog as replication sees it. On a slave every replicated chunk wakes the dispatcher (the
     * consume queues follow) and, under SYNC_FLUSH, asks for a force at once instead of on a timer.
     */
    private final class StoreReplicatedLog implements ReplicatedLog {
        @Override
        public long minOffset() {
            return commitLog.minOffset();
        }

        @Override
        public long maxOffset() {
            return commitLog.maxOffset();
        }

        @Override
        public int fileSize() {
            return commitLog.fileSize();
        }

        @Override
        public SelectedBuffer read(long offset, int maxBytes) {
            return commitLog.read(offset, maxBytes);
        }

        @Override
        public void appendReplicated(long offset, ByteBuffer data) throws IOException {
            commitLog.appendReplicated(offset, data);
            dispatcher.wakeUp();
            if (config.getFlushDiskType() == FlushDiskType.SYNC_FLUSH) {
                flushService.awaitFlushed(commitLog.maxOffset());
            }
        }
    }

    public long commitLogMinOffset() {
        return commitLog.minOffset();
    }

    public long commitLogMaxOffset() {
        return commitLog.maxOffset();
    }

    /**
     * True when an append of up to {@code bytes} finds room in the current CommitLog file now, so it would neither
     * create a file nor wait for one: a hint for callers choosing a thread, not a promise (other appends may fill the
     * file meanwhile).
     */
    public boolean appendFitsCurrentFile(int bytes) {
        return commitLog.fitsCurrentFile(bytes);
    }

    public long commitLogFlushedOffset() {
        return commitLog.flushedOffset();
    }

    /** Commit-log offset up to which ConsumeQueues and the index are built. */
    public long dispatchedOffset() {
        return dispatcher.dispatchedOffset();
    }

    /** Number of CommitLog files. */
    public int commitLogFileCount() {
        return commitLog.files().files().size();
    }

    /** Registers a callback told of each record that becomes readable; for long-polling pulls. */
    public void addArrivalListener(ArrivalListener listener) {
        dispatcher.addListener(listener);
    }

    /** Told when a record becomes readable in its ConsumeQueue. Called on the dispatcher thread: be quick. */
    @FunctionalInterface
    public interface ArrivalListener {
        void onArrival(String topic, int queueId, long nextQueueOffset, long tagsCode, long storeTimestamp);
    }

    /** Runs a retention pass now (the background thread runs one every {@code cleanResourceInterval}). */
    public int runRetention() {
        if (!running) {
            throw new IllegalStateException("FMQ-STORE-114 the store is not running");
        }
        return retention.runOnce();
    }

    /** The delay service (masters only, while running), or null. */
    public ScheduleService scheduleService() {
        return schedule;
    }

    /** The delay levels in force ({@code messageDelayLevel}). */
    public DelayLevels delayLevels() {
        return delayRouting.levels();
    }

    /** True when {@code record} (position 0) is a dead letter past {@code dlqRetentionHours}. */
    public boolean isExpiredDeadLetter(ByteBuffer record) {
        return deadLetters.isExpiredDeadLetter(record);
    }

    /** The delay service's access to the store. */
    private final class StoreDelayedMessageLog implements DelayedMessageLog {
        @Override
        public List<QueueEntry> entries(String topic, int queueId, long from, int max) {
            ConsumeQueue cq = consumeQueues.find(topic, queueId);
            if (cq == null || from >= cq.maxOffset()) {
                return List.of();
            }
            List<QueueEntry> out = new ArrayList<>();
            try (SelectedBuffer entries = cq.entriesFrom(from)) {
                if (entries == null) {
                    return List.of();
                }
                ByteBuffer e = entries.buffer();
                for (int p = 0; p + ConsumeQueue.ENTRY_SIZE <= entries.size() && out.size() < max;
                     p += ConsumeQueue.ENTRY_SIZE) {
                    int size = e.getInt(p + 8);
                    out.add(new QueueEntry(from + p / ConsumeQueue.ENTRY_SIZE, e.getLong(p), size, e.getLong(p + 12),
                            size == ConsumeQueue.BLANK_ENTRY_SIZE));
                }
            }
            return out;
        }

        @Override
        public long minQueueOffset(String topic, int queueId) {
            return minOffsetInQueue(topic, queueId);
        }

        @Override
        public DecodedMessage read(long commitLogOffset) {
            try (SelectedBuffer record = commitLog.selectRecord(commitLogOffset)) {
                return record == null ? null : MessageRecord.decode(record.buffer(), 0);
            }
        }

        @Override
        public PutResult deliver(MessageToAppend message) {
            return await(appendAsIs(message));
        }

        @Override
        public long commitLogMinOffset() {
            return commitLog.minOffset();
        }

        @Override
        public long commitLogMaxOffset() {
            return commitLog.maxOffset();
        }

        @Override
        public void forEachRecord(long from, Consumer<DecodedMessage> visitor) {
            long offset = Math.max(from, commitLog.minOffset());
            long end = commitLog.maxOffset();
            while (offset < end) {
                long fileEnd = commitLog.rollNextFile(offset);
                try (SelectedBuffer tail = commitLog.selectToEndOfFile(offset)) {
                    if (tail == null) {
                        offset = fileEnd;
                        continue;
                    }
                    ByteBuffer buf = tail.buffer();
                    int pos = 0;
                    while (pos < tail.size()) {
                        MessageRecord.Check check = MessageRecord.validate(buf, pos, tail.size() - pos, offset + pos, false);
                        if (check.kind() != MessageRecord.Kind.RECORD) {
                            break;
                        }
                        visitor.accept(MessageRecord.decode(buf, pos));
                        pos += check.size();
                    }
                }
                offset = fileEnd;
            }
        }
    }

    /** Properties string as the store would see it; convenience for callers building messages. */
    public static String properties(Map<String, String> properties) {
        return MessageProperties.encode(properties);
    }
}

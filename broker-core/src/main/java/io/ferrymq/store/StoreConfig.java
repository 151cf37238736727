package io.ferrymq.store;

import java.io.File;
import java.nio.file.Path;

/**
 * Typed configuration of the message store. Field names are the seed-style property keys (bound by
 * {@link io.ferrymq.common.config.ConfigBinder}); defaults follow Apache RocketMQ's. Paths left unset
 * derive from {@code storePathRootDir}. Mutable until the store starts; read-only afterwards.
 */
public class StoreConfig {
    private String storePathRootDir = System.getProperty("user.home") + File.separator + "store";
    private String storePathCommitLog;
    private String storePathConsumeQueue;
    private String storePathIndex;
    private String storeCheckpoint;
    private String abortFile;

    /** Size of one CommitLog file; a record never straddles two. */
    private int mappedFileSizeCommitLog = 1024 * 1024 * 1024;
    /** Entries per ConsumeQueue file times 20 bytes. */
    private int mappedFileSizeConsumeQueue = 300_000 * 20;
    /** Largest message body accepted (properties and headers come on top). */
    private int maxMessageSize = 4 * 1024 * 1024;

    private FlushDiskType flushDiskType = FlushDiskType.ASYNC_FLUSH;
    /**
     * How records get into CommitLog files: AUTO (write calls + fdatasync under SYNC_FLUSH, mapped copies +
     * msync under ASYNC_FLUSH), WRITE or MAPPED. See docs/storage.md, "Append path".
     */
    private CommitLogWriteMode commitLogWriteMode = CommitLogWriteMode.AUTO;
    /**
     * ASYNC_FLUSH with MAPPED writes: bytes of the CommitLog read ahead of the write position so the appender
     * does not zero-fill new pages itself; 0 turns the prefault thread off.
     */
    private int commitLogPrefaultAheadBytes = 64 * 1024 * 1024;
    /** ASYNC_FLUSH: how often the flusher looks at the CommitLog, in ms. */
    private int flushIntervalCommitLog = 500;
    /** ASYNC_FLUSH: pages (4 KiB) that must be dirty before a periodic flush forces them. */
    private int flushCommitLogLeastPages = 4;
    /** ASYNC_FLUSH: force whatever is dirty at least this often, in ms. */
    private int flushCommitLogThoroughInterval = 10_000;
    /** SYNC_FLUSH: how long an append waits for its force before answering FLUSH_DISK_TIMEOUT, in ms. */
    private int syncFlushTimeout = 5_000;
    /** ConsumeQueues, the index and the checkpoint are flushed this often, in ms. */
    private int flushIntervalConsumeQueue = 1_000;

    /** Hours of day (two digits, several separated by ';') when expired files are deleted. */
    private String deleteWhen = "04";
    /** Hours a CommitLog file is kept after it was last written. */
    private int fileReservedTime = 72;
    /** How often retention and the disk check run, in ms. */
    private int cleanResourceInterval = 10_000;
    /** Most files deleted in one retention pass, so deletion never stalls the disk. */
    private int deleteCommitLogFilesBatchMax = 10;
    /** Disk usage above which expired files are deleted at once rather than waiting for deleteWhen. */
    private double diskMaxUsedSpaceRatio = 0.75;
    /** Disk usage above which the oldest files are deleted even before they expire. */
    private double diskSpaceCleanForciblyRatio = 0.85;
    /** Disk usage above which appends are refused with DISK_FULL. */
    private double diskSpaceWarningLevelRatio = 0.90;
    /** How often disk usage is measured, in ms. */
    private int diskCheckInterval = 1_000;

    /** Hash slots per index file. */
    private int maxHashSlotNum = 5_000_000;
    /** Entries per index file. */
    private int maxIndexNum = 5_000_000 * 4;
    private boolean messageIndexEnable = true;

    /** ASYNC_MASTER, SYNC_MASTER or SLAVE. */
    private BrokerRole brokerRole = BrokerRole.ASYNC_MASTER;
    /**
     * Port masters accept slaves on; -1 means the broker's listenPort + 1 (RocketMQ's rule), 0 any free port.
     */
    private int haListenPort = -1;
    /** Address masters bind the replication port to; unset means the broker's bindAddress. */
    private String haBindAddress;
    /** A slave's master replication address ({@code host:port}); unset means the one the nameserver names. */
    private String haMasterAddress;
    /** A replication connection silent this long (no data, no heartbeat, no report) is closed, in ms. */
    private int haHousekeepingInterval = 20_000;
    /** A master with nothing to ship sends a heartbeat this often, in ms. */
    private int haSendHeartbeatInterval = 5_000;
    /** Largest chunk of CommitLog shipped to a slave in one frame. */
    private int haTransferBatchSize = 32 * 1024;
    /**
     * SYNC_MASTER: a slave further behind than this many bytes does not count as in sync, and sends answer
     * SLAVE_NOT_AVAILABLE at once instead of waiting for it to catch up.
     */
    private int haMaxGapNotInSync = 256 * 1024 * 1024;
    /** A slave reconnects to its master this often after losing it, in ms. */
    private int haReconnectInterval = 5_000;
    /**
     * Share of physical memory (percent) a consumer may lag behind the CommitLog's end before its pulls are
     * steered to a slave: past it the data is probably no longer in the page cache.
     */
    private int accessMessageInMemoryMaxRatio = 40;
    /**
     * The same threshold in bytes; 0 (default) derives it from accessMessageInMemoryMaxRatio and the
     * machine's physical memory. Set it to test slave reads without gigabytes of backlog.
     */
    private long accessMessageInMemoryMaxBytes = 0;

    /**
     * The delay levels, level 1 first: a number and a unit (ms, s, m, h, d) each, separated by spaces.
     * A message's DELAY property picks one; retries use level 3 + reconsume times.
     */
    private String messageDelayLevel = "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h";
    /** Longest delay an exact-time message (TIMER_DELIVER_MS / TIMER_DELAY_SEC / TIMER_DELAY_MS) may ask for. */
    private long timerMaxDelaySec = 40L * 24 * 3600;
    /**
     * Hours a dead letter stays readable after it entered its %DLQ% topic, whatever fileReservedTime says:
     * expired letters are hidden from reads, unexpired ones are copied forward before their file is deleted.
     */
    private int dlqRetentionHours = 72;

    public Path rootDir() {
        return Path.of(storePathRootDir);
    }

    public Path commitLogDir() {
        return storePathCommitLog != null ? Path.of(storePathCommitLog) : rootDir().resolve("commitlog");
    }

    public Path consumeQueueDir() {
        return storePathConsumeQueue != null ? Path.of(storePathConsumeQueue) : rootDir().resolve("consumequeue");
    }

    public Path indexDir() {
        return storePathIndex != null ? Path.of(storePathIndex) : rootDir().resolve("index");
    }

    public Path checkpointFile() {
        return storeCheckpoint != null ? Path.of(storeCheckpoint) : rootDir().resolve("checkpoint");
    }

    public Path abortFilePath() {
        return abortFile != null ? Path.of(abortFile) : rootDir().resolve("abort");
    }

    /** Checks the values against each other; a store refuses to start with a config this rejects. */
    public void validate() {
        require(mappedFileSizeCommitLog >= 4096, "mappedFileSizeCommitLog must be at least 4096");
        require(mappedFileSizeConsumeQueue >= 20 && mappedFileSizeConsumeQueue % 20 == 0,
                "mappedFileSizeConsumeQueue must be a positive multiple of 20");
        require(maxMessageSize > 0, "maxMessageSize must be positive");
        require(flushDiskType != null && commitLogWriteMode != null, "flushDiskType and commitLogWriteMode must be set");
        require(commitLogPrefaultAheadBytes >= 0, "commitLogPrefaultAheadBytes must not be negative");
        require(fileReservedTime > 0, "fileReservedTime must be a positive number of hours");
        require(diskSpaceWarningLevelRatio > 0 && diskSpaceWarningLevelRatio <= 1,
                "diskSpaceWarningLevelRatio must be in (0, 1]");
        require(maxHashSlotNum > 0 && maxIndexNum > 1, "maxHashSlotNum and maxIndexNum must be positive");
        DeleteWhen.parse(deleteWhen);
        require(brokerRole != null, "brokerRole must be ASYNC_MASTER, SYNC_MASTER or SLAVE");
        require(haListenPort >= -1 && haListenPort <= 65535, "haListenPort must be -1 (listenPort + 1), 0 or a port");
        require(haTransferBatchSize >= 4096, "haTransferBatchSize must be at least 4096");
        require(haHousekeepingInterval > haSendHeartbeatInterval && haSendHeartbeatInterval > 0,
                "haHousekeepingInterval must be longer than haSendHeartbeatInterval, which must be positive");
        require(haMaxGapNotInSync > 0 && haReconnectInterval > 0, "haMaxGapNotInSync and haReconnectInterval must be positive");
        require(accessMessageInMemoryMaxRatio > 0 && accessMessageInMemoryMaxRatio <= 100,
                "accessMessageInMemoryMaxRatio must be a percentage in 1..100");
        require(accessMessageInMemoryMaxBytes >= 0, "accessMessageInMemoryMaxBytes must not be negative");
        require(haMasterAddress == null || haMasterAddress.isBlank() || haMasterAddress.lastIndexOf(':') > 0,
                "haMasterAddress must be host:port");
        require(timerMaxDelaySec > 0, "timerMaxDelaySec must be positive");
        require(dlqRetentionHours > 0, "dlqRetentionHours must be a positive number of hours");
        io.ferrymq.store.schedule.DelayLevels.parse(messageDelayLevel);
    }

    /**
     * How far (bytes) a consumer may read behind the CommitLog's end before it is steered to a slave.
     */
    public long memoryResidentBytes() {
        if (accessMessageInMemoryMaxBytes > 0) {
            return accessMessageInMemoryMaxBytes;
        }
        long physical = physicalMemoryBytes();
        return physical * accessMessageInMemoryMaxRatio / 100;
    }

    private static long physicalMemoryBytes() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }

    public boolean isMaster() {
        return brokerRole != BrokerRole.SLAVE;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new io.ferrymq.common.config.ConfigException("FMQ-CFG-003 " + message);
        }
    }

    public String getStorePathRootDir() { return storePathRootDir; }
    public StoreConfig setStorePathRootDir(String v) { storePathRootDir = v; return this; }
    public String getStorePathCommitLog() { return storePathCommitLog; }
    public StoreConfig setStorePathCommitLog(String v) { storePathCommitLog = v; return this; }
    public String getStorePathConsumeQueue() { return storePathConsumeQueue; }
    public StoreConfig setStorePathConsumeQueue(String v) { storePathConsumeQueue = v; return this; }
    public String getStorePathIndex() { return storePathIndex; }
    public StoreConfig setStorePathIndex(String v) { storePathIndex = v; return this; }
    public String getStoreCheckpoint() { return storeCheckpoint; }
    public StoreConfig setStoreCheckpoint(String v) { storeCheckpoint = v; return this; }
    public String getAbortFile() { return abortFile; }
    public StoreConfig setAbortFile(String v) { abortFile = v; return this; }
    public int getMappedFileSizeCommitLog() { return mappedFileSizeCommitLog; }
    public StoreConfig setMappedFileSizeCommitLog(int v) { mappedFileSizeCommitLog = v; return this; }
    public int getMappedFileSizeConsumeQueue() { return mappedFileSizeConsumeQueue; }
    public StoreConfig setMappedFileSizeConsumeQueue(int v) { mappedFileSizeConsumeQueue = v; return this; }
    public int getMaxMessageSize() { return maxMessageSize; }
    public StoreConfig setMaxMessageSize(int v) { maxMessageSize = v; return this; }
    public FlushDiskType getFlushDiskType() { return flushDiskType; }
    public StoreConfig setFlushDiskType(FlushDiskType v) { flushDiskType = v; return this; }
    public CommitLogWriteMode getCommitLogWriteMode() { return commitLogWriteMode; }
    public StoreConfig setCommitLogWriteMode(CommitLogWriteMode v) { commitLogWriteMode = v; return this; }
    public int getCommitLogPrefaultAheadBytes() { return commitLogPrefaultAheadBytes; }
    public StoreConfig setCommitLogPrefaultAheadBytes(int v) { commitLogPrefaultAheadBytes = v; return this; }
    public int getFlushIntervalCommitLog() { return flushIntervalCommitLog; }
    public StoreConfig setFlushIntervalCommitLog(int v) { flushIntervalCommitLog = v; return this; }
    public int getFlushCommitLogLeastPages() { return flushCommitLogLeastPages; }
    public StoreConfig setFlushCommitLogLeastPages(int v) { flushCommitLogLeastPages = v; return this; }
    public int getFlushCommitLogThoroughInterval() { return flushCommitLogThoroughInterval; }
    public StoreConfig setFlushCommitLogThoroughInterval(int v) { flushCommitLogThoroughInterval = v; return this; }
    public int getSyncFlushTimeout() { return syncFlushTimeout; }
    public StoreConfig setSyncFlushTimeout(int v) { syncFlushTimeout = v; return this; }
    public int getFlushIntervalConsumeQueue() { return flushIntervalConsumeQueue; }
    public StoreConfig setFlushIntervalConsumeQueue(int v) { flushIntervalConsumeQueue = v; return this; }
    public String getDeleteWhen() { return deleteWhen; }
    public StoreConfig setDeleteWhen(String v) { deleteWhen = v; return this; }
    public int getFileReservedTime() { return fileReservedTime; }
    public StoreConfig setFileReservedTime(int v) { fileReservedTime = v; return this; }
    public int getCleanResourceInterval() { return cleanResourceInterval; }
    public StoreConfig setCleanResourceInterval(int v) { cleanResourceInterval = v; return this; }
    public int getDeleteCommitLogFilesBatchMax() { return deleteCommitLogFilesBatchMax; }
    public StoreConfig setDeleteCommitLogFilesBatchMax(int v) { deleteCommitLogFilesBatchMax = v; return this; }
    public double getDiskMaxUsedSpaceRatio() { return diskMaxUsedSpaceRatio; }
    public StoreConfig setDiskMaxUsedSpaceRatio(double v) { diskMaxUsedSpaceRatio = v; return this; }
    public double getDiskSpaceCleanForciblyRatio() { return diskSpaceCleanForciblyRatio; }
    public StoreConfig setDiskSpaceCleanForciblyRatio(double v) { diskSpaceCleanForciblyRatio = v; return this; }
    public double getDiskSpaceWarningLevelRatio() { return diskSpaceWarningLevelRatio; }
    public StoreConfig setDiskSpaceWarningLevelRatio(double v) { diskSpaceWarningLevelRatio = v; return this; }
    public int getDiskCheckInterval() { return diskCheckInterval; }
    public StoreConfig setDiskCheckInterval(int v) { diskCheckInterval = v; return this; }
    public int getMaxHashSlotNum() { return maxHashSlotNum; }
    public StoreConfig setMaxHashSlotNum(int v) { maxHashSlotNum = v; return this; }
    public int getMaxIndexNum() { return maxIndexNum; }
    public StoreConfig setMaxIndexNum(int v) { maxIndexNum = v; return this; }
    public boolean isMessageIndexEnable() { return messageIndexEnable; }
    public StoreConfig setMessageIndexEnable(boolean v) { messageIndexEnable = v; return this; }
    public BrokerRole getBrokerRole() { return brokerRole; }
    public StoreConfig setBrokerRole(BrokerRole v) { brokerRole = v; return this; }
    public int getHaListenPort() { return haListenPort; }
    public StoreConfig setHaListenPort(int v) { haListenPort = v; return this; }
    public String getHaBindAddress() { return haBindAddress; }
    public StoreConfig setHaBindAddress(String v) { haBindAddress = v; return this; }
    public String getHaMasterAddress() { return haMasterAddress; }
    public StoreConfig setHaMasterAddress(String v) { haMasterAddress = v; return this; }
    public int getHaHousekeepingInterval() { return haHousekeepingInterval; }
    public StoreConfig setHaHousekeepingInterval(int v) { haHousekeepingInterval = v; return this; }
    public int getHaSendHeartbeatInterval() { return haSendHeartbeatInterval; }
    public StoreConfig setHaSendHeartbeatInterval(int v) { haSendHeartbeatInterval = v; return this; }
    public int getHaTransferBatchSize() { return haTransferBatchSize; }
    public StoreConfig setHaTransferBatchSize(int v) { haTransferBatchSize = v; return this; }
    public int getHaMaxGapNotInSync() { return haMaxGapNotInSync; }
    public StoreConfig setHaMaxGapNotInSync(int v) { haMaxGapNotInSync = v; return this; }
    public int getHaReconnectInterval() { return haReconnectInterval; }
    public StoreConfig setHaReconnectInterval(int v) { haReconnectInterval = v; return this; }
    public int getAccessMessageInMemoryMaxRatio() { return accessMessageInMemoryMaxRatio; }
    public StoreConfig setAccessMessageInMemoryMaxRatio(int v) { accessMessageInMemoryMaxRatio = v; return this; }
    public long getAccessMessageInMemoryMaxBytes() { return accessMessageInMemoryMaxBytes; }
    public StoreConfig setAccessMessageInMemoryMaxBytes(long v) { accessMessageInMemoryMaxBytes = v; return this; }
    public String getMessageDelayLevel() { return messageDelayLevel; }
    public StoreConfig setMessageDelayLevel(String v) { messageDelayLevel = v; return this; }
    public long getTimerMaxDelaySec() { return timerMaxDelaySec; }
    public StoreConfig setTimerMaxDelaySec(long v) { timerMaxDelaySec = v; return this; }
    public int getDlqRetentionHours() { return dlqRetentionHours; }
    public StoreConfig setDlqRetentionHours(int v) { dlqRetentionHours = v; return this; }
}

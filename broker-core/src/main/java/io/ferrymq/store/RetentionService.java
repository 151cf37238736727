package io.ferrymq.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * Deletes CommitLog files {@code fileReservedTime} hours after they stopped taking writes, at the hours
 * of {@code deleteWhen}, at once when disk usage passes {@code diskMaxUsedSpaceRatio}, and even unexpired
 * ones (oldest first) past {@code diskSpaceCleanForciblyRatio}; then drops ConsumeQueue entries and
 * index files that point at deleted records. Also refreshes the disk-full verdict. Owns its thread;
 * time comes from the store's clock so tests can move it.
 */
final class RetentionService extends ServiceThread {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionService.class);

    private final StoreConfig config;
    private final DeleteWhen deleteWhen;
    private final Clock clock;
    private final CommitLog commitLog;
    private final ConsumeQueueStore consumeQueues;
    private final IndexStore index;
    private final DiskSpaceMonitor disk;
    /** Copies unexpired dead letters out of a file before it goes; null where nothing may be appended (slaves). */
    private final DeadLetterRetention deadLetters;

    RetentionService(StoreConfig config, Clock clock, CommitLog commitLog, ConsumeQueueStore consumeQueues,
                     IndexStore index, DiskSpaceMonitor disk) {
        this(config, clock, commitLog, consumeQueues, index, disk, null);
    }

    RetentionService(StoreConfig config, Clock clock, CommitLog commitLog, ConsumeQueueStore consumeQueues,
                     IndexStore index, DiskSpaceMonitor disk, DeadLetterRetention deadLetters) {
        super("ferrymq-retention");
        this.config = config;
        this.deleteWhen = DeleteWhen.parse(config.getDeleteWhen());
        this.clock = clock;
        this.commitLog = commitLog;
        this.consumeQueues = consumeQueues;
        this.index = index;
        this.disk = disk;
        this.deadLetters = deadLetters;
    }

    @Override
    public void run() {
        long tick = Math.max(10, Math.min(config.getCleanResourceInterval(), config.getDiskCheckInterval()));
        long lastClean = 0;
        while (isRunning()) {
            pause(tick);
            if (!isRunning()) {
                break;
            }
            try {
                disk.refresh();
                long now = System.nanoTime();
                if (now - lastClean >= config.getCleanResourceInterval() * 1_000_000L) {
                    lastClean = now;
                    runOnce();
                }
            } catch (RuntimeException e) {
                LOG.error("FMQ-STORE-100 retention pass failed; retrying next interval", e);
            }
        }
    }

    /** One retention pass; returns how many CommitLog files it deleted. */
    int runOnce() {
        double used = disk.refresh();
        boolean atDeleteHour = deleteWhen.includes(ZonedDateTime.ofInstant(Instant.ofEpochMilli(clock.millis()),
                clock.getZone()).getHour());
        boolean diskPressure = used > config.getDiskMaxUsedSpaceRatio();
        boolean forcible = used > config.getDiskSpaceCleanForciblyRatio();
        int deleted = 0;
        if (atDeleteHour || diskPressure || forcible) {
            deleted = deleteCommitLogFiles(forcible, used);
        }
        long min = commitLog.minOffset();
        for (ConsumeQueue cq : consumeQueues.all()) {
            cq.dropBefore(min);
        }
        if (index != null) {
            index.dropBefore(min);
        }
        return deleted;
    }

    private int deleteCommitLogFiles(boolean forcible, double used) {
        long expiryMillis = config.getFileReservedTime() * 3_600_000L;
        long now = clock.millis();
        MappedFileQueue files = commitLog.files();
        int deleted = 0;
        while (deleted < config.getDeleteCommitLogFilesBatchMax()) {
            List<MappedFile> all = files.files();
            if (all.size() <= 1) {
                break;
            }
            MappedFile oldest = all.get(0);
            long closedAt = oldest.closedAtMillis();
            boolean expired = closedAt > 0 && now - closedAt >= expiryMillis;
            if (!expired && !forcible) {
                break;
            }
            if (expired) {
                LOG.info("FMQ-STORE-101 deleting commit log file {}: last written {} h ago, fileReservedTime is {} h",
                        oldest.path().getFileName(), (now - closedAt) / 3_600_000L, config.getFileReservedTime());
            } else {
                LOG.warn("FMQ-STORE-102 deleting unexpired commit log file {}: disk is {}% used, above "
                        + "diskSpaceCleanForciblyRatio {}", oldest.path().getFileName(), Math.round(used * 100),
                        config.getDiskSpaceCleanForciblyRatio());
            }
            if (deadLetters != null
                    && !deadLetters.preserve(oldest.fileFromOffset(), oldest.fileFromOffset() + files.fileSize())) {
                break;
            }
            files.deleteFirst(oldest);
            deleted++;
        }
        return deleted;
    }
}

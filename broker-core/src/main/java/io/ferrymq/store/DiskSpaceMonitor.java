package io.ferrymq.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.nio.file.Path;

/**
 * Measures usage of the disk holding the CommitLog and keeps the verdicts appenders need without a
 * system call per append. {@link #refresh()} runs on the retention thread (and at start); the flags are
 * read by any thread.
 */
final class DiskSpaceMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(DiskSpaceMonitor.class);

    private final File dir;
    private final StoreConfig config;
    private volatile double usedRatio;
    private volatile boolean full;

    DiskSpaceMonitor(Path commitLogDir, StoreConfig config) {
        this.dir = commitLogDir.toFile();
        this.config = config;
    }

    /** Measures again; logs once when the disk becomes full and once when it recovers. */
    double refresh() {
        long total = dir.getTotalSpace();
        long usable = dir.getUsableSpace();
        double ratio = total <= 0 ? 0 : 1.0 - (double) usable / total;
        usedRatio = ratio;
        boolean nowFull = ratio > config.getDiskSpaceWarningLevelRatio();
        if (nowFull != full) {
            if (nowFull) {
                LOG.error("FMQ-STORE-040 disk holding {} is {}% used, above diskSpaceWarningLevelRatio {}: "
                        + "refusing appends until space is freed", dir, Math.round(ratio * 100),
                        config.getDiskSpaceWarningLevelRatio());
            } else {
                LOG.warn("FMQ-STORE-041 disk holding {} is back to {}% used: accepting appends", dir,
                        Math.round(ratio * 100));
            }
            full = nowFull;
        }
        return ratio;
    }

    double usedRatio() {
        return usedRatio;
    }

    boolean isFull() {
        return full;
    }

    /** Whether a new file of {@code bytes} fits, keeping the warning-level headroom. */
    boolean hasRoomFor(long bytes) {
        long total = dir.getTotalSpace();
        long usable = dir.getUsableSpace();
        if (total <= 0) {
            return true;
        }
        double after = 1.0 - (double) (usable - bytes) / total;
        return usable > bytes && after <= config.getDiskSpaceWarningLevelRatio();
    }
}

package io.ferrymq.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/**
 * ASYNC_FLUSH: a thread that forces the CommitLog every {@code flushIntervalCommitLog} ms once at least
 * {@code flushCommitLogLeastPages} pages are dirty, and everything at least every
 * {@code flushCommitLogThoroughInterval} ms. Appends never wait for it.
 *
 * <p>With MAPPED writes it also runs the {@link CommitLogPrefaulter}: it is part of the ASYNC_FLUSH append
 * path's background work and has the same lifetime (started with the store, stopped before the files are
 * closed).
 */
final class PeriodicFlushService extends ServiceThread implements FlushService {
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicFlushService.class);
    private static final CompletableFuture<Boolean> DONE = CompletableFuture.completedFuture(true);
    private static final int PAGE_SIZE = 4096;

    private final MappedFileQueue log;
    private final StoreConfig config;
    /** Null unless the log is written through its mappings and prefaulting is on. */
    private final CommitLogPrefaulter prefaulter;

    PeriodicFlushService(MappedFileQueue log, StoreConfig config) {
        super("ferrymq-periodic-flush");
        this.log = log;
        this.config = config;
        this.prefaulter = log.writeMode() == CommitLogWriteMode.MAPPED && config.getCommitLogPrefaultAheadBytes() > 0
                ? new CommitLogPrefaulter(log, config.getCommitLogPrefaultAheadBytes())
                : null;
    }

    @Override
    public void start() {
        if (prefaulter != null) {
            prefaulter.start();
        }
        super.start();
    }

    @Override
    public CompletableFuture<Boolean> awaitFlushed(long offset) {
        return DONE;
    }

    @Override
    public void run() {
        long lastThorough = System.nanoTime();
        while (isRunning()) {
            pause(config.getFlushIntervalCommitLog());
            long now = System.nanoTime();
            boolean thorough = now - lastThorough >= config.getFlushCommitLogThoroughInterval() * 1_000_000L;
            long dirty = log.dirtyBytes();
            if (dirty > 0 && (thorough || dirty >= (long) config.getFlushCommitLogLeastPages() * PAGE_SIZE)) {
                try {
                    log.flush();
                } catch (RuntimeException e) {
                    LOG.error("FMQ-STORE-031 periodic flush of the commit log failed; retrying next interval", e);
                }
            }
            if (thorough) {
                lastThorough = now;
            }
        }
    }

    @Override
    public void shutdown() {
        if (prefaulter != null) {
            prefaulter.stop();
        }
        stop();
        log.flush();
    }
}

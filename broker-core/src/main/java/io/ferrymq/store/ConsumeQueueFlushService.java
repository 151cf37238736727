package io.ferrymq.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.locks.LockSupport;

/**
 * Every {@code flushIntervalConsumeQueue} ms forces the ConsumeQueues and the index, then writes the
 * checkpoint with offsets that were durable before the force began, so the checkpoint never claims more
 * than the disk holds. Owns its thread; {@link #checkpointNow()} is also called once at shutdown.
 */
final class ConsumeQueueFlushService implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumeQueueFlushService.class);

    private final StoreConfig config;
    private final CommitLog commitLog;
    private final ConsumeQueueStore consumeQueues;
    private final IndexStore index;
    private final CommitLogDispatcher dispatcher;
    private final StoreCheckpoint checkpoint;
    private final Thread thread;
    private volatile boolean running = true;

    ConsumeQueueFlushService(StoreConfig config, CommitLog commitLog, ConsumeQueueStore consumeQueues,
                             IndexStore index, CommitLogDispatcher dispatcher, StoreCheckpoint checkpoint) {
        this.config = config;
        this.commitLog = commitLog;
        this.consumeQueues = consumeQueues;
        this.index = index;
        this.dispatcher = dispatcher;
        this.checkpoint = checkpoint;
        this.thread = new Thread(this, "ferrymq-cq-flush");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        while (running) {
            LockSupport.parkNanos(config.getFlushIntervalConsumeQueue() * 1_000_000L);
            try {
                checkpointNow();
            } catch (IOException | RuntimeException e) {
                LOG.error("FMQ-STORE-090 flushing consume queues or writing the checkpoint failed; retrying", e);
            }
        }
    }

    synchronized void checkpointNow() throws IOException {
        long dispatched = dispatcher.dispatchedOffset();
        consumeQueues.flush();
        if (index != null) {
            index.flush();
        }
        long commitLogFlushed = commitLog.flushedOffset();
        checkpoint.write(new StoreCheckpoint.Offsets(commitLogFlushed, dispatched, dispatched));
    }

    void shutdown() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

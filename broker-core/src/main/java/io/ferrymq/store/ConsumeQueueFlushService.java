package io.ferrymq.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * Every {@code flushIntervalConsumeQueue} ms forces the ConsumeQueues and the index, then writes the
 * checkpoint with offsets that were durable before the force began, so the checkpoint never claims more
 * than the disk holds. Owns its thread; {@link #checkpointNow()} is also called once at shutdown.
 */
final class ConsumeQueueFlushService extends ServiceThread {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumeQueueFlushService.class);

    private final StoreConfig config;
    private final CommitLog commitLog;
    private final ConsumeQueueStore consumeQueues;
    private final IndexStore index;
    private final CommitLogDispatcher dispatcher;
    private final StoreCheckpoint checkpoint;

    ConsumeQueueFlushService(StoreConfig config, CommitLog commitLog, ConsumeQueueStore consumeQueues,
                             IndexStore index, CommitLogDispatcher dispatcher, StoreCheckpoint checkpoint) {
        super("ferrymq-cq-flush");
        this.config = config;
        this.commitLog = commitLog;
        this.consumeQueues = consumeQueues;
        this.index = index;
        this.dispatcher = dispatcher;
        this.checkpoint = checkpoint;
    }

    @Override
    public void run() {
        while (isRunning()) {
            pause(config.getFlushIntervalConsumeQueue());
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
}

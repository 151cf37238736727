package io.ferrymq.benchmarks;

import io.ferrymq.store.CommitLogWriteMode;
import io.ferrymq.store.FlushDiskType;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.StoreConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds and starts the stores the benchmark cases write into, with the settings every case shares:
 * 1 GiB CommitLog files and a small index (the bodies carry no keys, so nothing is indexed anyway),
 * and provides the messages' shared constants.
 */
public final class BenchStores {
    public static final String TOPIC = "BenchmarkTest";
    /** Queues the writers spread over: writer {@code i} appends to queue {@code i % QUEUES}. */
    public static final int QUEUES = 8;
    public static final InetSocketAddress HOST = new InetSocketAddress("127.0.0.1", 10911);
    private static final int COMMIT_LOG_FILE_SIZE = 1024 * 1024 * 1024;

    private BenchStores() {
    }

    /** A started store in {@code dir} (which should be fresh) with the given flush type and write mode. */
    public static MessageStore start(Path dir, FlushDiskType flushType, CommitLogWriteMode writeMode)
            throws IOException {
        StoreConfig config = new StoreConfig()
                .setStorePathRootDir(dir.toString())
                .setFlushDiskType(flushType)
                .setCommitLogWriteMode(writeMode)
                .setMappedFileSizeCommitLog(COMMIT_LOG_FILE_SIZE)
                .setMaxHashSlotNum(100_000)
                .setMaxIndexNum(400_000);
        MessageStore store = new MessageStore(config);
        store.start();
        return store;
    }

    /** {@code count} distinct random bodies of {@code size} bytes; {@code count} must be a power of two. */
    public static byte[][] randomBodies(int count, int size) {
        if (Integer.bitCount(count) != 1) {
            throw new IllegalArgumentException("count must be a power of two: " + count);
        }
        byte[][] bodies = new byte[count][size];
        for (byte[] b : bodies) {
            ThreadLocalRandom.current().nextBytes(b);
        }
        return bodies;
    }
}

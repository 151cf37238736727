package io.ferrymq.benchmarks;

import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.store.FlushDiskType;
import io.ferrymq.store.GetResult;
import io.ferrymq.store.GetStatus;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.MessageToAppend;
import io.ferrymq.store.PutResult;
import io.ferrymq.store.SelectedBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The read case: one writer appends {@code readRecords} records to queue 0 of a fresh ASYNC_FLUSH store,
 * then one reader reads them all back through {@link MessageStore#getMessages} in batches of 32, copying
 * each record out (as a send to a socket would) and checking its size, magic and queue offset: one
 * unmeasured pass, then {@code readPasses} measured ones. The records are still in the page cache, so
 * this measures the store's read path, not the disk.
 */
public final class StoreReadCase {
    private static final Logger LOG = LoggerFactory.getLogger(StoreReadCase.class);
    public static final int BATCH = 32;
    private static final int QUEUE_ID = 0;
    /** Byte limit per read, RocketMQ's default maxTransferBytesOnMessageInMemory; 32 records of 1 KiB stay below it. */
    private static final int MAX_BYTES = 256 * 1024;
    private static final long DISPATCH_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(120);

    private final BenchmarkOptions options;

    public StoreReadCase(BenchmarkOptions options) {
        this.options = options;
    }

    public ReadResult run(Path runDir) throws IOException, InterruptedException {
        Path dir = TempDirs.create(runDir, "store-read-");
        int n = options.readRecords();
        LOG.info("read case: appending {} records to {}", n, dir);
        MessageStore store = BenchStores.start(dir, FlushDiskType.ASYNC_FLUSH, options.writeMode());
        try {
            long appendStart = System.nanoTime();
            String problem = append(store, n);
            double appendSeconds = (System.nanoTime() - appendStart) / 1e9;
            if (problem == null) {
                problem = awaitDispatch(store, n);
            }
            if (problem != null) {
                return new ReadResult(0, 0, Double.NaN, appendSeconds, problem, null);
            }
            LOG.info("read case: reading {} records back in batches of {}", n, BATCH);
            return read(store, dir, n, appendSeconds);
        } finally {
            store.shutdown();
            TempDirs.deleteRecursively(dir);
        }
    }

    private String append(MessageStore store, int n) {
        byte[][] bodies = BenchStores.randomBodies(64, options.bodySize());
        for (int i = 0; i < n; i++) {
            PutResult r = store.putMessage(
                    MessageToAppend.of(BenchStores.TOPIC, QUEUE_ID, bodies[i & 63], "", BenchStores.HOST));
            if (!r.isOk()) {
                return "append " + i + " returned " + r.status() + ": " + r.detail();
            }
            if (r.queueOffset() != i) {
                return "append " + i + " got queue offset " + r.queueOffset();
            }
        }
        return null;
    }

    private static String awaitDispatch(MessageStore store, int n) throws InterruptedException {
        long deadline = System.nanoTime() + DISPATCH_TIMEOUT_NANOS;
        while (store.maxOffsetInQueue(BenchStores.TOPIC, QUEUE_ID) < n) {
            if (System.nanoTime() > deadline) {
                return "consume queue reached only " + store.maxOffsetInQueue(BenchStores.TOPIC, QUEUE_ID)
                        + " of " + n + " entries within 120 s";
            }
            Thread.sleep(10);
        }
        return null;
    }

    /** One unmeasured pass (JIT warm-up), then {@code readPasses} measured passes over all records. */
    private ReadResult read(MessageStore store, Path dir, int n, double appendSeconds) {
        byte[] copy = new byte[options.bodySize() + 64 * 1024];
        PassTally warmup = readPass(store, n, copy);
        if (warmup.problem != null) {
            return new ReadResult(0, 0, Double.NaN, appendSeconds, warmup.problem, null);
        }
        long messages = 0;
        long bytes = 0;
        String problem = null;
        ResourceSampler sampler = ResourceSampler.start(dir);
        long start = System.nanoTime();
        for (int pass = 0; pass < options.readPasses() && problem == null; pass++) {
            PassTally t = readPass(store, n, copy);
            messages += t.messages;
            bytes += t.bytes;
            problem = t.problem;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new ReadResult(messages, bytes, seconds, appendSeconds, problem, sampler.stop());
    }

    /** What one pass read, and the first wrong result it saw. */
    private static final class PassTally {
        long messages;
        long bytes;
        String problem;
    }

    /** Reads queue 0 from offset 0 to {@code n}, copying out and checking every record. */
    private static PassTally readPass(MessageStore store, int n, byte[] copy) {
        PassTally t = new PassTally();
        long offset = 0;
        while (offset < n && t.problem == null) {
            try (GetResult r = store.getMessages(BenchStores.TOPIC, QUEUE_ID, offset, BATCH, MAX_BYTES)) {
                if (r.status() != GetStatus.FOUND || r.messageCount() == 0) {
                    t.problem = "getMessages at offset " + offset + " returned " + r.status() + " with "
                            + r.messageCount() + " records";
                    break;
                }
                for (SelectedBuffer record : r.records()) {
                    ByteBuffer b = record.buffer();
                    t.problem = t.problem != null ? t.problem : check(b, t.messages, copy.length);
                    b.get(0, copy, 0, Math.min(b.limit(), copy.length));
                    t.bytes += b.limit();
                    t.messages++;
                }
                offset = r.nextBeginOffset();
            }
        }
        if (t.problem == null && t.messages != n) {
            t.problem = "read " + t.messages + " records, expected " + n;
        }
        return t;
    }

    /** Why {@code record} is not the intact record with queue offset {@code expectedQueueOffset}, or null. */
    private static String check(ByteBuffer record, long expectedQueueOffset, int maxSize) {
        int size = record.limit();
        if (size > maxSize || size < MessageRecord.QUEUE_OFFSET_POSITION + 8) {
            return "record " + expectedQueueOffset + " has implausible size " + size;
        }
        if (MessageRecord.readTotalSize(record, 0) != size) {
            return "record " + expectedQueueOffset + ": slice of " + size + " bytes, stored size "
                    + MessageRecord.readTotalSize(record, 0);
        }
        int magic = record.getInt(MessageRecord.MAGIC_POSITION);
        if (magic != MessageRecord.MAGIC_V1 && magic != MessageRecord.MAGIC_V2) {
            return "record " + expectedQueueOffset + " has magic " + Integer.toHexString(magic);
        }
        long queueOffset = record.getLong(MessageRecord.QUEUE_OFFSET_POSITION);
        if (queueOffset != expectedQueueOffset) {
            return "expected queue offset " + expectedQueueOffset + ", record carries " + queueOffset;
        }
        return null;
    }
}

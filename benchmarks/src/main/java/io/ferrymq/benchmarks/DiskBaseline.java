package io.ferrymq.benchmarks;

import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Raw disk measurements of a directory with plain {@link FileChannel} I/O, as the reference the store
 * figures are compared with: (a) sequential 1 MiB writes into a new file without syncing, then one
 * final {@code fdatasync}; (b) append + {@code fdatasync} loops at 4 KiB and 256 KiB per write.
 *
 * <p>Run alone with {@code java ... io.ferrymq.benchmarks.DiskBaseline [name=value ...]}; the
 * {@link StoreAppendBenchmark} runs it first as part of every full run. Files are deleted afterwards.
 */
public final class DiskBaseline {
    private static final Logger LOG = LoggerFactory.getLogger(DiskBaseline.class);
    private static final int SEQUENTIAL_BLOCK = 1 << 20;

    private DiskBaseline() {
    }

    public static void main(String[] args) throws IOException {
        BenchmarkOptions options = BenchmarkOptions.parse(args);
        Path root = TempDirs.create(options.baseDir(), "ferrymq-disk-baseline-");
        try {
            BaselineResults results = run(root, options);
            ReportPrinter.printBaseline(System.out, results);
        } finally {
            TempDirs.deleteRecursively(root);
        }
    }

    /** Runs all three measurements in {@code dir}, deleting each file after its measurement. */
    public static BaselineResults run(Path dir, BenchmarkOptions options) throws IOException {
        long nanos = TimeUnit.SECONDS.toNanos(options.baselineSeconds());
        SequentialWriteResult seq = sequentialWrite(dir.resolve("sequential.dat"), nanos, options.seqMaxBytes());
        pause(options);
        SyncAppendResult small = syncAppendLoop(dir.resolve("fdatasync-4k.dat"), 4 * 1024, nanos);
        pause(options);
        SyncAppendResult large = syncAppendLoop(dir.resolve("fdatasync-256k.dat"), 256 * 1024, nanos);
        return new BaselineResults(seq, small, large);
    }

    /** Writes 1 MiB buffers for {@code durationNanos} (or up to {@code maxBytes}), then forces once. */
    public static SequentialWriteResult sequentialWrite(Path file, long durationNanos, long maxBytes)
            throws IOException {
        LOG.info("raw sequential write (1 MiB writes, no sync, final fdatasync) into {}", file);
        ByteBuffer block = randomDirectBuffer(SEQUENTIAL_BLOCK);
        long bytes = 0;
        CpuSampler cpu = CpuSampler.start();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long start = System.nanoTime();
            long end = start + durationNanos;
            while (System.nanoTime() < end && bytes < maxBytes) {
                block.clear();
                while (block.hasRemaining()) {
                    bytes += ch.write(block);
                }
            }
            long written = System.nanoTime();
            ch.force(false);
            long forced = System.nanoTime();
            return new SequentialWriteResult(bytes, (written - start) / 1e9, (forced - written) / 1e9, cpu.stop());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Appends {@code blockSize} bytes and forces ({@code fdatasync}) after each write, for {@code durationNanos}. */
    public static SyncAppendResult syncAppendLoop(Path file, int blockSize, long durationNanos) throws IOException {
        LOG.info("raw append + fdatasync loop, {} bytes per write, into {}", blockSize, file);
        ByteBuffer block = randomDirectBuffer(blockSize);
        Histogram latency = Units.newLatencyHistogram();
        long ops = 0;
        CpuSampler cpu = CpuSampler.start();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long start = System.nanoTime();
            long end = start + durationNanos;
            long now = start;
            while (now < end) {
                block.clear();
                while (block.hasRemaining()) {
                    ch.write(block);
                }
                ch.force(false);
                long done = System.nanoTime();
                Units.record(latency, done - now);
                ops++;
                now = done;
            }
            return new SyncAppendResult(blockSize, ops, (now - start) / 1e9, latency, cpu.stop());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static ByteBuffer randomDirectBuffer(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        return ByteBuffer.allocateDirect(size).put(bytes).flip();
    }

    private static void pause(BenchmarkOptions options) {
        try {
            Thread.sleep(options.pauseMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

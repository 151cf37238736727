package io.ferrymq.benchmarks;

import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Raw disk measurements of a directory with plain JDK file I/O, the reference the store figures are
 * compared with: (a) sequential 1 MiB writes into a new file without syncing, then one final
 * {@code fdatasync}; (b) append + {@code fdatasync} loops at 4 KiB and 256 KiB per write; and, as
 * supplements, 4 KiB steps into a sparse memory-mapped file created like a CommitLog file, (c) written with
 * {@code lseek} + {@code write} and forced with {@code fdatasync} through a second descriptor (the store's
 * SYNC_FLUSH mechanism), and (d) copied into the mapping and forced with {@code msync} of that range (its
 * ASYNC_FLUSH mechanism).
 *
 * <p>Run alone with {@code java ... io.ferrymq.benchmarks.DiskBaseline [name=value ...]}; the
 * {@link StoreAppendBenchmark} runs it first as part of every full run. Files are deleted afterwards.
 */
public final class DiskBaseline {
    private static final Logger LOG = LoggerFactory.getLogger(DiskBaseline.class);
    private static final int SEQUENTIAL_BLOCK = 1 << 20;
    private static final int MMAP_FILE_SIZE = 512 << 20;
    /** The sequential write never takes more than this share of the free space. */
    private static final int FREE_SPACE_DIVISOR = 4;

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

    /** Runs all measurements in {@code dir}, deleting each file after its measurement. */
    public static BaselineResults run(Path dir, BenchmarkOptions options) throws IOException {
        long nanos = TimeUnit.SECONDS.toNanos(options.baselineSeconds());
        long maxBytes = Math.min(options.seqMaxBytes(), Files.getFileStore(dir).getUsableSpace() / FREE_SPACE_DIVISOR);
        SequentialWriteResult seq = sequentialWrite(dir.resolve("sequential.dat"), nanos, maxBytes);
        pause(options);
        SyncAppendResult small = syncAppendLoop(dir.resolve("fdatasync-4k.dat"), 4 * 1024, nanos);
        pause(options);
        SyncAppendResult large = syncAppendLoop(dir.resolve("fdatasync-256k.dat"), 256 * 1024, nanos);
        pause(options);
        SyncAppendResult mappedWrite = mappedWriteSyncLoop(dir.resolve("write-mapped-4k.dat"), 4 * 1024, nanos);
        pause(options);
        long mmapNanos = TimeUnit.SECONDS.toNanos(Math.min(options.baselineSeconds(), options.mmapSeconds()));
        SyncAppendResult mmap = mmapSyncLoop(dir.resolve("msync-4k.dat"), 4 * 1024, mmapNanos);
        return new BaselineResults(seq, small, large, mappedWrite, mmap);
    }

    /** Writes 1 MiB buffers for {@code durationNanos} (or up to {@code maxBytes}), then forces once. */
    public static SequentialWriteResult sequentialWrite(Path file, long durationNanos, long maxBytes)
            throws IOException {
        LOG.info("raw sequential write (1 MiB writes, no sync, final fdatasync) into {}", file);
        ByteBuffer block = randomDirectBuffer(SEQUENTIAL_BLOCK);
        long bytes = 0;
        ResourceSampler sampler = ResourceSampler.start(file.getParent());
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
            return new SequentialWriteResult(bytes, (written - start) / 1e9, (forced - written) / 1e9, sampler.stop());
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
        ResourceSampler sampler = ResourceSampler.start(file.getParent());
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
            return new SyncAppendResult("append + fdatasync", blockSize, ops, (now - start) / 1e9, latency,
                    sampler.stop());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Writes {@code blockSize} bytes with {@code RandomAccessFile.seek} + {@code write} into a sparse 512 MiB
     * file that is also memory-mapped (created like a CommitLog file), reads them back through the mapping as
     * a reader would, and forces with {@code force(false)} through a second descriptor after each write, for
     * {@code durationNanos} or until the file is full. This is the store's SYNC_FLUSH write path (write mode
     * WRITE) without the store.
     */
    public static SyncAppendResult mappedWriteSyncLoop(Path file, int blockSize, long durationNanos)
            throws IOException {
        LOG.info("raw write + fdatasync loop into a mapped sparse file, {} bytes per write, into {}", blockSize, file);
        byte[] block = new byte[blockSize];
        ThreadLocalRandom.current().nextBytes(block);
        Histogram latency = Units.newLatencyHistogram();
        long ops = 0;
        long checksum = 0;
        ResourceSampler sampler = ResourceSampler.start(file.getParent());
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw");
             FileChannel force = FileChannel.open(file, StandardOpenOption.WRITE)) {
            raf.setLength(MMAP_FILE_SIZE);
            MappedByteBuffer map = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, MMAP_FILE_SIZE);
            long start = System.nanoTime();
            long end = start + durationNanos;
            long now = start;
            int position = 0;
            while (now < end && position + blockSize <= MMAP_FILE_SIZE) {
                raf.seek(position);
                raf.write(block);
                checksum += map.get(position) + map.get(position + blockSize - 1);
                force.force(false);
                position += blockSize;
                long done = System.nanoTime();
                Units.record(latency, done - now);
                ops++;
                now = done;
            }
            if (checksum == Long.MIN_VALUE) {
                LOG.debug("unreachable; keeps the mapped reads from being optimised away");
            }
            return new SyncAppendResult("write + fdatasync, file also mapped", blockSize, ops, (now - start) / 1e9,
                    latency, sampler.stop());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Copies {@code blockSize} bytes into a sparse 512 MiB mapping (created like a CommitLog file) and
     * forces that range after each copy, for {@code durationNanos} or until the mapping is full. The
     * mapping itself is released by the garbage collector; the file is deleted at once.
     */
    public static SyncAppendResult mmapSyncLoop(Path file, int blockSize, long durationNanos) throws IOException {
        LOG.info("raw mmap write + msync loop, {} bytes per write, into {}", blockSize, file);
        byte[] block = new byte[blockSize];
        ThreadLocalRandom.current().nextBytes(block);
        Histogram latency = Units.newLatencyHistogram();
        long ops = 0;
        ResourceSampler sampler = ResourceSampler.start(file.getParent());
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"); FileChannel ch = raf.getChannel()) {
            raf.setLength(MMAP_FILE_SIZE);
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, MMAP_FILE_SIZE);
            long start = System.nanoTime();
            long end = start + durationNanos;
            long now = start;
            int position = 0;
            while (now < end && position + blockSize <= MMAP_FILE_SIZE) {
                map.put(position, block);
                map.force(position, blockSize);
                position += blockSize;
                long done = System.nanoTime();
                Units.record(latency, done - now);
                ops++;
                now = done;
            }
            return new SyncAppendResult("mmap write + msync", blockSize, ops, (now - start) / 1e9, latency,
                    sampler.stop());
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

package io.ferrymq.benchmarks;

import org.HdrHistogram.Histogram;

/**
 * A raw write-then-sync loop: each operation writes {@code blockSize} bytes after the previous ones and
 * waits until they are on disk, either with {@code FileChannel.write} + {@code force(false)}
 * ({@code fdatasync}) or into a memory mapping + {@code MappedByteBuffer.force(index, length)}
 * ({@code msync}, the store's own mechanism).
 *
 * @param method       how each operation writes and syncs, for the report
 * @param latencyNanos latency of each write + sync
 * @param usage        CPU and device writes over the loop
 */
public record SyncAppendResult(String method, int blockSize, long ops, double seconds, Histogram latencyNanos,
                               ResourceSampler.ResourceUsage usage) {

    public double opsPerSecond() {
        return ops / seconds;
    }

    public double mbPerSecond() {
        return Units.mbPerSecond(ops * (long) blockSize, seconds);
    }
}

package io.ferrymq.benchmarks;

import org.HdrHistogram.Histogram;

/**
 * Raw append + {@code fdatasync} loop: each operation is one {@code FileChannel.write} of
 * {@code blockSize} bytes at the end of the file followed by {@code FileChannel.force(false)}.
 *
 * @param latencyNanos latency of each write + force
 */
public record SyncAppendResult(int blockSize, long ops, double seconds, Histogram latencyNanos,
                               CpuSampler.CpuUsage cpu) {

    public double opsPerSecond() {
        return ops / seconds;
    }

    public double mbPerSecond() {
        return Units.mbPerSecond(ops * (long) blockSize, seconds);
    }
}

package io.ferrymq.benchmarks;

/**
 * Raw sequential write into a new file without syncing, then one final {@code fdatasync}.
 *
 * @param bytes        bytes written
 * @param writeSeconds time spent in the writes (data in the page cache, writeback running meanwhile)
 * @param forceSeconds time of the final {@code FileChannel.force(false)} that flushed what was still dirty
 * @param usage        CPU and device writes over the writes and the final force
 */
public record SequentialWriteResult(long bytes, double writeSeconds, double forceSeconds,
                                    ResourceSampler.ResourceUsage usage) {

    /** Rate of the writes alone: what a writer sees before any sync. */
    public double mbPerSecondBeforeForce() {
        return Units.mbPerSecond(bytes, writeSeconds);
    }

    /** Rate including the final force: what the disk sustained for the whole amount. */
    public double mbPerSecondIncludingForce() {
        return Units.mbPerSecond(bytes, writeSeconds + forceSeconds);
    }
}

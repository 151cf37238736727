package io.ferrymq.benchmarks;

import io.ferrymq.store.CommitLogWriteMode;
import io.ferrymq.store.FlushDiskType;
import org.HdrHistogram.Histogram;

/**
 * Figures of one store append case, counting only appends started inside the measured window.
 *
 * @param writeMode    how the store wrote the CommitLog (resolved: MAPPED or WRITE)
 * @param messages     appends that returned PUT_OK
 * @param bytes        stored record bytes of those appends (header, topic, properties and body)
 * @param failures     appends that returned anything else (also during warm-up)
 * @param firstFailure description of the first failure, or null
 * @param latencyNanos latency of each successful {@code putMessage} call
 * @param usage        CPU and device writes over the measured window
 */
public record AppendResult(FlushDiskType flushType, CommitLogWriteMode writeMode, int threads, long messages, long bytes, double seconds,
                           long failures, String firstFailure, Histogram latencyNanos,
                           ResourceSampler.ResourceUsage usage) {

    public double messagesPerSecond() {
        return messages / seconds;
    }

    public double mbPerSecond() {
        return Units.mbPerSecond(bytes, seconds);
    }

    /** Average stored size of one record. */
    public double recordBytes() {
        return messages == 0 ? Double.NaN : (double) bytes / messages;
    }
}

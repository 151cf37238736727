package io.ferrymq.benchmarks;

/**
 * Figures of the read case.
 *
 * @param messages     records read back (and checked)
 * @param bytes        stored record bytes read back
 * @param seconds      time of the read loop
 * @param appendSeconds time the single writer took to append the records first (for reference)
 * @param problem      the first wrong result seen (count, order, status, record size), or null
 * @param usage        CPU and device writes over the read loop, or null if it did not run
 */
public record ReadResult(long messages, long bytes, double seconds, double appendSeconds, String problem,
                         ResourceSampler.ResourceUsage usage) {

    public double messagesPerSecond() {
        return messages / seconds;
    }

    public double mbPerSecond() {
        return Units.mbPerSecond(bytes, seconds);
    }
}

package io.ferrymq.benchmarks;

import org.HdrHistogram.Histogram;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Units and number formatting shared by all reports. MB means 10^6 bytes throughout; latencies are
 * recorded in nanoseconds and reported in microseconds.
 */
public final class Units {
    public static final double MB = 1_000_000.0;
    /** Longest latency a histogram tracks; longer values are clamped to it. */
    public static final long MAX_TRACKED_NANOS = TimeUnit.SECONDS.toNanos(60);

    private Units() {
    }

    /** A latency histogram in nanoseconds with three significant digits; not thread-safe. */
    public static Histogram newLatencyHistogram() {
        return new Histogram(MAX_TRACKED_NANOS, 3);
    }

    /** Records {@code nanos}, clamped into the tracked range. */
    public static void record(Histogram h, long nanos) {
        h.recordValue(Math.max(0, Math.min(nanos, MAX_TRACKED_NANOS)));
    }

    /** The given percentile of a nanosecond histogram, in microseconds. */
    public static double micros(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1_000.0;
    }

    public static double mbPerSecond(long bytes, double seconds) {
        return bytes / MB / seconds;
    }

    public static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}

package io.ferrymq.benchmarks;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Prints the figures of a run as Markdown tables and the ratios against the storage targets.
 * "device MB" is what the block device wrote during the measurement and "dev/logical" its ratio to the
 * bytes the benchmark asked to write (1.0 = no amplification; journal, whole-page writeback and other
 * processes raise it).
 */
public final class ReportPrinter {
    /** ASYNC_FLUSH 1 writer vs raw sequential write, and SYNC_FLUSH 16 writers vs raw 256 KiB fdatasync. */
    public static final double TARGET_RATIO = 0.8;

    private ReportPrinter() {
    }

    public static void printBaseline(PrintStream out, BaselineResults b) {
        SequentialWriteResult s = b.sequential();
        out.println();
        out.println("Raw disk baseline (JDK file I/O; MB = 10^6 bytes)");
        out.println("| measurement | MB written | seconds | MB/s | ops/s | p50 us | p99 us | p99.9 us "
                + "| device MB | dev/logical | cpu self/other |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        out.printf(Locale.ROOT, "| sequential 1 MiB writes, no sync (before final force) | %s | %.2f | %s "
                        + "| | | | | %s | %s | %s |%n",
                mb(s.bytes()), s.writeSeconds(), Units.fmt(s.mbPerSecondBeforeForce()),
                deviceMb(s.usage()), amplification(s.usage(), s.bytes()), cpu(s.usage()));
        out.printf(Locale.ROOT, "| sequential incl. final fdatasync (force took %.2f s) | %s | %.2f | %s "
                        + "| | | | | | | |%n",
                s.forceSeconds(), mb(s.bytes()), s.writeSeconds() + s.forceSeconds(),
                Units.fmt(s.mbPerSecondIncludingForce()));
        for (SyncAppendResult r : List.of(b.sync4k(), b.sync256k(), b.mappedWrite4k(), b.mmap4k())) {
            long bytes = r.ops() * (long) r.blockSize();
            out.printf(Locale.ROOT, "| %s, %d KiB per write | %s | %.2f | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    r.method(), r.blockSize() / 1024, mb(bytes), r.seconds(), Units.fmt(r.mbPerSecond()),
                    Units.fmt(r.opsPerSecond()), p(r.latencyNanos(), 50), p(r.latencyNanos(), 99),
                    p(r.latencyNanos(), 99.9), deviceMb(r.usage()), amplification(r.usage(), bytes), cpu(r.usage()));
        }
    }

    public static void printAppends(PrintStream out, List<AppendResult> results) {
        out.println();
        out.println("Store appends (blocking putMessage; MB/s of stored record bytes, MB = 10^6 bytes)");
        out.println("| flush | write mode | writers | msgs/s | MB/s | record B | p50 us | p99 us | p99.9 us | max us "
                + "| failures | device MB | dev/logical | cpu self/other |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (AppendResult r : results) {
            out.printf(Locale.ROOT, "| %s | %s | %d | %s | %s | %.0f | %s | %s | %s | %s | %d | %s | %s | %s |%n",
                    r.flushType(), r.writeMode(), r.threads(), Units.fmt(r.messagesPerSecond()), Units.fmt(r.mbPerSecond()),
                    r.recordBytes(), p(r.latencyNanos(), 50), p(r.latencyNanos(), 99), p(r.latencyNanos(), 99.9),
                    Units.fmt(r.latencyNanos().getMaxValue() / 1_000.0), r.failures(), deviceMb(r.usage()),
                    amplification(r.usage(), r.bytes()), cpu(r.usage()));
            if (r.firstFailure() != null) {
                out.println("  first failure: " + r.firstFailure());
            }
        }
    }

    public static void printRead(PrintStream out, ReadResult r) {
        out.println();
        out.println("Store read-back (getMessages, batches of " + StoreReadCase.BATCH
                + ", one reader, page cache hot; records counted once per measured pass)");
        if (r.problem() != null) {
            out.println("  WRONG RESULT: " + r.problem());
        }
        out.println("| records | MB | seconds | msgs/s | MB/s | cpu self/other | append of the records took |");
        out.println("|---|---|---|---|---|---|---|");
        out.printf(Locale.ROOT, "| %,d | %s | %.2f | %s | %s | %s | %.2f s |%n", r.messages(), mb(r.bytes()),
                r.seconds(), Units.fmt(r.messagesPerSecond()), Units.fmt(r.mbPerSecond()), cpu(r.usage()),
                r.appendSeconds());
    }

    /** Ratios against the targets; prints only those whose inputs were measured in this run. */
    public static void printRatios(PrintStream out, BaselineResults b, List<AppendResult> results) {
        out.println();
        out.println("Ratios against the targets");
        if (b == null) {
            out.println("  (no raw baseline in this run)");
            return;
        }
        AppendResult async1 = find(results, "ASYNC_FLUSH", 1);
        if (async1 != null) {
            double before = async1.mbPerSecond() / b.sequential().mbPerSecondBeforeForce();
            double incl = async1.mbPerSecond() / b.sequential().mbPerSecondIncludingForce();
            out.printf(Locale.ROOT, "  ASYNC_FLUSH 1 writer %s MB/s / raw sequential no-sync %s MB/s = %.2f "
                            + "(target >= %.1f: %s); vs raw incl. final force %s MB/s = %.2f%n",
                    Units.fmt(async1.mbPerSecond()), Units.fmt(b.sequential().mbPerSecondBeforeForce()), before,
                    TARGET_RATIO, verdict(before), Units.fmt(b.sequential().mbPerSecondIncludingForce()), incl);
        }
        AppendResult sync16 = find(results, "SYNC_FLUSH", 16);
        if (sync16 != null) {
            double ratio = sync16.mbPerSecond() / b.sync256k().mbPerSecond();
            out.printf(Locale.ROOT, "  SYNC_FLUSH 16 writers %s MB/s / raw 256 KiB append+fdatasync %s MB/s = %.3f "
                            + "(target >= %.1f: %s)%n",
                    Units.fmt(sync16.mbPerSecond()), Units.fmt(b.sync256k().mbPerSecond()), ratio, TARGET_RATIO,
                    verdict(ratio));
            double perSync = sync16.messagesPerSecond() / b.sync4k().opsPerSecond();
            out.printf(Locale.ROOT, "  SYNC_FLUSH 16 writers %s msgs/s / raw 4 KiB append+fdatasync %s ops/s = %.2f "
                            + "(records per fsync-equivalent; 16 writers can share one group commit at most)%n",
                    Units.fmt(sync16.messagesPerSecond()), Units.fmt(b.sync4k().opsPerSecond()), perSync);
        }
    }

    private static AppendResult find(List<AppendResult> results, String flushType, int threads) {
        for (AppendResult r : results) {
            if (r.flushType().name().equals(flushType) && r.threads() == threads) {
                return r;
            }
        }
        return null;
    }

    private static String verdict(double ratio) {
        return ratio >= TARGET_RATIO ? "MET" : "NOT MET";
    }

    private static String p(org.HdrHistogram.Histogram h, double percentile) {
        return Units.fmt(Units.micros(h, percentile));
    }

    private static String mb(long bytes) {
        return Units.fmt(bytes / Units.MB);
    }

    private static String deviceMb(ResourceSampler.ResourceUsage u) {
        return u == null ? "n/a" : Units.fmt(u.diskBytesWritten() / Units.MB);
    }

    private static String amplification(ResourceSampler.ResourceUsage u, long logicalBytes) {
        return u == null || logicalBytes == 0 ? "n/a" : Units.fmt(u.diskBytesWritten() / logicalBytes);
    }

    private static String cpu(ResourceSampler.ResourceUsage u) {
        return u == null ? "n/a" : Units.fmt(u.selfCores()) + "/" + Units.fmt(u.otherCores());
    }
}

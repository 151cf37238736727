package io.ferrymq.benchmarks;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Prints the figures of a run as plain-text tables (Markdown-compatible) and the ratios against the
 * storage targets.
 */
public final class ReportPrinter {
    /** ASYNC_FLUSH 1 writer vs raw sequential write, and SYNC_FLUSH 16 writers vs raw 256 KiB fdatasync. */
    public static final double TARGET_RATIO = 0.8;

    private ReportPrinter() {
    }

    public static void printBaseline(PrintStream out, BaselineResults b) {
        SequentialWriteResult s = b.sequential();
        out.println();
        out.println("Raw disk baseline (FileChannel, MB = 10^6 bytes)");
        out.println("| measurement | bytes | seconds | MB/s | ops/s | p50 us | p99 us | p99.9 us | cpu self/other |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        out.printf(Locale.ROOT, "| sequential 1 MiB writes, no sync (before final force) | %,d | %.2f | %s | | | | | %s |%n",
                s.bytes(), s.writeSeconds(), Units.fmt(s.mbPerSecondBeforeForce()), cpu(s.cpu()));
        out.printf(Locale.ROOT, "| sequential incl. final fdatasync (force took %.2f s) | %,d | %.2f | %s | | | | | |%n",
                s.forceSeconds(), s.bytes(), s.writeSeconds() + s.forceSeconds(),
                Units.fmt(s.mbPerSecondIncludingForce()));
        for (SyncAppendResult r : List.of(b.sync4k(), b.sync256k())) {
            out.printf(Locale.ROOT, "| append + fdatasync, %d KiB per write | %,d | %.2f | %s | %s | %s | %s | %s | %s |%n",
                    r.blockSize() / 1024, r.ops() * (long) r.blockSize(), r.seconds(), Units.fmt(r.mbPerSecond()),
                    Units.fmt(r.opsPerSecond()), Units.fmt(Units.micros(r.latencyNanos(), 50)),
                    Units.fmt(Units.micros(r.latencyNanos(), 99)), Units.fmt(Units.micros(r.latencyNanos(), 99.9)),
                    cpu(r.cpu()));
        }
    }

    public static void printAppends(PrintStream out, List<AppendResult> results) {
        out.println();
        out.println("Store appends (putMessage, stored record bytes; MB = 10^6 bytes)");
        out.println("| flush | writers | msgs/s | MB/s | record B | p50 us | p99 us | p99.9 us | max us | failures | cpu self/other |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (AppendResult r : results) {
            out.printf(Locale.ROOT, "| %s | %d | %s | %s | %.0f | %s | %s | %s | %s | %d | %s |%n",
                    r.flushType(), r.threads(), Units.fmt(r.messagesPerSecond()), Units.fmt(r.mbPerSecond()),
                    r.recordBytes(), Units.fmt(Units.micros(r.latencyNanos(), 50)),
                    Units.fmt(Units.micros(r.latencyNanos(), 99)), Units.fmt(Units.micros(r.latencyNanos(), 99.9)),
                    Units.fmt(r.latencyNanos().getMaxValue() / 1_000.0), r.failures(), cpu(r.cpu()));
            if (r.firstFailure() != null) {
                out.println("  first failure: " + r.firstFailure());
            }
        }
    }

    public static void printRead(PrintStream out, ReadResult r) {
        out.println();
        out.println("Store read-back (getMessages, batches of " + StoreReadCase.BATCH + ", one reader, page cache hot)");
        if (r.problem() != null) {
            out.println("  WRONG RESULT: " + r.problem());
        }
        out.printf(Locale.ROOT, "| records | seconds | msgs/s | MB/s | cpu self/other | (append of the same records took %.2f s) |%n",
                r.appendSeconds());
        out.println("|---|---|---|---|---|---|");
        out.printf(Locale.ROOT, "| %,d | %.2f | %s | %s | %s | |%n", r.messages(), r.seconds(),
                Units.fmt(r.messagesPerSecond()), Units.fmt(r.mbPerSecond()), cpu(r.cpu()));
    }

    /** Ratios against the targets; prints only those whose inputs were measured in this run. */
    public static void printRatios(PrintStream out, BaselineResults b, List<AppendResult> results) {
        out.println();
        out.println("Ratios against the targets");
        AppendResult async1 = find(results, "ASYNC_FLUSH", 1);
        AppendResult sync16 = find(results, "SYNC_FLUSH", 16);
        if (b == null) {
            out.println("  (no raw baseline in this run)");
            return;
        }
        if (async1 != null) {
            double before = async1.mbPerSecond() / b.sequential().mbPerSecondBeforeForce();
            double incl = async1.mbPerSecond() / b.sequential().mbPerSecondIncludingForce();
            out.printf(Locale.ROOT, "  ASYNC_FLUSH 1 writer %s MB/s / raw sequential no-sync %s MB/s = %.2f "
                            + "(target >= %.1f: %s); vs raw incl. final force %s MB/s = %.2f%n",
                    Units.fmt(async1.mbPerSecond()), Units.fmt(b.sequential().mbPerSecondBeforeForce()), before,
                    TARGET_RATIO, verdict(before), Units.fmt(b.sequential().mbPerSecondIncludingForce()), incl);
        }
        if (sync16 != null) {
            double ratio = sync16.mbPerSecond() / b.sync256k().mbPerSecond();
            out.printf(Locale.ROOT, "  SYNC_FLUSH 16 writers %s MB/s / raw 256 KiB append+fdatasync %s MB/s = %.2f "
                            + "(target >= %.1f: %s)%n",
                    Units.fmt(sync16.mbPerSecond()), Units.fmt(b.sync256k().mbPerSecond()), ratio, TARGET_RATIO,
                    verdict(ratio));
            double perSync = sync16.messagesPerSecond() / b.sync4k().opsPerSecond();
            out.printf(Locale.ROOT, "  SYNC_FLUSH 16 writers %s msgs/s / raw 4 KiB fdatasync %s ops/s = %.2f "
                            + "(records per fsync-equivalent; at most 16 writers can share one group commit)%n",
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

    private static String cpu(CpuSampler.CpuUsage c) {
        return c == null ? "n/a" : Units.fmt(c.selfCores()) + "/" + Units.fmt(c.otherCores());
    }
}

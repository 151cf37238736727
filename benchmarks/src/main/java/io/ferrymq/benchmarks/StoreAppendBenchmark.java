package io.ferrymq.benchmarks;

import io.ferrymq.store.FlushDiskType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * The on-demand storage benchmark: measures the raw disk ({@link DiskBaseline}), then store appends
 * for each flush type and writer count, then a read-back, and prints all figures and the ratios
 * against the storage targets to stdout (progress goes to the log, on stderr). Everything is written
 * under a fresh temp dir in {@code bench.baseDir} that is deleted at the end. See docs/benchmarks.md.
 */
public final class StoreAppendBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(StoreAppendBenchmark.class);

    private StoreAppendBenchmark() {
    }

    public static void main(String[] args) throws IOException, InterruptedException, ExecutionException {
        BenchmarkOptions options = BenchmarkOptions.parse(args);
        PrintStream out = System.out;
        Path runDir = TempDirs.create(options.baseDir(), "ferrymq-bench-");
        Thread cleanup = new Thread(() -> TempDirs.deleteRecursively(runDir), "ferrymq-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        out.println("FerryMQ storage benchmark, " + Instant.now());
        out.println("options: " + options.describe());
        out.println("run dir: " + runDir + " (" + Files.getFileStore(runDir) + ")");
        out.println("cores: " + Runtime.getRuntime().availableProcessors() + ", max heap: "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB, java "
                + System.getProperty("java.version"));
        long start = System.nanoTime();
        try {
            BaselineResults baseline = null;
            if (options.baseline()) {
                baseline = DiskBaseline.run(runDir, options);
                ReportPrinter.printBaseline(out, baseline);
                pause(options);
            }
            List<AppendResult> appends = runAppendCases(options, runDir, out);
            if (!appends.isEmpty()) {
                ReportPrinter.printAppends(out, appends);
            }
            if (options.read()) {
                ReportPrinter.printRead(out, new StoreReadCase(options).run(runDir));
            }
            ReportPrinter.printRatios(out, baseline, appends);
        } finally {
            TempDirs.deleteRecursively(runDir);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        out.printf("%ntotal run time: %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    private static List<AppendResult> runAppendCases(BenchmarkOptions options, Path runDir, PrintStream out)
            throws IOException, InterruptedException, ExecutionException {
        StoreAppendCase appendCase = new StoreAppendCase(options);
        List<AppendResult> results = new ArrayList<>();
        for (FlushDiskType flushType : options.flushTypes()) {
            for (int threads : options.threads()) {
                AppendResult r = appendCase.run(runDir, flushType, threads);
                LOG.info("{} x {}: {} msgs/s, {} MB/s, p99 {} us; {}", flushType, threads,
                        Units.fmt(r.messagesPerSecond()), Units.fmt(r.mbPerSecond()),
                        Units.fmt(Units.micros(r.latencyNanos(), 99)), r.usage());
                results.add(r);
                pause(options);
            }
        }
        return results;
    }

    private static void pause(BenchmarkOptions options) throws InterruptedException {
        Thread.sleep(options.pauseMillis());
    }
}

package io.ferrymq.benchmarks;

import io.ferrymq.store.FlushDiskType;
import io.ferrymq.store.MessageStore;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One append case: a fresh store in a new directory, {@code threads} writers appending records of
 * random bodies for the warm-up and then the measured duration, latencies merged from all writers.
 * The store is shut down and its directory deleted afterwards.
 */
public final class StoreAppendCase {
    private static final Logger LOG = LoggerFactory.getLogger(StoreAppendCase.class);
    /** Distinct random bodies per writer, cycled through. */
    private static final int BODIES_PER_WRITER = 64;

    private final BenchmarkOptions options;

    public StoreAppendCase(BenchmarkOptions options) {
        this.options = options;
    }

    public AppendResult run(Path runDir, FlushDiskType flushType, int threads)
            throws IOException, InterruptedException, ExecutionException {
        Path dir = TempDirs.create(runDir, "store-" + flushType + "-" + threads + "w-");
        LOG.info("append case {} x {} writers in {}", flushType, threads, dir);
        MessageStore store = BenchStores.start(dir, flushType, options.writeMode());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            AppendWorker.Window window = new AppendWorker.Window();
            List<Future<AppendWorker.Tally>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                byte[][] bodies = BenchStores.randomBodies(BODIES_PER_WRITER, options.bodySize());
                futures.add(pool.submit(new AppendWorker(store, t % BenchStores.QUEUES, bodies, go, window,
                        options.latencySampleEvery(), options.inFlight())));
            }
            long start = System.nanoTime();
            window.warmupEndNanos = start + TimeUnit.SECONDS.toNanos(options.warmupSeconds());
            window.endNanos = window.warmupEndNanos + TimeUnit.SECONDS.toNanos(options.durationSeconds());
            go.countDown();
            Thread.sleep(TimeUnit.SECONDS.toMillis(options.warmupSeconds()));
            ResourceSampler sampler = ResourceSampler.start(dir);
            List<AppendWorker.Tally> tallies = new ArrayList<>();
            for (Future<AppendWorker.Tally> f : futures) {
                tallies.add(f.get());
            }
            return merge(flushType, threads, tallies, sampler.stop());
        } finally {
            pool.shutdownNow();
            long shutdownStart = System.nanoTime();
            store.shutdown();
            LOG.info("store shut down (final flush included) in {} ms",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - shutdownStart));
            TempDirs.deleteRecursively(dir);
        }
    }

    private AppendResult merge(FlushDiskType flushType, int threads, List<AppendWorker.Tally> tallies,
                               ResourceSampler.ResourceUsage usage) {
        Histogram latency = Units.newLatencyHistogram();
        long messages = 0;
        long bytes = 0;
        long failures = 0;
        String firstFailure = null;
        for (AppendWorker.Tally t : tallies) {
            latency.add(t.latencyNanos);
            messages += t.messages;
            bytes += t.bytes;
            failures += t.failures;
            firstFailure = firstFailure == null ? t.firstFailure : firstFailure;
        }
        return new AppendResult(flushType, options.writeMode().resolve(flushType), threads, messages, bytes, options.durationSeconds(), failures,
                firstFailure, latency, usage);
    }
}

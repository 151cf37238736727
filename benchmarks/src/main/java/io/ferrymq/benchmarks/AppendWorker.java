package io.ferrymq.benchmarks;

import io.ferrymq.store.MessageStore;
import io.ferrymq.store.MessageToAppend;
import io.ferrymq.store.PutResult;
import org.HdrHistogram.Histogram;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;

/**
 * One writer thread of an append case: appends in a loop until the case ends, timing one append in
 * {@code sampleEvery} (see {@link BenchmarkOptions#latencySampleEvery()}). Appends started before the warm-up
 * deadline are not counted.
 *
 * <p>With {@code inFlight} 1 the writer calls the blocking {@link MessageStore#putMessage}: one record in flight.
 * With more it calls {@link MessageStore#putMessageAsync} and keeps up to {@code inFlight} appends waiting for
 * their completion (under SYNC_FLUSH: their force) at once, as a broker's send thread does, which hands the
 * completion to the network and takes the next request; a latency is then the time from the call to the
 * completion.
 */
final class AppendWorker implements Callable<AppendWorker.Tally> {

    /** What one worker counted in the measured window (failures are counted throughout). */
    static final class Tally {
        final Histogram latencyNanos = Units.newLatencyHistogram();
        long messages;
        long bytes;
        long failures;
        String firstFailure;
    }

    /** Deadlines shared by all workers of a case; set before {@code go} is released. */
    static final class Window {
        volatile long warmupEndNanos;
        volatile long endNanos;
    }

    private final MessageStore store;
    private final int queueId;
    private final byte[][] bodies;
    private final CountDownLatch go;
    private final Window window;
    private final int sampleEvery;
    private final int inFlight;

    AppendWorker(MessageStore store, int queueId, byte[][] bodies, CountDownLatch go, Window window, int sampleEvery,
                 int inFlight) {
        this.store = store;
        this.queueId = queueId;
        this.bodies = bodies;
        this.go = go;
        this.window = window;
        this.sampleEvery = sampleEvery;
        this.inFlight = inFlight;
    }

    @Override
    public Tally call() throws InterruptedException {
        go.await();
        return inFlight == 1 ? appendBlocking(window.warmupEndNanos, window.endNanos)
                : appendPipelined(window.warmupEndNanos, window.endNanos);
    }

    private Tally appendBlocking(long warmupEnd, long end) {
        int mask = bodies.length - 1;
        Tally tally = new Tally();
        // Calls go in runs of sampleEvery: the clock is read around the first call of each run only, and the run
        // counts as measured when it starts after the warm-up (a run is a few microseconds long at most).
        for (int i = 0; ; ) {
            long start = System.nanoTime();
            if (start - end >= 0) {
                break;
            }
            boolean measured = start - warmupEnd >= 0;
            for (int k = 0; k < sampleEvery; k++, i++) {
                PutResult result = store.putMessage(
                        MessageToAppend.of(BenchStores.TOPIC, queueId, bodies[i & mask], "", BenchStores.HOST));
                if (k == 0 && measured && result.isOk()) {
                    Units.record(tally.latencyNanos, System.nanoTime() - start);
                }
                if (!result.isOk()) {
                    tally.failures++;
                    if (tally.firstFailure == null) {
                        tally.firstFailure = result.status() + ": " + result.detail();
                    }
                } else if (measured) {
                    tally.messages++;
                    tally.bytes += result.wroteBytes();
                }
            }
        }
        return tally;
    }

    private Tally appendPipelined(long warmupEnd, long end) throws InterruptedException {
        int mask = bodies.length - 1;
        Tally tally = new Tally();
        Semaphore permits = new Semaphore(inFlight);
        for (int i = 0; ; i++) {
            permits.acquire();
            long start = System.nanoTime();
            if (start - end >= 0) {
                permits.release();
                break;
            }
            boolean measured = start - warmupEnd >= 0;
            boolean timed = measured && i % sampleEvery == 0;
            store.putMessageAsync(MessageToAppend.of(BenchStores.TOPIC, queueId, bodies[i & mask], "", BenchStores.HOST))
                    .whenComplete((result, failure) -> {
                        // Completions come from the store's threads, several at once for different writers.
                        synchronized (tally) {
                            if (failure != null || !result.isOk()) {
                                tally.failures++;
                                if (tally.firstFailure == null) {
                                    tally.firstFailure = failure != null ? failure.toString()
                                            : result.status() + ": " + result.detail();
                                }
                            } else if (measured) {
                                if (timed) {
                                    Units.record(tally.latencyNanos, System.nanoTime() - start);
                                }
                                tally.messages++;
                                tally.bytes += result.wroteBytes();
                            }
                        }
                        permits.release();
                    });
        }
        permits.acquire(inFlight);
        synchronized (tally) {
            return tally;
        }
    }
}

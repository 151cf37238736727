package io.ferrymq.broker;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Message counters the admin tools show (put and get totals and per-second rates over the last minute).
 * Counting from any thread; {@link #sample()} once a second from the broker's scheduler.
 */
public final class BrokerStats {
    private static final int WINDOW = 60;

    private final LongAdder puts = new LongAdder();
    private final LongAdder gets = new LongAdder();
    private final long[] putSamples = new long[WINDOW + 1];
    private final long[] getSamples = new long[WINDOW + 1];
    private final AtomicLong samples = new AtomicLong();

    public void countPut(int messages) {
        puts.add(messages);
    }

    public void countGet(int messages) {
        gets.add(messages);
    }

    public long putTotal() {
        return puts.sum();
    }

    public long getTotal() {
        return gets.sum();
    }

    public synchronized void sample() {
        int i = (int) (samples.getAndIncrement() % putSamples.length);
        putSamples[i] = puts.sum();
        getSamples[i] = gets.sum();
    }

    /** Rates over the last 10 s, 60 s and 60 s again (RocketMQ prints three figures), as "%.2f %.2f %.2f". */
    public synchronized String putTps() {
        return rates(putSamples);
    }

    public synchronized String getTps() {
        return rates(getSamples);
    }

    private String rates(long[] ring) {
        long n = samples.get();
        if (n < 2) {
            return "0.00 0.00 0.00";
        }
        double r10 = rate(ring, n, 10);
        double r60 = rate(ring, n, WINDOW);
        return String.format(java.util.Locale.ROOT, "%.2f %.2f %.2f", r10, r60, r60);
    }

    private double rate(long[] ring, long n, int seconds) {
        int span = (int) Math.min(seconds, n - 1);
        long newest = ring[(int) ((n - 1) % ring.length)];
        long oldest = ring[(int) ((n - 1 - span) % ring.length)];
        return (newest - oldest) / (double) span;
    }
}

package io.ferrymq.benchmarks.jms;

import io.ferrymq.benchmarks.ResourceSampler;
import io.ferrymq.benchmarks.Units;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.HdrHistogram.Histogram;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The measuring code of the JMS benchmark. It sees a {@link ConnectionFactory} and nothing else of the provider:
 * only {@code jakarta.jms} interfaces (Connection → Session → MessageProducer / MessageConsumer, BytesMessage),
 * so every provider runs exactly the same calls. Each thread has a connection and a session of its own, as
 * independent clients would.
 *
 * <p>Runs one scenario at a time from the calling thread, with worker threads of its own; not thread-safe.
 */
final class JmsLoad {
    private final ConnectionFactory factory;
    private final byte[] body;
    private final Path storeDir;

    /**
     * @param storeDir a directory on the disk the broker writes to, for the device-write figures
     */
    JmsLoad(ConnectionFactory factory, int bodySize, Path storeDir) {
        this.factory = factory;
        this.body = new byte[bodySize];
        ThreadLocalRandom.current().nextBytes(body);
        this.storeDir = storeDir;
    }

    /** What a send scenario does: delivery mode, and whether sends are committed in batches. */
    record SendSpec(String scenario, String queue, int threads, int deliveryMode, int batch, double warmupSeconds,
                    double durationSeconds) {
        boolean transacted() {
            return batch > 0;
        }
    }

    /**
     * Sends from {@code threads} threads in a loop: unmeasured for the warm-up, then measured. A unit is one
     * {@code send} (its latency: the call's duration), or in a transacted session {@code batch} sends and the
     * {@code commit} (its latency: first send to commit's return). Units started in the measured window count;
     * the window closes when the last of them ends.
     */
    ScenarioResult sends(SendSpec spec) throws InterruptedException {
        long warmupNanos = (long) (spec.warmupSeconds() * 1e9);
        long durationNanos = (long) (spec.durationSeconds() * 1e9);
        CountDownLatch ready = new CountDownLatch(spec.threads());
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong measureStart = new AtomicLong();
        AtomicLong measureEnd = new AtomicLong();
        List<SendWorker> workers = new ArrayList<>();
        for (int i = 0; i < spec.threads(); i++) {
            SendWorker w = new SendWorker(spec, ready, go, measureStart, measureEnd);
            workers.add(w);
            w.thread = new Thread(w, "jms-bench-" + spec.scenario() + "-" + i);
            w.thread.start();
        }
        ready.await();
        long start = System.nanoTime();
        measureStart.set(start + warmupNanos);
        measureEnd.set(start + warmupNanos + durationNanos);
        go.countDown();
        Thread.sleep(Math.max(0, (measureStart.get() - System.nanoTime()) / 1_000_000));
        ResourceSampler sampler = ResourceSampler.start(storeDir);
        for (SendWorker w : workers) {
            w.thread.join();
        }
        ResourceSampler.ResourceUsage usage = sampler.stop();
        Histogram latency = Units.newLatencyHistogram();
        long units = 0;
        long errors = 0;
        long lastEnd = measureStart.get();
        String firstError = null;
        for (SendWorker w : workers) {
            latency.add(w.latency);
            units += w.units;
            errors += w.errors;
            lastEnd = Math.max(lastEnd, w.lastEnd);
            if (firstError == null && w.firstError != null) {
                firstError = w.firstError;
            }
        }
        double seconds = (lastEnd - measureStart.get()) / 1e9;
        long messages = units * Math.max(1, spec.batch());
        return new ScenarioResult(spec.scenario(), spec.threads(), units, messages, seconds,
                seconds > 0 ? messages / seconds : 0, Units.micros(latency, 50), Units.micros(latency, 99),
                Units.micros(latency, 99.9), Units.micros(latency, 100), errors, usage.selfCores(), usage.otherCores(),
                usage.diskBytesWritten(), firstError == null ? "" : firstError);
    }

    private final class SendWorker implements Runnable {
        private final SendSpec spec;
        private final CountDownLatch ready;
        private final CountDownLatch go;
        private final AtomicLong measureStart;
        private final AtomicLong measureEnd;
        final Histogram latency = Units.newLatencyHistogram();
        Thread thread;
        long units;
        long errors;
        long lastEnd;
        String firstError;

        SendWorker(SendSpec spec, CountDownLatch ready, CountDownLatch go, AtomicLong measureStart, AtomicLong measureEnd) {
            this.spec = spec;
            this.ready = ready;
            this.go = go;
            this.measureStart = measureStart;
            this.measureEnd = measureEnd;
        }

        @Override
        public void run() {
            Connection connection = null;
            try {
                connection = factory.createConnection();
                Session session = spec.transacted() ? connection.createSession(true, Session.SESSION_TRANSACTED)
                        : connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Queue queue = session.createQueue(spec.queue());
                MessageProducer producer = session.createProducer(queue);
                producer.setDeliveryMode(spec.deliveryMode());
                ready.countDown();
                go.await();
                long end = measureEnd.get();
                long from = measureStart.get();
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) {
                        break;
                    }
                    try {
                        if (spec.transacted()) {
                            for (int i = 0; i < spec.batch(); i++) {
                                producer.send(message(session));
                            }
                            session.commit();
                        } else {
                            producer.send(message(session));
                        }
                    } catch (JMSException e) {
                        errors++;
                        if (firstError == null) {
                            firstError = e.toString();
                        }
                        if (spec.transacted()) {
                            rollbackQuietly(session);
                        }
                        continue;
                    }
                    long t1 = System.nanoTime();
                    if (t0 >= from) {
                        Units.record(latency, t1 - t0);
                        units++;
                        lastEnd = t1;
                    }
                }
            } catch (JMSException | RuntimeException e) {
                errors++;
                if (firstError == null) {
                    firstError = e.toString();
                }
                ready.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(connection);
            }
        }
    }

    private BytesMessage message(Session session) throws JMSException {
        BytesMessage m = session.createBytesMessage();
        m.writeBytes(body);
        return m;
    }

    /**
     * Fills {@code queue} with {@code count} persistent messages from {@code threads} threads (each body starts
     * with its sequence number), unmeasured. Returns the fill rate in msgs/s.
     */
    double prefill(String queue, int count, int threads) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> senders = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try (Connection c = factory.createConnection()) {
                    Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    MessageProducer p = s.createProducer(s.createQueue(queue));
                    p.setDeliveryMode(DeliveryMode.PERSISTENT);
                    for (int seq = next.getAndIncrement(); seq < count && failure.get() == null;
                         seq = next.getAndIncrement()) {
                        BytesMessage m = s.createBytesMessage();
                        m.writeInt(seq);
                        m.writeBytes(body, 4, body.length - 4);
                        p.send(m);
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, "jms-bench-prefill-" + i);
            senders.add(t);
            t.start();
        }
        for (Thread t : senders) {
            t.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("prefilling " + queue + " failed: " + failure.get(), failure.get());
        }
        return count / ((System.nanoTime() - t0) / 1e9);
    }

    /**
     * Drains a queue that {@link #prefill} filled with {@code count} messages, with {@code consumers} threads, each
     * with its own connection and an AUTO_ACKNOWLEDGE session calling {@code receive}. The clock starts when every
     * consumer exists and stops at the last message. Each message's sequence number is checked off, so lost and
     * duplicate deliveries show.
     */
    ScenarioResult drain(String scenario, String queue, int count, int consumers, double maxSeconds, double idleSeconds)
            throws InterruptedException {
        AtomicIntegerArray seen = new AtomicIntegerArray(count);
        AtomicLong received = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        AtomicLong lastReceive = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(consumers);
        CountDownLatch go = new CountDownLatch(1);
        long[] startHolder = new long[1];
        long idleMillis = (long) (idleSeconds * 1000);
        long maxNanos = (long) (maxSeconds * 1e9);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < consumers; i++) {
            Thread t = new Thread(() -> {
                Connection c = null;
                try {
                    c = factory.createConnection();
                    Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
                    ready.countDown();
                    go.await();
                    c.start();
                    long deadline = System.nanoTime() + maxNanos;
                    while (received.get() < count && System.nanoTime() < deadline) {
                        Message m = consumer.receive(Math.min(idleMillis, 500));
                        if (m == null) {
                            if (System.nanoTime() - Math.max(lastReceive.get(), startHolder[0]) > idleMillis * 1_000_000L) {
                                break;
                            }
                            continue;
                        }
                        int seq = ((BytesMessage) m).readInt();
                        if (seq < 0 || seq >= count || seen.getAndIncrement(seq) > 0) {
                            duplicates.incrementAndGet();
                            continue;
                        }
                        received.incrementAndGet();
                        lastReceive.accumulateAndGet(System.nanoTime(), Math::max);
                    }
                } catch (JMSException | RuntimeException e) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, e.toString());
                    ready.countDown();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    closeQuietly(c);
                }
            }, "jms-bench-consumer-" + i);
            threads.add(t);
            t.start();
        }
        ready.await();
        ResourceSampler sampler = ResourceSampler.start(storeDir);
        startHolder[0] = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        ResourceSampler.ResourceUsage usage = sampler.stop();
        long got = received.get();
        double seconds = got == 0 ? 0 : (lastReceive.get() - startHolder[0]) / 1e9;
        StringBuilder note = new StringBuilder();
        note.append("delivered ").append(got).append(" of ").append(count);
        if (duplicates.get() > 0) {
            note.append(", ").append(duplicates.get()).append(" duplicates");
        }
        if (firstError.get() != null) {
            note.append("; ").append(firstError.get());
        }
        return new ScenarioResult(scenario, consumers, got, got, seconds, seconds > 0 ? got / seconds : 0, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, errors.get() + (count - got), usage.selfCores(), usage.otherCores(),
                usage.diskBytesWritten(), note.toString());
    }

    private static void rollbackQuietly(Session session) {
        try {
            session.rollback();
        } catch (JMSException | RuntimeException ignored) {
            // the failure that led here is already counted
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (JMSException | RuntimeException ignored) {
            // closing after the measurement; nothing to report
        }
    }
}

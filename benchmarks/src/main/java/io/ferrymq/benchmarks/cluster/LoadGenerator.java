package io.ferrymq.benchmarks.cluster;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.body.HARuntimeInfo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The load generator: a JVM of its own whose classpath holds only the official Apache RocketMQ client (plus
 * HdrHistogram and this package). {@link ClusterBenchmark} starts one per broker and flush type; it talks
 * to that broker only through its nameserver.
 *
 * <p>It creates one topic with {@code queues} queues, then for each producer thread count runs a
 * synchronous and an asynchronous send case (warm-up, then a measured window), then drains the topic with
 * one push consumer. Given a slave ({@code slaveAddr}), it first waits until the slave replicates, and
 * after the send cases checks that the slave holds everything the master holds (the replica case). One
 * {@link DefaultMQProducer} is shared by all threads, as applications do. Retries are off ({@code retryTimesWhenSendFailed} = {@code retryTimesWhenSendAsyncFailed} = 0), so every failed
 * send is counted, not hidden by a retry. Each case's result is appended to {@code resultFile} as soon as
 * it is known.
 *
 * <p>Arguments are {@code name=value}; {@link ClusterBenchmark} passes all of them.
 */
public final class LoadGenerator {
    static final String TOPIC = "BenchmarkCluster";
    private static final String PRODUCER_GROUP = "ferrymq_bench_producer";
    private static final String CONSUMER_GROUP = "ferrymq_bench_consumer";
    private static final int BODY_POOL = 256;
    /** Longer than a SYNC_MASTER's wait for its slave: RocketMQ's slaveTimeout 3 s, FerryMQ's syncFlushTimeout 5 s. */
    private static final long PROBE_TIMEOUT_MILLIS = 10_000;

    private final Map<String, String> args;
    private final String broker;
    private final String flushType;
    private final String role;
    private final String namesrv;
    private final String brokerAddr;
    /** Empty without a slave. */
    private final String slaveAddr;
    private final Path resultFile;
    private final int queues;
    private final int inflight;
    private final int sendTimeoutMillis;
    private final int bodySize;
    private final Optional<ProcessHandle> brokerProcess;
    private final Optional<ProcessHandle> slaveProcess;
    /** Every send of the run that did not end SEND_OK (warm-ups included), by status or exception class. */
    private final Map<String, LongAdder> runFailures = new ConcurrentHashMap<>();
    private final byte[][] bodies = new byte[BODY_POOL][];
    private final AtomicInteger nextBody = new AtomicInteger();
    /** Per queue: the queue offsets of every send acknowledged SEND_OK (warm-up included). */
    private final BitSet[] acked;
    private final AtomicLong ackedOutsideQueues = new AtomicLong();
    private DefaultMQProducer producer;

    private LoadGenerator(Map<String, String> args) {
        this.args = args;
        this.broker = require("broker");
        this.flushType = require("flushType");
        this.role = require("role");
        this.namesrv = require("namesrv");
        this.brokerAddr = require("brokerAddr");
        this.slaveAddr = args.getOrDefault("slaveAddr", "");
        this.resultFile = Path.of(require("resultFile"));
        this.queues = integer("queues");
        this.inflight = integer("inflight");
        this.sendTimeoutMillis = integer("sendTimeoutMillis");
        this.bodySize = integer("bodySize");
        this.brokerProcess = ProcessHandle.of(Long.parseLong(require("brokerPid")));
        this.slaveProcess = slaveAddr.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(require("slavePid")));
        this.acked = new BitSet[queues];
        for (int i = 0; i < queues; i++) {
            acked[i] = new BitSet();
        }
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < BODY_POOL; i++) {
            bodies[i] = new byte[bodySize];
            for (int j = 0; j < bodySize; j++) {
                bodies[i][j] = (byte) random.nextInt(256);
            }
        }
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (String a : argv) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected name=value, got " + a);
            }
            args.put(a.substring(0, eq), a.substring(eq + 1));
        }
        int exit = 0;
        try {
            new LoadGenerator(args).run();
        } catch (Throwable t) {
            System.err.println("load generator failed: " + t);
            t.printStackTrace(System.err); // a main program: its stderr is the report
            exit = 1;
        }
        // The client's threads are not all daemons: leave explicitly.
        System.exit(exit);
    }

    private void run() throws Exception {
        producer = new DefaultMQProducer(PRODUCER_GROUP);
        producer.setNamesrvAddr(namesrv);
        producer.setInstanceName("bench-producer-" + ProcessHandle.current().pid());
        producer.setSendMsgTimeout(sendTimeoutMillis);
        producer.setRetryTimesWhenSendFailed(0);
        producer.setRetryTimesWhenSendAsyncFailed(0);
        producer.start();
        try {
            createTopic();
            String probes = slaveAddr.isEmpty() ? "" : awaitSlave();
            int maxThreads = 1;
            for (String t : require("threads").split(",")) {
                maxThreads = Math.max(maxThreads, Integer.parseInt(t.trim()));
            }
            int initialWarmup = integer("initialWarmupSeconds");
            if (initialWarmup > 0) {
                // Both send paths, at the highest thread count, until the brokers' JIT compilers have settled:
                // Apache RocketMQ's broker runs far more code and compiles for longer (seen: C2 busy for ~25 s).
                int half = initialWarmup / 2;
                progress("initial warm-up, not measured: %d s of sync sends, then %d s of async sends, from %d threads",
                        half, initialWarmup - half, maxThreads);
                CaseResult w1 = sendCase("sync", maxThreads, half, 0);
                CaseResult w2 = sendCase("async", maxThreads, initialWarmup - half, 0);
                progress("  (warm-up: %d failed sends%s)", w1.errors() + w2.errors(),
                        joined(w1.detail(), w2.detail()).isEmpty() ? "" : "; " + joined(w1.detail(), w2.detail()));
                pause();
            }
            int idle = integer("idleSeconds");
            if (idle > 0) {
                CaseResult r = idleCase(idle);
                write(r);
                progress("idle  %d s: broker %.2f%s / client %.2f / other %.2f cores", idle, r.brokerCores(),
                        slaveAddr.isEmpty() ? "" : String.format(" + slave %.2f", r.slaveCores()), r.clientCores(), r.otherCores());
            }
            List<String> modes = List.of(require("modes").split(","));
            for (String t : require("threads").split(",")) {
                int threads = Integer.parseInt(t.trim());
                for (String mode : modes) {
                    CaseResult r = sendCase(mode.trim(), threads, integer("warmupSeconds"), integer("durationSeconds"));
                    write(r);
                    progress("%-5s %2d threads: %,10.0f msgs/s %7.1f MiB/s  p50 %,8.0f  p99 %,8.0f  p99.9 %,8.0f µs"
                                    + "  failed %d  broker %.2f%s / client %.2f / other %.2f cores%s",
                            mode, threads, r.msgsPerSecond(), r.mibPerSecond(), r.p50us(), r.p99us(), r.p999us(),
                            r.errors(), r.brokerCores(), slaveAddr.isEmpty() ? "" : String.format(" + slave %.2f", r.slaveCores()),
                            r.clientCores(), r.otherCores(),
                            r.detail().isEmpty() ? "" : "  " + r.detail());
                    pause();
                }
            }
            if (!slaveAddr.isEmpty()) {
                CaseResult r = replicaCase(probes);
                write(r);
                progress("replica: %s", r.detail());
            }
            if (Boolean.parseBoolean(require("consume"))) {
                CaseResult r = consumeCase();
                write(r);
                progress("consume: %,10.0f msgs/s %7.1f MiB/s  broker %.2f / client %.2f / other %.2f cores  %s",
                        r.msgsPerSecond(), r.mibPerSecond(), r.brokerCores(), r.clientCores(), r.otherCores(), r.detail());
            }
        } finally {
            producer.shutdown();
        }
    }

    // ---------------------------------------------------------------------------------------------- topic

    /** Creates the topic through TBW102's route (the official client's createTopic) and waits for its route. */
    private void createTopic() throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        MQClientException last = null;
        while (true) {
            try {
                producer.fetchPublishMessageQueues("TBW102");
                break;
            } catch (MQClientException e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no route for TBW102 after 60 s: the broker did not register", last);
            }
            Thread.sleep(200);
        }
        producer.createTopic("TBW102", TOPIC, queues, null);
        while (true) {
            try {
                List<MessageQueue> mqs = producer.fetchPublishMessageQueues(TOPIC);
                if (mqs.size() == queues) {
                    progress("topic %s: %d queues on %s", TOPIC, mqs.size(), mqs.get(0).getBrokerName());
                    return;
                }
            } catch (MQClientException e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + TOPIC + " has no route with " + queues + " queues after 60 s", last);
            }
            Thread.sleep(200);
        }
    }

    // ---------------------------------------------------------------------------------------------- send

    private Message message() {
        return new Message(TOPIC, bodies[(nextBody.getAndIncrement() & Integer.MAX_VALUE) % BODY_POOL]);
    }

    private void onAcked(SendResult r) {
        int q = r.getMessageQueue().getQueueId();
        long offset = r.getQueueOffset();
        if (q < 0 || q >= queues || offset < 0 || offset > Integer.MAX_VALUE) {
            ackedOutsideQueues.incrementAndGet();
            return;
        }
        BitSet b = acked[q];
        synchronized (b) {
            b.set((int) offset);
        }
    }

    /**
     * One send case: {@code threads} threads send for {@code warmupSeconds}, then for {@code durationSeconds}
     * measured. Throughput counts sends acknowledged SEND_OK whose acknowledgement arrived inside the window;
     * latency (from the call to the result) covers the successful sends started inside the window. Async
     * sends are bounded by a semaphore of {@code inflight} permits shared by all threads.
     */
    private CaseResult sendCase(String mode, int threads, int warmupSeconds, int durationSeconds) throws Exception {
        boolean async = mode.equals("async");
        long start = System.nanoTime();
        long measureStart = start + warmupSeconds * 1_000_000_000L;
        long end = measureStart + durationSeconds * 1_000_000_000L;
        Recorder latencies = new Recorder(3);
        LongAdder ok = new LongAdder();
        Failures failed = new Failures(runFailures);
        Semaphore permits = new Semaphore(inflight);
        Thread[] workers = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            Runnable loop = async
                    ? () -> asyncLoop(measureStart, end, permits, latencies, ok, failed)
                    : () -> syncLoop(measureStart, end, latencies, ok, failed);
            workers[i] = new Thread(loop, "bench-" + mode + "-" + i);
            workers[i].start();
        }
        sleepUntil(measureStart);
        Usage u0 = usage();
        sleepUntil(end);
        Usage u1 = usage();
        for (Thread w : workers) {
            w.join();
        }
        String detail = "";
        if (async && !permits.tryAcquire(inflight, sendTimeoutMillis + 15_000L, TimeUnit.MILLISECONDS)) {
            detail = (inflight - permits.availablePermits()) + " async sends had no outcome "
                    + (sendTimeoutMillis + 15_000) + " ms after the window";
        }
        detail = joined(detail, failed.summary());
        if (durationSeconds > 0) {
            detail = joined(joined(detail, u1.deviceWrites(u0, ok.sum() * bodySize)), u1.otherLoad(u0));
        }
        Histogram h = latencies.getIntervalHistogram();
        double seconds = durationSeconds;
        return new CaseResult(broker, flushType, role, mode, threads, ok.sum(), seconds, bodySize,
                us(h, 50), us(h, 99), us(h, 99.9), h.getTotalCount() == 0 ? Double.NaN : h.getMaxValue() / 1000.0,
                failed.count(), failed.slaveStatuses(), u1.brokerCores(u0), u1.slaveCores(u0), u1.clientCores(u0),
                u1.otherCores(u0), detail);
    }

    private void syncLoop(long measureStart, long end, Recorder latencies, LongAdder ok, Failures failed) {
        while (true) {
            long t0 = System.nanoTime();
            if (t0 - end >= 0) {
                return;
            }
            try {
                SendResult r = producer.send(message());
                long t1 = System.nanoTime();
                if (r.getSendStatus() == SendStatus.SEND_OK) {
                    onAcked(r);
                    if (t0 - measureStart >= 0) {
                        latencies.recordValue(t1 - t0);
                    }
                    if (t1 - measureStart >= 0 && t1 - end <= 0) {
                        ok.increment();
                    }
                } else {
                    failed.status(r.getSendStatus());
                }
            } catch (Exception e) {
                failed.exception(e);
                backOff();
            }
        }
    }

    private void asyncLoop(long measureStart, long end, Semaphore permits, Recorder latencies, LongAdder ok,
                           Failures failed) {
        while (true) {
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long t0 = System.nanoTime();
            if (t0 - end >= 0) {
                permits.release();
                return;
            }
            AtomicBoolean done = new AtomicBoolean();
            SendCallback callback = new SendCallback() {
                @Override
                public void onSuccess(SendResult r) {
                    long t1 = System.nanoTime();
                    try {
                        if (r.getSendStatus() == SendStatus.SEND_OK) {
                            onAcked(r);
                            if (t0 - measureStart >= 0) {
                                latencies.recordValue(t1 - t0);
                            }
                            if (t1 - measureStart >= 0 && t1 - end <= 0) {
                                ok.increment();
                            }
                        } else {
                            failed.status(r.getSendStatus());
                        }
                    } finally {
                        if (done.compareAndSet(false, true)) {
                            permits.release();
                        }
                    }
                }

                @Override
                public void onException(Throwable e) {
                    failed.exception(e);
                    if (done.compareAndSet(false, true)) {
                        permits.release();
                    }
                }
            };
            try {
                producer.send(message(), callback, sendTimeoutMillis);
            } catch (Exception e) {
                failed.exception(e);
                if (done.compareAndSet(false, true)) {
                    permits.release();
                }
                backOff();
            }
        }
    }

    /** CPU use of the broker with connected but silent clients: its background threads. */
    private CaseResult idleCase(int seconds) throws InterruptedException {
        Usage u0 = usage();
        Thread.sleep(seconds * 1000L);
        Usage u1 = usage();
        return new CaseResult(broker, flushType, role, "idle", 0, 0, seconds, bodySize, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, 0, 0, u1.brokerCores(u0), u1.slaveCores(u0), u1.clientCores(u0), u1.otherCores(u0),
                joined("no load, after the warm-up", u1.otherLoad(u0)));
    }

    // ---------------------------------------------------------------------------------------------- replication

    /**
     * Before any load: waits until the nameserver lists both brokers of the group (the slave learns its
     * master's replication address from that registration), then until the slave holds everything its master
     * holds, so that no measured SYNC_MASTER send waits for the slave to connect. The master's CommitLog is
     * empty at first, so a probe message is sent then, and every 2 s while the slave has not caught up. Probes
     * that do not end SEND_OK (a SYNC_MASTER whose slave is not connected yet) are expected here; they are
     * reported, not counted as failures. Their timeout is longer than both brokers' wait for the slave, so
     * that the broker's answer, not the client's timeout, ends them.
     *
     * @return a description of the probes, for the replica case's detail
     */
    private String awaitSlave() throws Exception {
        long start = System.nanoTime();
        long deadline = start + integer("replicaCheckSeconds") * 1_000_000_000L;
        Exception lastError = null;
        Map<Long, String> group = Map.of();
        while (!group.containsKey(0L) || !group.containsKey(1L)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the nameserver did not list master and slave within replicaCheckSeconds: "
                        + group, lastError);
            }
            Thread.sleep(200);
            try {
                var data = admin().getBrokerClusterInfo(3_000).getBrokerAddrTable().get(BrokerKind.BROKER_NAME);
                group = data == null ? Map.of() : data.getBrokerAddrs();
            } catch (Exception e) {
                lastError = e;
            }
        }
        progress("nameserver lists %s: %s after %.1f s", BrokerKind.BROKER_NAME, group, (System.nanoTime() - start) / 1e9);
        long lastProbe = 0;
        int probes = 0;
        Failures probeFailures = new Failures(new ConcurrentHashMap<>());
        long m = -1;
        long s = -1;
        while (true) {
            try {
                m = commitLogMaxOffset(brokerAddr);
                s = commitLogMaxOffset(slaveAddr);
                if (m > 0 && s >= m) {
                    String what = String.format("%d probe sends before the load%s", probes,
                            probeFailures.count() == 0 ? "" : " (" + probeFailures.summary() + ")");
                    progress("slave %s holds the master's %d CommitLog bytes after %.1f s; %s", slaveAddr, m,
                            (System.nanoTime() - start) / 1e9, what);
                    return what;
                }
            } catch (Exception e) {
                lastError = e;
            }
            long now = System.nanoTime();
            if (now > deadline) {
                throw new IllegalStateException("the slave did not replicate within replicaCheckSeconds: master commitLogMaxOffset "
                        + m + ", slave " + s + (probeFailures.count() == 0 ? "" : "; probes: " + probeFailures.summary()), lastError);
            }
            if (m == 0 || now - lastProbe > 2_000_000_000L) {
                lastProbe = now;
                probes++;
                try {
                    SendResult r = producer.send(message(), PROBE_TIMEOUT_MILLIS);
                    if (r.getSendStatus() == SendStatus.SEND_OK) {
                        onAcked(r);
                    } else {
                        probeFailures.status(r.getSendStatus());
                    }
                } catch (Exception e) {
                    probeFailures.exception(e);
                }
            }
            Thread.sleep(200);
        }
    }

    /**
     * After the send cases: waits (up to {@code replicaCheckSeconds}) until the slave's commitLogMaxOffset
     * reaches the master's and its ConsumeQueues hold as many messages of the topic as the master's, then
     * reports both sides, the master's view of its slave, and every send of the run that did not end SEND_OK.
     * The check passes on the CommitLog offsets; the queue counts are reported beside them.
     */
    private CaseResult replicaCase(String probes) throws Exception {
        long start = System.nanoTime();
        long deadline = start + integer("replicaCheckSeconds") * 1_000_000_000L;
        long m;
        long s;
        long qm;
        long qs;
        String queued;
        while (true) {
            m = commitLogMaxOffset(brokerAddr);
            s = commitLogMaxOffset(slaveAddr);
            qm = queuedMessages(brokerAddr);
            try {
                qs = queuedMessages(slaveAddr);
                queued = String.format("messages in %s's queues: master %d, slave %d", TOPIC, qm, qs);
            } catch (Exception e) {
                qs = -1; // the slave does not answer for its queues: judge by the CommitLog alone
                queued = String.format("messages in %s's queues: master %d, slave unknown (%s)", TOPIC, qm, describe(e));
            }
            if ((s >= m && (qs < 0 || qs >= qm)) || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(100);
        }
        double waited = (System.nanoTime() - start) / 1e9;
        String caughtUp = s >= m
                ? String.format("the slave held the master's CommitLog %.1f s after the last send", waited)
                : String.format("the slave still lacked %d CommitLog bytes %.0f s after the last send", m - s, waited);
        if (qs >= 0 && qs < qm) {
            queued += String.format(" (**the slave's queues lack %d messages**)", qm - qs);
        }
        String statuses = "sends of the run (warm-ups included) not SEND_OK: "
                + (runFailures.isEmpty() ? "none" : Failures.tally(runFailures));
        String detail = String.join("; ", caughtUp, queued, statuses, masterHaView(), probes);
        return new CaseResult(broker, flushType, role, "replica", 0, m, waited, bodySize, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Math.max(0, m - s), Failures.slaveStatuses(runFailures), Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, detail);
    }

    /** The admin calls of the official client (the requests rocketmq-tools' DefaultMQAdminExt makes too). */
    private MQClientAPIImpl admin() {
        return producer.getDefaultMQProducerImpl().getMqClientFactory().getMQClientAPIImpl();
    }

    /** GET_BROKER_RUNTIME_INFO of one broker. */
    private Map<String, String> runtimeInfo(String addr) throws Exception {
        return admin().getBrokerRuntimeInfo(addr, 3_000).getTable();
    }

    private long commitLogMaxOffset(String addr) throws Exception {
        String v = runtimeInfo(addr).get("commitLogMaxOffset");
        if (v == null) {
            throw new IllegalStateException(addr + "'s runtime info has no commitLogMaxOffset");
        }
        return Long.parseLong(v);
    }

    /** Sum over the topic's queues of one broker's ConsumeQueue max offsets (GET_MAX_OFFSET to that address). */
    private long queuedMessages(String addr) throws Exception {
        long sum = 0;
        for (MessageQueue mq : producer.fetchPublishMessageQueues(TOPIC)) {
            sum += admin().getMaxOffset(addr, mq, 3_000);
        }
        return sum;
    }

    /**
     * What the master says about its slave: FerryMQ's runtime info (haConnectedSlaves, haSlaveHeldOffset);
     * RocketMQ's runtime info has no replication figures, so its GET_BROKER_HA_STATUS (HARuntimeInfo).
     */
    private String masterHaView() {
        try {
            Map<String, String> t = runtimeInfo(brokerAddr);
            if (t.containsKey("haConnectedSlaves")) {
                return "master runtime info: haConnectedSlaves " + t.get("haConnectedSlaves") + ", haSlaveHeldOffset "
                        + t.get("haSlaveHeldOffset") + ", commitLogMaxOffset " + t.get("commitLogMaxOffset");
            }
            HARuntimeInfo ha = admin().getBrokerHAStatus(brokerAddr, 3_000);
            StringBuilder sb = new StringBuilder("master HA status: masterCommitLogMaxOffset " + ha.getMasterCommitLogMaxOffset()
                    + ", inSyncSlaveNums " + ha.getInSyncSlaveNums() + ", connections");
            if (ha.getHaConnectionInfo() == null || ha.getHaConnectionInfo().isEmpty()) {
                sb.append(" none");
            }
            for (HARuntimeInfo.HAConnectionRuntimeInfo c : ha.getHaConnectionInfo() == null
                    ? List.<HARuntimeInfo.HAConnectionRuntimeInfo>of() : ha.getHaConnectionInfo()) {
                sb.append(" [").append(c.getAddr()).append(" slaveAckOffset ").append(c.getSlaveAckOffset())
                        .append(", diff ").append(c.getDiff()).append(", inSync ").append(c.isInSync()).append(']');
            }
            return sb.toString();
        } catch (Exception e) {
            return "master's replication view unavailable: " + describe(e);
        }
    }

    // ---------------------------------------------------------------------------------------------- consume

    /**
     * Drains the topic from its first offset with one DefaultMQPushConsumer (default settings: 20 consume
     * threads, pull batches of 32, one message per listener call). The rate counts distinct messages from
     * the first delivery to the last. Every send acknowledged SEND_OK is checked off by (queue, offset).
     */
    private CaseResult consumeCase() throws Exception {
        long stored = storedMessages();
        progress("consume: %,d messages stored in %s, draining them with a push consumer", stored, TOPIC);
        BitSet[] delivered = new BitSet[queues];
        for (int i = 0; i < queues; i++) {
            delivered[i] = new BitSet();
        }
        LongAdder deliveries = new LongAdder();
        AtomicLong unique = new AtomicLong();
        AtomicLong outside = new AtomicLong();
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();

        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(CONSUMER_GROUP);
        consumer.setNamesrvAddr(namesrv);
        consumer.setInstanceName("bench-consumer-" + ProcessHandle.current().pid());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(TOPIC, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            first.compareAndSet(0, System.nanoTime());
            for (MessageExt m : msgs) {
                deliveries.increment();
                int q = m.getQueueId();
                long offset = m.getQueueOffset();
                if (q < 0 || q >= queues || offset < 0 || offset > Integer.MAX_VALUE) {
                    outside.incrementAndGet();
                    continue;
                }
                BitSet b = delivered[q];
                boolean fresh;
                synchronized (b) {
                    fresh = !b.get((int) offset);
                    b.set((int) offset);
                }
                if (fresh) {
                    unique.incrementAndGet();
                }
            }
            last.accumulateAndGet(System.nanoTime(), Math::max);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        long started = System.nanoTime();
        consumer.start();
        long idleLimit = integer("consumeIdleSeconds") * 1_000_000_000L;
        long maxEnd = started + integer("consumeMaxSeconds") * 1_000_000_000L;
        Usage u0 = null;
        long lastSeen = -1;
        long lastChange = System.nanoTime();
        String stop;
        while (true) {
            Thread.sleep(20);
            long now = System.nanoTime();
            if (u0 == null && first.get() != 0) {
                u0 = usage();
            }
            long u = unique.get();
            if (u != lastSeen) {
                lastSeen = u;
                lastChange = now;
            }
            if (u >= stored) {
                stop = "all stored messages delivered";
                break;
            }
            if (now - lastChange > idleLimit) {
                stop = "stopped: nothing new for " + integer("consumeIdleSeconds") + " s";
                break;
            }
            if (now > maxEnd) {
                stop = "stopped after consumeMaxSeconds";
                break;
            }
        }
        Usage u1 = usage();
        consumer.shutdown();
        if (u0 == null) {
            u0 = u1;
        }
        long lost = 0;
        long ackedCount = 0;
        for (int q = 0; q < queues; q++) {
            BitSet missing;
            synchronized (acked[q]) {
                missing = (BitSet) acked[q].clone();
            }
            ackedCount += missing.cardinality();
            synchronized (delivered[q]) {
                missing.andNot(delivered[q]);
            }
            lost += missing.cardinality();
        }
        double seconds = first.get() == 0 ? 0 : (last.get() - first.get()) / 1e9;
        String other = u1.otherLoad(u0);
        long dups = deliveries.sum() - unique.get() - outside.get();
        String detail = String.format("%s; stored %d, delivered %d distinct + %d duplicates, acked %d,"
                        + " acked but not delivered %d%s%s",
                stop, stored, unique.get(), dups, ackedCount, lost,
                outside.get() + ackedOutsideQueues.get() > 0
                        ? ", outside the expected queues/offsets: " + outside.get() + " delivered, " + ackedOutsideQueues.get() + " acked"
                        : "",
                first.get() == 0 ? ", nothing delivered" : String.format(", first delivery %.1f s after start",
                        (first.get() - started) / 1e9));
        detail = joined(detail, other);
        return new CaseResult(broker, flushType, role, "consume", consumer.getConsumeThreadMin(), unique.get(), seconds, bodySize,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, lost, 0, u1.brokerCores(u0), u1.slaveCores(u0),
                u1.clientCores(u0), u1.otherCores(u0), detail);
    }

    /** Messages in the topic per the broker (max - min offset of each queue), once the figure is stable. */
    private long storedMessages() throws Exception {
        long previous = -1;
        for (int attempt = 0; attempt < 40; attempt++) {
            long sum = 0;
            for (MessageQueue mq : producer.fetchPublishMessageQueues(TOPIC)) {
                sum += producer.maxOffset(mq) - producer.minOffset(mq);
            }
            if (sum == previous) {
                return sum;
            }
            previous = sum;
            Thread.sleep(500);
        }
        return previous;
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private Usage usage() {
        return Usage.now(brokerProcess, slaveProcess);
    }

    /**
     * CPU time of the broker process, of its slave (-1 without one), of this JVM and of the whole machine, the
     * wall clock, and the CPU time of every process on the machine (to name the source of any other load), at
     * one instant.
     */
    private record Usage(long wallNanos, long brokerPid, long brokerCpuNanos, long slavePid, long slaveCpuNanos,
                         long clientCpuNanos, long machineBusyNanos, Map<Long, Long> processTicks, long deviceWriteSectors) {
        /** USER_HZ: the unit of /proc/stat, 100 on Linux. */
        private static final long NANOS_PER_TICK = 10_000_000L;
        /** Other load above which the processes behind it are named in the case's detail. */
        private static final double NAME_OTHER_ABOVE = 0.2;

        static Usage now(Optional<ProcessHandle> broker, Optional<ProcessHandle> slave) {
            long c = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
            return new Usage(System.nanoTime(), broker.map(ProcessHandle::pid).orElse(-1L), cpuNanos(broker),
                    slave.map(ProcessHandle::pid).orElse(-1L), cpuNanos(slave), c, machineBusy(), readProcessTicks(),
                    deviceWrites());
        }

        private static long cpuNanos(Optional<ProcessHandle> p) {
            return p.flatMap(h -> h.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
        }

        /** user + nice + system + irq + softirq + steal of all CPUs, from the first line of /proc/stat. */
        private static long machineBusy() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long busy = 0;
                for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                    busy += Long.parseLong(f[i]);
                }
                return busy * NANOS_PER_TICK;
            } catch (Exception e) {
                return -1;
            }
        }

        /**
         * Sectors (512 B) written by the machine's block devices, from /sys/block/[dev]/stat; loop, RAM,
         * device-mapper and md devices are left out so that no write is counted twice.
         */
        private static long deviceWrites() {
            long sectors = 0;
            try (var devs = Files.newDirectoryStream(Path.of("/sys/block"))) {
                for (Path d : devs) {
                    String name = d.getFileName().toString();
                    if (name.startsWith("loop") || name.startsWith("ram") || name.startsWith("zram")
                            || name.startsWith("dm-") || name.startsWith("md")) {
                        continue;
                    }
                    String[] f = Files.readString(d.resolve("stat")).trim().split("\\s+");
                    sectors += Long.parseLong(f[6]);
                }
            } catch (Exception e) {
                return -1;
            }
            return sectors;
        }

        /** Device writes since {@code from}, and their ratio to {@code bodyBytes}, as text. */
        String deviceWrites(Usage from, long bodyBytes) {
            if (deviceWriteSectors < 0 || from.deviceWriteSectors < 0) {
                return "";
            }
            long bytes = (deviceWriteSectors - from.deviceWriteSectors) * 512;
            return String.format("device writes %.0f MB%s", bytes / 1e6,
                    bodyBytes > 0 ? String.format(" = %.1f × the bodies", (double) bytes / bodyBytes) : "");
        }

        /** utime + stime of every process (threads included), from /proc/[pid]/stat. */
        private static Map<Long, Long> readProcessTicks() {
            Map<Long, Long> m = new java.util.HashMap<>();
            try (var dirs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
                for (Path d : dirs) {
                    try {
                        String stat = Files.readString(d.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        m.put(Long.parseLong(d.getFileName().toString()), Long.parseLong(f[11]) + Long.parseLong(f[12]));
                    } catch (Exception e) {
                        // the process ended meanwhile
                    }
                }
            } catch (Exception e) {
                // not Linux
            }
            return m;
        }

        double brokerCores(Usage from) {
            return rate(brokerCpuNanos, from.brokerCpuNanos, from);
        }

        /** NaN without a slave. */
        double slaveCores(Usage from) {
            return rate(slaveCpuNanos, from.slaveCpuNanos, from);
        }

        double clientCores(Usage from) {
            return rate(clientCpuNanos, from.clientCpuNanos, from);
        }

        double otherCores(Usage from) {
            double slave = slavePid < 0 ? 0 : slaveCores(from);
            return rate(machineBusyNanos, from.machineBusyNanos, from) - brokerCores(from) - slave - clientCores(from);
        }

        /** When the other load is significant: the three processes (besides brokers and client) that used most CPU. */
        String otherLoad(Usage from) {
            if (!(otherCores(from) > NAME_OTHER_ABOVE)) {
                return "";
            }
            long self = ProcessHandle.current().pid();
            double wall = wallNanos - from.wallNanos;
            StringBuilder sb = new StringBuilder();
            processTicks.entrySet().stream()
                    .filter(e -> e.getKey() != self && e.getKey() != brokerPid && e.getKey() != slavePid)
                    .map(e -> Map.entry(e.getKey(), e.getValue() - from.processTicks.getOrDefault(e.getKey(), 0L)))
                    .filter(e -> e.getValue() * NANOS_PER_TICK / wall >= 0.01)
                    .sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
                    .limit(3)
                    .forEach(e -> sb.append(String.format("%s %.2f cores, ", describeProcess(e.getKey()),
                            e.getValue() * NANOS_PER_TICK / wall)));
            return sb.length() == 0 ? "other load from no single process (processes that ended, or the kernel)"
                    : "other load from: " + sb.substring(0, sb.length() - 2);
        }

        /** "pid 123 java (io.example.Main)": the command's name and, for a JVM, its main class or jar. */
        private static String describeProcess(long pid) {
            try {
                Path d = Path.of("/proc", Long.toString(pid));
                String comm = Files.readString(d.resolve("comm")).trim();
                String[] args = Files.readString(d.resolve("cmdline")).split("\0");
                String main = "";
                for (int i = 1; i < args.length; i++) {
                    if (args[i].equals("-cp") || args[i].equals("-classpath") || args[i].equals("--class-path")) {
                        i++;
                    } else if (args[i].equals("-jar") && i + 1 < args.length) {
                        main = "-jar " + Path.of(args[i + 1]).getFileName();
                        break;
                    } else if (!args[i].startsWith("-")) {
                        main = args[i];
                        break;
                    }
                }
                return "pid " + pid + " " + comm + (main.isEmpty() ? "" : " (" + main + ")");
            } catch (Exception e) {
                return "pid " + pid + " (ended)";
            }
        }

        private double rate(long to, long fromCpu, Usage from) {
            long wall = wallNanos - from.wallNanos;
            return to < 0 || fromCpu < 0 || wall <= 0 ? Double.NaN : (double) (to - fromCpu) / wall;
        }
    }

    /**
     * The sends of one case that did not end SEND_OK: how many, the first one, and a tally by status (a
     * SendResult status such as FLUSH_SLAVE_TIMEOUT or SLAVE_NOT_AVAILABLE) or exception class, which also
     * feeds the run-wide tally.
     */
    private static final class Failures {
        private final LongAdder count = new LongAdder();
        private final AtomicReference<String> first = new AtomicReference<>();
        private final Map<String, LongAdder> byKind = new ConcurrentHashMap<>();
        private final Map<String, LongAdder> run;

        Failures(Map<String, LongAdder> run) {
            this.run = run;
        }

        void status(SendStatus status) {
            record(status.name(), "status " + status);
        }

        void exception(Throwable e) {
            String kind = e.getClass().getSimpleName();
            if (e instanceof MQBrokerException b) {
                kind += " code " + b.getResponseCode();
            }
            record(kind, describe(e));
        }

        private void record(String kind, String description) {
            count.increment();
            first.compareAndSet(null, description);
            byKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
            run.computeIfAbsent(kind, k -> new LongAdder()).increment();
        }

        long count() {
            return count.sum();
        }

        /** The sends answered FLUSH_SLAVE_TIMEOUT or SLAVE_NOT_AVAILABLE. */
        long slaveStatuses() {
            return slaveStatuses(byKind);
        }

        static long slaveStatuses(Map<String, LongAdder> byKind) {
            long n = 0;
            for (SendStatus s : new SendStatus[] {SendStatus.FLUSH_SLAVE_TIMEOUT, SendStatus.SLAVE_NOT_AVAILABLE}) {
                LongAdder a = byKind.get(s.name());
                n += a == null ? 0 : a.sum();
            }
            return n;
        }

        /** "not SEND_OK: FLUSH_SLAVE_TIMEOUT: 3, ...; first failure: ...", or "" when there was none. */
        String summary() {
            return first.get() == null ? "" : "not SEND_OK: " + tally(byKind) + "; first failure: " + first.get();
        }

        /** "FLUSH_SLAVE_TIMEOUT: 3, MQBrokerException code 2: 5", sorted by kind. */
        static String tally(Map<String, LongAdder> byKind) {
            StringBuilder sb = new StringBuilder();
            new TreeMap<>(byKind).forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(k).append(": ").append(v.sum()));
            return sb.toString();
        }
    }

    private static String joined(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "; " + b;
    }

    private static double us(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static String describe(Throwable e) {
        String m = (e.getClass().getSimpleName() + ": " + e.getMessage()).replaceAll("\\s+", " ");
        if (m.length() > 300) {
            m = m.substring(0, 300) + "...";
        }
        return m;
    }

    /** After a failed send: do not spin when the broker refuses everything. */
    private static void backOff() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private void pause() throws InterruptedException {
        Thread.sleep(integer("pauseMillis"));
    }

    private void write(CaseResult r) throws Exception {
        Files.writeString(resultFile, r.toLine() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private void progress(String format, Object... a) {
        System.err.printf("[%s %s] %s%n", broker, flushType, String.format(format, a));
    }

    private String require(String name) {
        String v = args.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing argument " + name);
        }
        return v;
    }

    private int integer(String name) {
        return Integer.parseInt(require(name).trim());
    }
}

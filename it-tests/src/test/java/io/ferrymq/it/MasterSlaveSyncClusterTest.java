package io.ferrymq.it;

import io.ferrymq.client.Message;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.Producer;
import io.ferrymq.client.PullConsumer;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.SendResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seeds' 2m-2s-sync deployment with SYNC_FLUSH, every node its own JVM started by {@code bin/mqcluster}:
 * reads steered to a slave and back, a slave killed and restarted catching up, then one nameserver and one
 * master killed with {@code kill -9} under load (the last step lives in {@link FailoverScenario}).
 * The steps share one cluster and run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class MasterSlaveSyncClusterTest {
    private static final Logger LOG = LoggerFactory.getLogger(MasterSlaveSyncClusterTest.class);

    private ScriptCluster cluster;
    /** What step 1's consumer group committed per queue; step 3 finds it on the slave after the master dies. */
    private Map<MessageQueue, Long> slaveReadsOffsets = Map.of();

    @BeforeAll
    void startCluster(@TempDir Path dir) throws Exception {
        // 1 MiB of backlog counts as "no longer in memory", so a few MB of messages exercise slave reads.
        cluster = ScriptCluster.start("2m-2s-sync", dir, "flushDiskType=SYNC_FLUSH",
                "mappedFileSizeCommitLog=16777216", "accessMessageInMemoryMaxBytes=1048576",
                "maxHashSlotNum=10000", "maxIndexNum=40000");
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static long info(Map<String, String> runtime, String key) {
        return Long.parseLong(runtime.get(key));
    }

    private void awaitReplicated(String master, String slave) throws Exception {
        long masterMax = info(cluster.runtimeInfo(master), "commitLogMaxOffset");
        cluster.awaitRuntime(slave, i -> info(i, "commitLogMaxOffset") >= masterMax, "offset " + masterMax + " of " + master);
    }

    /**
     * Waits until the nameservers route {@code topic} to {@code broker} alone. A send before that would go
     * through the auto-create template and create the topic on the other master too.
     */
    private static void awaitRouteOnlyOn(Producer producer, String topic, String broker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            List<MessageQueue> queues = producer.writableQueues(topic);
            if (!queues.isEmpty() && queues.stream().allMatch(q -> q.brokerName().equals(broker))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("route of " + topic + " is " + queues);
            }
            Thread.sleep(100);
        }
    }

    @Test
    @Order(1)
    void aConsumerFarBehindIsSteeredToTheSlaveAndBackWithoutGoingBackwards() throws Exception {
        String topic = "SlaveReads";
        cluster.createTopicOn("broker-a", topic, 4);
        int count = 4000;
        byte[] padding = new byte[1000];
        try (Producer producer = new Producer("sr-pg", cluster.clientConfig("sr-p"))) {
            producer.start();
            awaitRouteOnlyOn(producer, topic, "broker-a");
            for (int i = 0; i < count; i++) {
                byte[] body = new byte[1010];
                byte[] id = String.format("%06d", i).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(id, 0, body, 0, id.length);
                System.arraycopy(padding, 0, body, 10, padding.length);
                SendResult r = producer.send(new Message(topic, body));
                // A SYNC_MASTER with its slave up acknowledges with SEND_OK only.
                assertThat(r.status()).isEqualTo(SendResult.SendStatus.SEND_OK);
            }
        }
        awaitReplicated("broker-a", "broker-a-s");
        long slaveServedBefore = info(cluster.runtimeInfo("broker-a-s"), "msgGetTotalTodayNow");
        long masterServedBefore = info(cluster.runtimeInfo("broker-a"), "msgGetTotalTodayNow");

        Map<MessageQueue, Long> nextExpected = new HashMap<>();
        int received = 0;
        try (PullConsumer consumer = new PullConsumer("sr-cg", cluster.clientConfig("sr-c")).setPullBatchSize(32)) {
            consumer.start();
            List<MessageQueue> queues = consumer.queuesOf(topic);
            consumer.assign(queues);
            for (MessageQueue q : queues) {
                consumer.seekToBeginning(q);
                nextExpected.put(q, 0L);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // (commitSync below stores the offsets on the master; step 3 reads them back from the slave.)
            while (received < count && System.nanoTime() < deadline) {
                for (ReceivedMessage m : consumer.poll(1_000)) {
                    long expected = nextExpected.get(m.queue());
                    // Every queue is read in order, each offset once, whichever broker serves it.
                    assertThat(m.queueOffset()).as("offset in %s", m.queue()).isEqualTo(expected);
                    nextExpected.put(m.queue(), expected + 1);
                    received++;
                }
            }
            consumer.commitSync();
        }
        assertThat(received).isEqualTo(count);
        slaveReadsOffsets = Map.copyOf(nextExpected);
        long slaveServed = info(cluster.runtimeInfo("broker-a-s"), "msgGetTotalTodayNow") - slaveServedBefore;
        long masterServed = info(cluster.runtimeInfo("broker-a"), "msgGetTotalTodayNow") - masterServedBefore;
        LOG.info("slave reads: {} messages served by the slave, {} by the master", slaveServed, masterServed);
        // The backlog (4 MB) is far beyond the 1 MiB threshold: most of it comes from the slave; the last
        // MiB or so (and the first pulls, before any suggestion) from the master.
        assertThat(slaveServed).isGreaterThan(count / 2);
        assertThat(masterServed).isPositive();
        assertThat(slaveServed + masterServed).isGreaterThanOrEqualTo(count);
    }

    @Test
    @Order(2)
    void aSlaveKilledAndRestartedCatchesUpAndMeanwhileItsSyncMasterSaysSo() throws Exception {
        String topic = "CatchUp";
        cluster.createTopicOn("broker-b", topic, 2);
        try (Producer producer = new Producer("cu-pg", cluster.clientConfig("cu-p"))) {
            producer.start();
            awaitRouteOnlyOn(producer, topic, "broker-b");
            for (int i = 0; i < 200; i++) {
                assertThat(producer.send(new Message(topic, ("before " + i).getBytes())).status())
                        .isEqualTo(SendResult.SendStatus.SEND_OK);
            }
            awaitReplicated("broker-b", "broker-b-s");
            long slaveHeld = info(cluster.runtimeInfo("broker-b-s"), "commitLogMaxOffset");

            cluster.kill9("broker-b-s");
            // The master sees the replication connection drop; from then on sends are stored on the master
            // alone and the answer says so.
            SendResult.SendStatus status = null;
            for (int i = 0; i < 300; i++) {
                status = producer.send(new Message(topic, ("while the slave is down " + i).getBytes())).status();
            }
            assertThat(status).isEqualTo(SendResult.SendStatus.SLAVE_NOT_AVAILABLE);

            cluster.startMissing();
            awaitReplicated("broker-b", "broker-b-s");
            Map<String, String> slave = cluster.runtimeInfo("broker-b-s");
            assertThat(info(slave, "commitLogMinOffset")).isZero();
            assertThat(info(slave, "commitLogMaxOffset")).isGreaterThan(slaveHeld);
            assertThat(slave.get("brokerRole")).isEqualTo("SLAVE");
            assertThat(cluster.log("broker-b-s")).contains("FMQ-STORE-003"); // it knew it had crashed
            assertThat(producer.send(new Message(topic, "after".getBytes())).status())
                    .isEqualTo(SendResult.SendStatus.SEND_OK);
        }
    }

    @Test
    @Order(3)
    void killingANameserverAndAMasterUnderLoadLosesNoAcknowledgedMessage() throws Exception {
        // Consumer offsets reach the slave through the metadata sync (every 10 s) before the master goes.
        assertThat(slaveReadsOffsets).isNotEmpty();
        for (Map.Entry<MessageQueue, Long> e : slaveReadsOffsets.entrySet()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (cluster.consumerOffsetOn("broker-a-s", "sr-cg", e.getKey().topic(), e.getKey().queueId()) != e.getValue()) {
                assertThat(System.nanoTime()).as("offset of %s on the slave", e.getKey()).isLessThan(deadline);
                Thread.sleep(200);
            }
        }

        FailoverScenario.Outcome outcome = new FailoverScenario(cluster, "FailoverSync").run();
        LOG.info("2m-2s-sync + SYNC_FLUSH failover: {}", outcome);
        assertThat(outcome.acknowledgedAfterKill()).as("sends continued on broker-b: %s", outcome).isPositive();
        assertThat(outcome.secondsToFirstAckAfterKill()).as("time until sends succeeded again").isLessThan(30);
        assertThat(outcome.lost()).as("acknowledged but never consumed").isEmpty();
        assertThat(outcome.missedByOfficialConsumer()).as("seen by FerryMQ's consumer, not by the official one").isEmpty();

        // With broker-a gone, step 1's group finds its offsets on the slave: it would resume, not rewind.
        try (PullConsumer consumer = new PullConsumer("sr-cg", cluster.clientConfig("sr-c2"))) {
            consumer.start();
            for (Map.Entry<MessageQueue, Long> e : slaveReadsOffsets.entrySet()) {
                assertThat(consumer.committed(e.getKey())).as("committed offset of %s", e.getKey()).isEqualTo(e.getValue());
            }
        }
    }
}

package io.ferrymq.it;

import io.ferrymq.client.AdminClient;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ConsumeFromWhere;
import io.ferrymq.client.Message;
import io.ferrymq.client.MessageQueueSelectors;
import io.ferrymq.client.OrderlyMessageListener;
import io.ferrymq.client.Producer;
import io.ferrymq.client.PullConsumer;
import io.ferrymq.client.PushConsumer;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.common.json.Json;
import io.ferrymq.common.json.JsonObject;
import io.ferrymq.remoting.RemotingConfig;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ordered queues end to end: keyed sends, queue locks on the broker, orderly push consumers (FerryMQ's and
 * Apache RocketMQ's {@code MessageListenerOrderly}) through failures, rebalancing and a consumer killed with
 * {@code kill -9}. Every test checks every key's order with {@link KeyedOrderLog}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OrderedConsumptionTest {
    /** Broker lock lifetime here: short, so a dead consumer's queues move on within seconds. */
    static final long LOCK_LIFETIME_MILLIS = 3_000;

    private static LocalCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.builder().brokerConfig(c -> c.setRebalanceLockMaxLiveTime(LOCK_LIFETIME_MILLIS)).start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    static ClientConfig config(String instance) {
        return new ClientConfig().setNamesrvAddr(cluster.namesrvAddr()).setInstanceName(instance);
    }

    static void createTopic(String topic, int queues) throws Exception {
        try (AdminClient admin = new AdminClient(config("admin-" + topic))) {
            admin.start();
            admin.createTopic("DefaultCluster", topic, queues);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (cluster.namesrv.routes().route(topic) == null) {
            assertThat(System.nanoTime()).as("route of " + topic).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Sends {@code perKey} messages for each of {@code keys} keys, interleaved, each key to its own queue. */
    static void sendKeyed(String topic, int keys, int perKey) throws Exception {
        try (Producer producer = new Producer("OPG-" + topic, config("producer-" + topic))) {
            producer.start();
            for (int seq = 0; seq < perKey; seq++) {
                for (int k = 0; k < keys; k++) {
                    String key = "K" + k;
                    producer.send(new Message(topic, "T", key, KeyedOrderLog.body(key, seq).getBytes(StandardCharsets.UTF_8)),
                            MessageQueueSelectors.byKey(key));
                }
            }
        }
    }

    static void await(String what, long seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static PushConsumer orderlyConsumer(String group, String topic, String name, KeyedOrderLog log,
                                                Map<String, AtomicInteger> failures) {
        return new PushConsumer(group, config(name)).subscribe(topic, "*")
                .setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)
                .setSuspendCurrentQueueTimeMillis(50)
                .setLockRenewIntervalMillis(500).setLockLocalExpiryMillis(2_000)
                .setOrderlyListener((m, deliveryCount) -> {
                    String body = new String(m.body(), StandardCharsets.UTF_8);
                    KeyedOrderLog.Event e = KeyedOrderLog.event(name, body);
                    // Every seventh message of every key fails on its first delivery, so failures hit all queues
                    // at once; the queue must wait for the message instead of moving past it.
                    if (e.seq() % 7 == 3 && deliveryCount == 1) {
                        failures.computeIfAbsent(body, b -> new AtomicInteger()).incrementAndGet();
                        throw new IllegalStateException("first delivery of " + body + " fails");
                    }
                    Thread.sleep(2);
                    log.record(name, body);
                    return OrderlyMessageListener.Result.SUCCESS;
                });
    }

    @Test
    void nativeOrderlyConsumersKeepEveryKeyInOrderThroughFailuresAndRebalancing() throws Exception {
        String topic = "OrderedNative";
        int keys = 12;
        int perKey = 40;
        createTopic(topic, 4);
        sendKeyed(topic, keys, perKey);
        KeyedOrderLog log = new KeyedOrderLog();
        Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        PushConsumer a = orderlyConsumer("OCG-native", topic, "A", log, failures);
        PushConsumer b = orderlyConsumer("OCG-native", topic, "B", log, failures);
        try {
            a.start();
            await("A to consume 100 messages", 30, () -> log.distinct() >= 100);
            b.start();
            await("B to take its share", 30, () -> b.assignment().size() == 2 && a.assignment().size() == 2);
            await("300 messages", 30, () -> log.distinct() >= 300);
            a.close();
            await("B to take every queue and finish", 30, () -> log.distinct() == keys * perKey);
        } finally {
            a.close();
            b.close();
        }
        // Graceful hand-overs commit before they unlock, so nothing is consumed twice.
        log.assertEveryKeyInOrder(keys, perKey, false);
        assertThat(log.events()).hasSize(keys * perKey);
        assertThat(log.events()).extracting(KeyedOrderLog.Event::consumer).contains("A", "B");
        // Each such message failed once per consumer that got it first-hand: once, or twice when its queue moved
        // to the other consumer while it was suspended.
        assertThat(failures).hasSize(keys * 6).allSatisfy((body, n) -> assertThat(n.get()).isBetween(1, 2));
    }

    @Test
    void aMessageThatKeepsFailingGoesToTheDeadLetterQueueAndItsQueueMovesOn() throws Exception {
        String topic = "OrderedPoison";
        String group = "OCG-poison";
        createTopic(topic, 1);
        sendKeyed(topic, 1, 10);
        KeyedOrderLog log = new KeyedOrderLog();
        List<Integer> poisonDeliveries = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (PushConsumer c = new PushConsumer(group, config("poison")).subscribe(topic, "*")
                .setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)
                .setSuspendCurrentQueueTimeMillis(50).setMaxReconsumeTimes(2)
                .setOrderlyListener((m, deliveryCount) -> {
                    String body = new String(m.body(), StandardCharsets.UTF_8);
                    if (body.equals("K0:4")) {
                        poisonDeliveries.add(deliveryCount);
                        throw new IllegalArgumentException("cannot parse " + body);
                    }
                    log.record("C", body);
                    return OrderlyMessageListener.Result.SUCCESS;
                })) {
            c.start();
            await("the other nine messages", 30, () -> log.distinct() == 9);
        }
        assertThat(log.events()).extracting(KeyedOrderLog.Event::seq).containsExactly(0, 1, 2, 3, 5, 6, 7, 8, 9);
        assertThat(poisonDeliveries).as("the first delivery and two redeliveries").containsExactly(1, 2, 3);

        try (PullConsumer dlq = new PullConsumer("OCG-dlq-reader", config("dlq-reader"))) {
            dlq.start();
            dlq.assign(dlq.queuesOf("%DLQ%" + group));
            List<ReceivedMessage> dead = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (dead.isEmpty() && System.nanoTime() < deadline) {
                dead.addAll(dlq.poll(1_000));
            }
            assertThat(dead).hasSize(1);
            ReceivedMessage letter = dead.get(0);
            assertThat(new String(letter.body(), StandardCharsets.UTF_8)).isEqualTo("K0:4");
            assertThat(letter.property("FMQ_DEATH_CAUSE")).isEqualTo("MAX_RECONSUME_TIMES_REACHED");
            assertThat(letter.property("FMQ_FAILURE_REASON")).contains("failed 3 orderly deliveries",
                    "IllegalArgumentException: cannot parse K0:4");
            assertThat(letter.property("DLQ_ORIGIN_TOPIC")).isEqualTo(topic);
        }
    }

    @Test
    void officialOrderlyListenerKeepsEveryKeyInOrderThroughFailures() throws Exception {
        String topic = "OrderedOfficial";
        int keys = 8;
        int perKey = 30;
        createTopic(topic, 4);
        KeyedOrderLog log = new KeyedOrderLog();
        Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        List<DefaultMQPushConsumer> consumers = new ArrayList<>();
        try {
            for (String name : List.of("OA", "OB")) {
                DefaultMQPushConsumer c = new DefaultMQPushConsumer("OCG-official");
                c.setNamesrvAddr(cluster.namesrvAddr());
                c.setInstanceName(name + "-" + System.nanoTime());
                c.setConsumeFromWhere(org.apache.rocketmq.common.consumer.ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
                c.setSuspendCurrentQueueTimeMillis(50);
                c.subscribe(topic, "*");
                c.registerMessageListener((MessageListenerOrderly) (messages, context) -> {
                    for (MessageExt m : messages) {
                        String body = new String(m.getBody(), StandardCharsets.UTF_8);
                        // Every fifth message of every key is suspended once: all queues fail now and then.
                        if (KeyedOrderLog.event(name, body).seq() % 5 == 2
                                && failures.computeIfAbsent(body, b -> new AtomicInteger()).getAndIncrement() == 0) {
                            return ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT;
                        }
                        log.record(name, body);
                    }
                    return ConsumeOrderlyStatus.SUCCESS;
                });
                c.start();
                consumers.add(c);
            }
            // Both members hold their two queues before anything is sent: no queue changes hands below. The official
            // consumer also locks the group's retry queue, so only the topic's own queues are counted.
            await("each member to lock two queues", 90, () -> cluster.broker.queueLocks().heldBy("OCG-official")
                    .entrySet().stream().filter(lock -> lock.getKey().topic().equals(topic))
                    .collect(Collectors.groupingBy(Map.Entry::getValue, Collectors.counting()))
                    .equals(Map.of(consumers.get(0).buildMQClientId(), 2L, consumers.get(1).buildMQClientId(), 2L)));
            sendKeyed(topic, keys, perKey);
            await("all messages", 60, () -> log.distinct() == keys * perKey);
        } finally {
            consumers.forEach(DefaultMQPushConsumer::shutdown);
        }
        log.assertEveryKeyInOrder(keys, perKey, false);
        assertThat(log.events()).hasSize(keys * perKey);
        assertThat(failures).hasSize(keys * 6);
    }

    @Test
    void aNativeConsumerKilledMidStreamNeverBreaksAKeysOrder() throws Exception {
        killedConsumerKeepsOrder("native", "OrderedKillNative");
    }

    @Test
    void anOfficialConsumerKilledMidStreamNeverBreaksAKeysOrder() throws Exception {
        killedConsumerKeepsOrder("official", "OrderedKillOfficial");
    }

    /**
     * Consumer A (its own JVM) takes every queue; B (another JVM) joins and takes half gracefully; A is killed with
     * {@code kill -9} in the middle of its queues. B must wait for the broker's lock on A's queues to expire, then
     * resume them from the committed offset: some messages are consumed twice, none out of order.
     */
    private void killedConsumerKeepsOrder(String mode, String topic) throws Exception {
        int keys = 16;
        int perKey = 40;
        String group = "OCG-kill-" + mode;
        createTopic(topic, 4);
        sendKeyed(topic, keys, perKey);
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(cluster.dir, "kill-" + mode);
        java.nio.file.Path eventsA = dir.resolve("A.events");
        java.nio.file.Path eventsB = dir.resolve("B.events");
        Process a = OrderlyConsumerProcess.start(mode, cluster.namesrvAddr(), topic, group, "A", eventsA, 100,
                dir.resolve("A.log"));
        Process b = null;
        try {
            await("A to consume 60 messages", 60, () -> count(eventsA) >= 60);
            b = OrderlyConsumerProcess.start(mode, cluster.namesrvAddr(), topic, group, "B", eventsB, 2,
                    dir.resolve("B.log"));
            await("B to take its share", 60, () -> count(eventsB) >= 1);
            int aBefore = count(eventsA);
            await("A to go on with its own queues", 30, () -> count(eventsA) >= aBefore + 40);
            new ProcessBuilder("kill", "-9", Long.toString(a.pid())).start().waitFor();
            long killedAt = System.currentTimeMillis();
            assertThat(a.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(count(eventsA)).as("A was killed in the middle of its queues").isLessThan(keys * perKey / 2 + 40);

            await("B to consume what A left", 60, () -> merged(eventsA, eventsB).distinct() == keys * perKey);
            merged(eventsA, eventsB).assertEveryKeyInOrder(keys, perKey, true);

            // A's queues reached B only when the broker's lock expired: A renewed last at most one renewal
            // interval before it died.
            Map<String, Long> firstByB = new java.util.HashMap<>();
            for (KeyedOrderLog.Event e : KeyedOrderLog.readEvents(eventsB)) {
                firstByB.putIfAbsent(e.key(), e.millis());
            }
            long earliestAllowed = killedAt + LOCK_LIFETIME_MILLIS - OrderlyConsumerProcess.LOCK_RENEW_MILLIS - 100;
            List<Long> afterKill = firstByB.values().stream().filter(t -> t > killedAt).toList();
            assertThat(afterKill).as("keys B took over from the killed A").isNotEmpty()
                    .allSatisfy(t -> assertThat(t).isGreaterThanOrEqualTo(earliestAllowed));
        } finally {
            a.destroyForcibly();
            if (b != null) {
                b.destroyForcibly();
                b.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static int count(java.nio.file.Path events) {
        try {
            return KeyedOrderLog.readEvents(events).size();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A's events, then B's: every queue went from A to B once, so this is each key's real order. */
    private static KeyedOrderLog merged(java.nio.file.Path eventsA, java.nio.file.Path eventsB) {
        KeyedOrderLog log = new KeyedOrderLog();
        try {
            log.addAll(KeyedOrderLog.readEvents(eventsA));
            log.addAll(KeyedOrderLog.readEvents(eventsB));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return log;
    }

    @Test
    void lockRequestsGiveAQueueToOneClientUntilItIsReleased() throws Exception {
        NettyRemotingClient remoting = new NettyRemotingClient(new RemotingConfig());
        try {
            String addr = cluster.brokerAddr();
            assertThat(lock(remoting, addr, RequestCode.LOCK_BATCH_MQ, "c1", 0, 1)).containsExactlyInAnyOrder(0, 1);
            assertThat(lock(remoting, addr, RequestCode.LOCK_BATCH_MQ, "c2", 0, 1, 2)).containsExactly(2);
            lock(remoting, addr, RequestCode.UNLOCK_BATCH_MQ, "c1", 1);
            assertThat(lock(remoting, addr, RequestCode.LOCK_BATCH_MQ, "c2", 0, 1)).containsExactly(1);

            RemotingCommand bad = remoting.invokeSync(addr, RemotingCommand.request(RequestCode.LOCK_BATCH_MQ)
                    .body("{\"consumerGroup\":\"G\",\"mqSet\":[]}".getBytes(StandardCharsets.UTF_8)), 3_000);
            assertThat(bad.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
            assertThat(bad.remark()).contains("FMQ-BROKER-131", "clientId is missing");
        } finally {
            remoting.shutdown();
        }
    }

    /** Sends a lock or unlock request for queues of topic LockT in group LockG; answers the locked queue ids. */
    private static List<Integer> lock(NettyRemotingClient remoting, String addr, int code, String clientId,
                                      int... queueIds) throws Exception {
        List<Object> mqs = new ArrayList<>();
        for (int q : queueIds) {
            mqs.add(new JsonObject().put("brokerName", "broker-a").put("queueId", q).put("topic", "LockT"));
        }
        byte[] body = Json.writeBytes(new JsonObject().put("clientId", clientId).put("consumerGroup", "LockG")
                .put("mqSet", mqs).put("onlyThisBroker", false));
        RemotingCommand r = remoting.invokeSync(addr, RemotingCommand.request(code).body(body), 3_000);
        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS);
        List<Integer> locked = new ArrayList<>();
        if (code == RequestCode.LOCK_BATCH_MQ) {
            for (Object o : Json.parseObject(r.body()).getArray("lockOKMQSet")) {
                locked.add(((JsonObject) o).getInt("queueId", -1));
            }
        }
        return locked;
    }
}

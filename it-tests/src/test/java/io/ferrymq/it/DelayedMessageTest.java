package io.ferrymq.it;

import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ConsumeFromWhere;
import io.ferrymq.client.Message;
import io.ferrymq.client.MessageListener;
import io.ferrymq.client.Producer;
import io.ferrymq.client.PushConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delayed messages end to end: delay levels and exact delivery times through FerryMQ's client and Apache
 * RocketMQ's own, never received before they are due and at most {@link #LATE_BOUND_MILLIS} after (the broker
 * wakes for the earliest due message; the bound covers the consumer's long poll and a busy CI machine), and a
 * timer that survives a broker restart without losing or repeating a delivery.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DelayedMessageTest {
    private static final long LATE_BOUND_MILLIS = 1_000;
    private static LocalCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.builder().storeConfig(s -> s.setMessageDelayLevel("1s 2s 3s 4s 5s")).start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    private static ClientConfig config(String instance) {
        return new ClientConfig().setNamesrvAddr(cluster.namesrvAddr()).setInstanceName(instance);
    }

    private static void await(BooleanSupplier condition, long seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static void assertOnTime(Map<String, Long> received, Map<String, Long> due) {
        due.forEach((body, dueAt) -> {
            long late = received.get(body) - dueAt;
            assertThat(late).as(body + " is never early").isGreaterThanOrEqualTo(0);
            assertThat(late).as(body + " is late by at most " + LATE_BOUND_MILLIS + " ms").isLessThanOrEqualTo(LATE_BOUND_MILLIS);
        });
    }

    @Test
    void nativeClientDelayLevelsAndExactTimesArriveWhenDueInTimeOrder() throws Exception {
        String topic = "DelayedNative";
        Map<String, Long> due = new ConcurrentHashMap<>();
        Map<String, Long> received = new ConcurrentHashMap<>();
        List<String> order = new CopyOnWriteArrayList<>();
        try (Producer producer = new Producer("PG-delay", config("p-delay"));
             PushConsumer consumer = new PushConsumer("CG-delay", config("c-delay"))) {
            producer.start();
            producer.send(new Message(topic, "warm-up".getBytes()));
            consumer.subscribe(topic, "*").setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).setListener(m -> {
                String body = new String(m.body(), StandardCharsets.UTF_8);
                received.put(body, System.currentTimeMillis());
                order.add(body);
                return MessageListener.Result.SUCCESS;
            });
            consumer.start();
            await(() -> received.containsKey("warm-up"), 20, "consumer running");

            long now = System.currentTimeMillis();
            producer.send(new Message(topic, "at+2500".getBytes()).setDeliverTimeMs(now + 2_500));
            due.put("at+2500", now + 2_500);
            long t = System.currentTimeMillis();
            producer.send(new Message(topic, "level2".getBytes()).setDelayLevel(2));
            due.put("level2", t + 2_000);
            t = System.currentTimeMillis();
            producer.send(new Message(topic, "in1200ms".getBytes()).setDelayTimeMs(1_200));
            due.put("in1200ms", t + 1_200);
            await(() -> received.keySet().containsAll(due.keySet()), 20, "all delayed messages");
            assertOnTime(received, due);
            assertThat(order.subList(1, 4)).containsExactly("in1200ms", "level2", "at+2500");
        }
    }

    @Test
    void officialClientDelayLevelAndDeliverTimeArriveWhenDue() throws Exception {
        String topic = "DelayedOfficial";
        Map<String, Long> due = new ConcurrentHashMap<>();
        Map<String, Long> received = new ConcurrentHashMap<>();
        DefaultMQProducer producer = new DefaultMQProducer("PG-delay-official");
        producer.setNamesrvAddr(cluster.namesrvAddr());
        producer.setInstanceName("official-delay-p");
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("CG-delay-official");
        consumer.setNamesrvAddr(cluster.namesrvAddr());
        consumer.setInstanceName("official-delay-c");
        consumer.setConsumeFromWhere(org.apache.rocketmq.common.consumer.ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        try {
            producer.start();
            producer.send(new org.apache.rocketmq.common.message.Message(topic, "warm-up".getBytes(StandardCharsets.UTF_8)));
            consumer.subscribe(topic, "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
                for (MessageExt m : msgs) {
                    received.put(new String(m.getBody(), StandardCharsets.UTF_8), System.currentTimeMillis());
                }
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumer.start();
            await(() -> received.containsKey("warm-up"), 30, "consumer running");

            var level = new org.apache.rocketmq.common.message.Message(topic, "level3".getBytes(StandardCharsets.UTF_8));
            level.setDelayTimeLevel(3);
            long t = System.currentTimeMillis();
            producer.send(level);
            due.put("level3", t + 3_000);
            var timed = new org.apache.rocketmq.common.message.Message(topic, "deliver-at".getBytes(StandardCharsets.UTF_8));
            long at = System.currentTimeMillis() + 1_500;
            timed.setDeliverTimeMs(at);
            producer.send(timed);
            due.put("deliver-at", at);
            var relative = new org.apache.rocketmq.common.message.Message(topic, "delay-ms".getBytes(StandardCharsets.UTF_8));
            relative.setDelayTimeMs(2_000);
            t = System.currentTimeMillis();
            producer.send(relative);
            due.put("delay-ms", t + 2_000);
            await(() -> received.keySet().containsAll(due.keySet()), 30, "all delayed messages");
            assertOnTime(received, due);
        } finally {
            consumer.shutdown();
            producer.shutdown();
        }
    }

    @Test
    void timerSurvivesABrokerRestartWithoutLossOrDuplicates() throws Exception {
        String topic = "DelayedRestart";
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        try (Producer producer = new Producer("PG-delay-restart", config("p-restart"))) {
            producer.start();
            long now = System.currentTimeMillis();
            for (int i = 0; i < 10; i++) {
                // Half due before the restart, half after it.
                long at = now + (i < 5 ? 500 : 4_000) + i * 10L;
                producer.send(new Message(topic, ("m" + i).getBytes()).setDeliverTimeMs(at));
            }
            await(() -> cluster.broker.store().maxOffsetInQueue(topic, 0) + cluster.broker.store().maxOffsetInQueue(topic, 1)
                    + cluster.broker.store().maxOffsetInQueue(topic, 2) + cluster.broker.store().maxOffsetInQueue(topic, 3) >= 5,
                    10, "first half delivered before the restart");
            cluster.stopBroker("broker-a");
            cluster.restartBroker("broker-a");
        }
        try (PushConsumer consumer = new PushConsumer("CG-delay-restart", config("c-restart"))) {
            consumer.subscribe(topic, "*").setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).setListener(m -> {
                counts.merge(new String(m.body(), StandardCharsets.UTF_8), 1, Integer::sum);
                return MessageListener.Result.SUCCESS;
            });
            consumer.start();
            await(() -> counts.size() == 10, 30, "all ten delivered");
            Thread.sleep(1_000);
            assertThat(counts.values()).as("each exactly once").containsOnly(1);
        }
    }
}

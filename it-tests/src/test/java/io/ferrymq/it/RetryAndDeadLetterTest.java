package io.ferrymq.it;

import io.ferrymq.client.AdminClient;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ConsumeFromWhere;
import io.ferrymq.client.DeadLetter;
import io.ferrymq.client.Message;
import io.ferrymq.client.MessageListener;
import io.ferrymq.client.PoisonMessageException;
import io.ferrymq.client.Producer;
import io.ferrymq.client.PushConsumer;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.SendResult;
import io.ferrymq.common.message.DeliveryConst;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.remoting.protocol.route.PermName;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retries, dead letters and re-drive end to end, through FerryMQ's client and Apache RocketMQ's own: a
 * failed message comes back through the group's retry topic after delay level 3 + reconsume times (never
 * earlier), past the max it lands in %DLQ%<group> with why it died, a poison message goes there at once, and
 * dead letters can be sent back. Short delay levels (level 3 = 300 ms) keep it fast.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RetryAndDeadLetterTest {
    /** Level n waits n * 100 ms: retry n (level 3 + n - 1) waits (n + 2) * 100 ms. */
    private static final String LEVELS = "100ms 200ms 300ms 400ms 500ms 600ms 700ms 800ms 900ms 1s 1s 1s 1s 1s 1s 1s 1s 1s";
    private static LocalCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.builder().storeConfig(s -> s.setMessageDelayLevel(LEVELS)).start();
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
            Thread.sleep(20);
        }
    }

    private record Delivery(long atMillis, int reconsumeTimes, String topic) {
    }

    /**
     * Waits up to 45 s: an official consumer that missed the retry queue in its first rebalance takes it at the
     * next one, 20 s later.
     */
    private static List<DeadLetter> awaitDeadLetters(AdminClient admin, String group, int count, Object context)
            throws Exception {
        long deadline = System.nanoTime() + 45_000_000_000L;
        while (true) {
            List<DeadLetter> letters = admin.deadLetters(group, 100);
            if (letters.size() >= count) {
                return letters;
            }
            assertThat(System.nanoTime()).as("dead letters of " + group + " (" + context + ")").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void nativeConsumerRetriesThroughTheBrokerWithGrowingDelaysThenDeadLetters() throws Exception {
        String topic = "RetryNative";
        String group = "CG-retry-native";
        List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        try (Producer producer = new Producer("PG-retry", config("p-retry"));
             PushConsumer consumer = new PushConsumer(group, config("c-retry"));
             AdminClient admin = new AdminClient(config("a-retry"))) {
            producer.start();
            admin.start();
            SendResult sent = producer.send(new Message(topic, "TagR", "order-1", "fails".getBytes()));
            consumer.subscribe(topic, "*").setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)
                    .setMaxReconsumeTimes(3).setListener(m -> {
                        deliveries.add(new Delivery(System.currentTimeMillis(), m.reconsumeTimes(), m.topic()));
                        throw new IllegalStateException("inventory service down (attempt " + (m.reconsumeTimes() + 1) + ")");
                    });
            consumer.start();

            List<DeadLetter> letters = awaitDeadLetters(admin, group, 1, deliveries);
            assertThat(deliveries).extracting(Delivery::reconsumeTimes).containsExactly(0, 1, 2, 3);
            assertThat(deliveries).extracting(Delivery::topic).containsOnly(topic);
            for (int n = 1; n < deliveries.size(); n++) {
                long gap = deliveries.get(n).atMillis() - deliveries.get(n - 1).atMillis();
                assertThat(gap).as("retry %d waits delay level %d", n, n + 2).isGreaterThanOrEqualTo((n + 2) * 100L);
            }

            DeadLetter letter = letters.get(0);
            assertThat(letter.msgId()).isEqualTo(sent.msgId());
            assertThat(letter.originTopic()).isEqualTo(topic);
            assertThat(letter.cause()).isEqualTo(DeliveryConst.CAUSE_MAX_RECONSUME);
            assertThat(letter.reason()).isEqualTo("java.lang.IllegalStateException: inventory service down (attempt 4)");
            assertThat(letter.failureCount()).isEqualTo(4);
            assertThat(letter.firstFailureMillis()).isBetween(deliveries.get(0).atMillis() - 1_000, deliveries.get(0).atMillis() + 1_000);
            assertThat(letter.lastFailureMillis()).isGreaterThan(letter.firstFailureMillis());
            assertThat(letter.deadAtMillis()).isGreaterThanOrEqualTo(letter.lastFailureMillis());
            ReceivedMessage stored = letter.message();
            assertThat(stored.record().topic()).isEqualTo(DeliveryConst.dlqTopic(group));
            assertThat(stored.keys()).isEqualTo("order-1");
            assertThat(stored.tag()).isEqualTo("TagR");
            assertThat(stored.property(MessageConst.PROPERTY_RETRY_TOPIC)).isEqualTo(topic);
            assertThat(stored.property(MessageConst.PROPERTY_RECONSUME_TIME)).isEqualTo("3");
            assertThat(stored.property(MessageConst.PROPERTY_DLQ_ORIGIN_MESSAGE_ID)).isEqualTo(sent.msgId());
            assertThat(stored.property(MessageConst.PROPERTY_ORIGIN_MESSAGE_ID)).isEqualTo(sent.offsetMsgId());
            var dlqConfig = cluster.broker.topics().get(DeliveryConst.dlqTopic(group));
            assertThat(dlqConfig.readQueueNums()).isEqualTo(1);
            assertThat(PermName.isReadable(dlqConfig.perm())).as("readable by an explicit subscription").isTrue();

            Thread.sleep(1_500);
            assertThat(deliveries).as("the dead letter is never delivered to the group again").hasSize(4);
        }
    }

    @Test
    void poisonMessageGoesToTheDeadLetterQueueAtOnceAndCanBeRedrivenOnce() throws Exception {
        String topic = "PoisonTopic";
        String group = "CG-poison";
        List<String> handled = new CopyOnWriteArrayList<>();
        try (Producer producer = new Producer("PG-poison", config("p-poison"));
             PushConsumer consumer = new PushConsumer(group, config("c-poison"));
             AdminClient admin = new AdminClient(config("a-poison"))) {
            producer.start();
            admin.start();
            SendResult poison = producer.send(new Message(topic, null, "poison-key", "{not json".getBytes()));
            producer.send(new Message(topic, null, "good-key", "{}".getBytes()));
            consumer.subscribe(topic, "*").setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).setListener(m -> {
                String body = new String(m.body(), StandardCharsets.UTF_8);
                handled.add(body + (m.property(DeliveryConst.PROPERTY_REDRIVEN_FROM) != null ? " (redriven)" : ""));
                if (body.startsWith("{not") && m.property(DeliveryConst.PROPERTY_REDRIVEN_FROM) == null) {
                    throw new PoisonMessageException("body is not JSON");
                }
                return MessageListener.Result.SUCCESS;
            });
            consumer.start();

            DeadLetter letter = awaitDeadLetters(admin, group, 1, handled).get(0);
            assertThat(letter.msgId()).isEqualTo(poison.msgId());
            assertThat(letter.cause()).isEqualTo(DeliveryConst.CAUSE_REJECTED);
            assertThat(letter.reason()).isEqualTo("body is not JSON");
            assertThat(letter.failureCount()).as("no retries burnt").isEqualTo(1);
            assertThat(handled).containsExactlyInAnyOrder("{not json", "{}");

            // The command line, as an operator uses it: list why it died, then send it back to the group.
            String ns = cluster.namesrvAddr();
            StringBuilder listed = new StringBuilder();
            assertThat(mqadmin(listed, "dlqList", "-n", ns, "-g", group)).isZero();
            assertThat(listed.toString()).contains(poison.msgId(), topic, DeliveryConst.CAUSE_REJECTED, "body is not JSON",
                    "1 dead letter(s)");
            assertThat(mqadmin(new StringBuilder(), "dlqRedrive", "-n", ns, "-g", group)).as("which letters?").isEqualTo(2);
            StringBuilder redriven = new StringBuilder();
            assertThat(mqadmin(redriven, "dlqRedrive", "-n", ns, "-g", group, "-k", "poison-key", "-d", "retry")).isZero();
            assertThat(redriven.toString()).contains("1 matched, 1 sent back, 0 sent back before");
            await(() -> handled.contains("{not json (redriven)"), 20, "the re-driven letter consumed by the group");
            assertThat(admin.redriveDeadLetters(group, poison.msgId(), null, AdminClient.RedriveTarget.ORIGIN_TOPIC))
                    .as("a letter goes back once").isEqualTo(new AdminClient.RedriveResult(1, 0, 1, 0));
            assertThat(admin.redriveDeadLetters(group, null, null, AdminClient.RedriveTarget.ORIGIN_TOPIC))
                    .isEqualTo(new AdminClient.RedriveResult(1, 0, 1, 0));
            assertThat(admin.deadLetters(group, 10)).as("letters stay readable until they expire").hasSize(1);
            Thread.sleep(500);
            assertThat(handled).hasSize(3);
        }
    }

    /** Runs {@code bin/mqadmin}'s main logic in this JVM, without credentials; its output goes to {@code out}. */
    private static int mqadmin(StringBuilder out, String... args) {
        return MqAdminCli.run(java.util.Map.of(), out, args);
    }

    private static DefaultMQPushConsumer officialConsumer(String group, String instance) throws Exception {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
        consumer.setNamesrvAddr(cluster.namesrvAddr());
        consumer.setInstanceName(instance);
        consumer.setConsumeFromWhere(org.apache.rocketmq.common.consumer.ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe("RetryOfficial", "*");
        return consumer;
    }

    @Test
    void officialClientReconsumeLaterRetriesThroughTheRetryTopicThenDeadLetters() throws Exception {
        String topic = "RetryOfficial";
        String group = "CG-retry-official";
        List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        DefaultMQProducer producer = new DefaultMQProducer("PG-retry-official");
        producer.setNamesrvAddr(cluster.namesrvAddr());
        producer.setInstanceName("official-retry-p");
        // A brand-new group's retry topic is created by its first heartbeat, after the official client looked its
        // routes up at start; as against Apache RocketMQ it would find it only at its next route poll and
        // rebalance (up to 50 s). So the group runs once first, as a deployed group has.
        producer.start();
        producer.send(new org.apache.rocketmq.common.message.Message(topic, "warm-up".getBytes(StandardCharsets.UTF_8)));
        DefaultMQPushConsumer earlier = officialConsumer(group, "official-retry-c0");
        earlier.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
        earlier.start();
        await(() -> cluster.namesrv.routes().route(DeliveryConst.retryTopic(group)) != null, 10, "retry topic routed");
        earlier.shutdown();
        DefaultMQPushConsumer consumer = officialConsumer(group, "official-retry-c");
        consumer.setMaxReconsumeTimes(2);
        try (AdminClient admin = new AdminClient(config("a-official"))) {
            admin.start();
            var sent = producer.send(new org.apache.rocketmq.common.message.Message(topic, "TagO", "official-1",
                    "fails".getBytes(StandardCharsets.UTF_8)));
            consumer.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
                for (MessageExt m : msgs) {
                    if (new String(m.getBody(), StandardCharsets.UTF_8).equals("warm-up")) {
                        return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                    }
                    deliveries.add(new Delivery(System.currentTimeMillis(), m.getReconsumeTimes(), m.getTopic()));
                }
                return ConsumeConcurrentlyStatus.RECONSUME_LATER;
            });
            consumer.start();

            DeadLetter letter = awaitDeadLetters(admin, group, 1, deliveries).get(0);
            assertThat(deliveries).extracting(Delivery::reconsumeTimes).containsExactly(0, 1, 2);
            assertThat(deliveries).extracting(Delivery::topic).as("the client restores the original topic").containsOnly(topic);
            for (int n = 1; n < deliveries.size(); n++) {
                long gap = deliveries.get(n).atMillis() - deliveries.get(n - 1).atMillis();
                assertThat(gap).as("retry %d waits delay level %d", n, n + 2).isGreaterThanOrEqualTo((n + 2) * 100L);
            }
            assertThat(letter.msgId()).isEqualTo(sent.getMsgId());
            assertThat(letter.originTopic()).isEqualTo(topic);
            assertThat(letter.cause()).isEqualTo(DeliveryConst.CAUSE_MAX_RECONSUME);
            assertThat(letter.reason()).as("the official client gives no reason").isNull();
            assertThat(letter.failureCount()).isEqualTo(3);
            Thread.sleep(1_000);
            assertThat(deliveries).hasSize(3);
        } finally {
            consumer.shutdown();
            producer.shutdown();
        }
    }
}

package io.ferrymq.it;

import io.ferrymq.client.AdminClient;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.ConsumeFromWhere;
import io.ferrymq.client.Message;
import io.ferrymq.client.MessageListener;
import io.ferrymq.client.MessageModel;
import io.ferrymq.client.Producer;
import io.ferrymq.client.PushConsumer;
import io.ferrymq.common.json.Json;
import io.ferrymq.common.json.JsonObject;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Broadcasting: every instance of a group gets every message, and each instance's offsets live in its own local
 * file, so an instance restarted under the same instance name goes on where it stopped instead of starting over.
 * Through FerryMQ's client and the official one.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BroadcastConsumptionTest {
    private static LocalCluster cluster;

    @TempDir
    Path offsets;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    private static ClientConfig config(String instance) {
        return new ClientConfig().setNamesrvAddr(cluster.namesrvAddr()).setInstanceName(instance);
    }

    private static void send(String topic, int from, int to) throws Exception {
        try (Producer producer = new Producer("BPG-" + topic, config("producer-" + topic + "-" + from))) {
            producer.start();
            for (int i = from; i < to; i++) {
                producer.send(new Message(topic, ("m" + i).getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    private static void createTopic(String topic) throws Exception {
        try (AdminClient admin = new AdminClient(config("admin-" + topic))) {
            admin.start();
            admin.createTopic("DefaultCluster", topic, 3);
        }
        OrderedConsumptionTest.await("route of " + topic, 10, () -> cluster.namesrv.routes().route(topic) != null);
    }

    private PushConsumer broadcaster(String topic, String instance, Set<String> into) {
        return new PushConsumer("BCG-native", config(instance)).subscribe(topic, "*")
                .setMessageModel(MessageModel.BROADCASTING).setOffsetStoreDir(offsets)
                .setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)
                .setListener(m -> {
                    into.add(new String(m.body(), StandardCharsets.UTF_8));
                    return MessageListener.Result.SUCCESS;
                });
    }

    private static Set<String> range(int from, int to) {
        Set<String> s = new java.util.TreeSet<>();
        for (int i = from; i < to; i++) {
            s.add("m" + i);
        }
        return s;
    }

    @Test
    void everyNativeInstanceGetsEverythingAndARestartedInstanceResumesFromItsFile() throws Exception {
        String topic = "BroadcastNative";
        createTopic(topic);
        Set<String> first = ConcurrentHashMap.newKeySet();
        Set<String> other = ConcurrentHashMap.newKeySet();
        PushConsumer b1 = broadcaster(topic, "b1", first);
        try (PushConsumer b2 = broadcaster(topic, "b2", other)) {
            b1.start();
            b2.start();
            send(topic, 0, 30);
            OrderedConsumptionTest.await("both instances to get all 30", 30, () -> first.size() == 30 && other.size() == 30);

            // A second live instance under the same name would share (and clobber) b1's offsets: refused.
            PushConsumer twin = broadcaster(topic, "b1", ConcurrentHashMap.newKeySet());
            assertThatThrownBy(twin::start).isInstanceOf(ClientException.class).hasMessageContaining("FMQ-CLIENT-216");
            twin.close();

            b1.close();
            Path file;
            try (Stream<Path> files = Files.walk(offsets)) {
                file = files.filter(p -> p.getFileName().toString().equals("offsets.json")
                        && p.toString().contains("@b1")).findFirst().orElseThrow();
            }
            assertThat(file.getParent().getFileName().toString()).isEqualTo("BCG-native");
            List<Object> saved = Json.parseObject(Files.readAllBytes(file)).getArray("offsets");
            assertThat(saved).hasSize(3);
            assertThat(saved.stream().mapToLong(o -> ((JsonObject) o).getLong("offset", -1)).sum())
                    .as("b1 saved it consumed all 30").isEqualTo(30);

            send(topic, 30, 50);
            Set<String> restarted = ConcurrentHashMap.newKeySet();
            try (PushConsumer again = broadcaster(topic, "b1", restarted)) {
                again.start();
                OrderedConsumptionTest.await("the restarted b1 and b2 to get the new 20", 30,
                        () -> restarted.size() == 20 && other.size() == 50);
                Thread.sleep(300);
                assertThat(restarted).as("only what b1 had not consumed, though it starts from the first offset")
                        .isEqualTo(range(30, 50));
            }
            assertThat(other).isEqualTo(range(0, 50));
        } finally {
            b1.close();
        }
    }

    @Test
    void everyOfficialInstanceGetsEverythingAndARestartedInstanceResumes() throws Exception {
        String topic = "BroadcastOfficial";
        createTopic(topic);
        String run = Long.toString(System.nanoTime(), 36);
        Set<String> first = ConcurrentHashMap.newKeySet();
        Set<String> other = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer o1 = official(topic, "o1-" + run, first);
        DefaultMQPushConsumer o2 = official(topic, "o2-" + run, other);
        try {
            send(topic, 0, 30);
            OrderedConsumptionTest.await("both instances to get all 30", 30, () -> first.size() == 30 && other.size() == 30);
            o1.shutdown();
            send(topic, 30, 45);
            Set<String> restarted = ConcurrentHashMap.newKeySet();
            DefaultMQPushConsumer again = official(topic, "o1-" + run, restarted);
            try {
                // The official client stores a queue's offset after the listener returns, so what o1 was consuming
                // when it shut down may come again (at least once); the new 15 must all come, the old 30 must not.
                OrderedConsumptionTest.await("the restarted o1 to get the new 15", 30,
                        () -> restarted.containsAll(range(30, 45)));
                Thread.sleep(300);
                Set<String> repeated = new java.util.TreeSet<>(restarted);
                repeated.retainAll(range(0, 30));
                assertThat(repeated).as("old messages delivered again to the restarted o1 (it resumes, a few in flight"
                        + " may repeat)").hasSizeLessThanOrEqualTo(9);
                assertThat(restarted).containsAll(range(30, 45));
            } finally {
                again.shutdown();
            }
            OrderedConsumptionTest.await("o2 to get all 45", 30, () -> other.size() == 45);
        } finally {
            o1.shutdown();
            o2.shutdown();
        }
    }

    private static DefaultMQPushConsumer official(String topic, String instance, Set<String> into) throws Exception {
        DefaultMQPushConsumer c = new DefaultMQPushConsumer("BCG-official");
        c.setNamesrvAddr(cluster.namesrvAddr());
        c.setInstanceName(instance);
        c.setMessageModel(org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel.BROADCASTING);
        c.setConsumeFromWhere(org.apache.rocketmq.common.consumer.ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        c.subscribe(topic, "*");
        c.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            for (MessageExt m : messages) {
                into.add(new String(m.getBody(), StandardCharsets.UTF_8));
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        return c;
    }
}

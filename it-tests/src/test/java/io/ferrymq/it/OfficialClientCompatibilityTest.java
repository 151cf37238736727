package io.ferrymq.it;

import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.UtilAll;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageClientExt;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Apache RocketMQ's own 5.x client and admin API against a FerryMQ nameserver and broker, unchanged:
 * producer sync/async/oneway, push consumers clustering and broadcasting, the lite pull consumer, query by
 * key and id, cluster listing and topic creation; and FerryMQ's own batch sends read back by the official consumer.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OfficialClientCompatibilityTest {
    private static LocalCluster cluster;
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** Broadcasting consumers keep offsets in local files named by client id: make ids unique per run. */
    private static final String RUN = Long.toString(System.nanoTime(), 36);

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    private static DefaultMQProducer producer(String group) throws Exception {
        DefaultMQProducer p = new DefaultMQProducer(group);
        p.setNamesrvAddr(cluster.namesrvAddr());
        p.setInstanceName("producer-" + RUN + "-" + INSTANCES.incrementAndGet());
        p.setSendMsgTimeout(5_000);
        p.start();
        return p;
    }

    private static DefaultMQPushConsumer pushConsumer(String group, String topic, MessageModel model,
                                                      MessageListenerConcurrently listener) throws Exception {
        DefaultMQPushConsumer c = new DefaultMQPushConsumer(group);
        c.setNamesrvAddr(cluster.namesrvAddr());
        c.setInstanceName("consumer-" + RUN + "-" + INSTANCES.incrementAndGet());
        c.setMessageModel(model);
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        c.subscribe(topic, "*");
        c.registerMessageListener(listener);
        c.start();
        return c;
    }

    private static Message message(String topic, String tag, String key, String body) {
        return new Message(topic, tag, key, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void producerSendsSyncAsyncAndOnewayToAnAutoCreatedTopic() throws Exception {
        DefaultMQProducer producer = producer("PG-send");
        try {
            SendResult sync = producer.send(message("AutoTopic", "TagA", "key-sync", "sync"));
            assertThat(sync.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            assertThat(sync.getOffsetMsgId()).hasSize(32);
            assertThat(sync.getMsgId()).isNotBlank();

            CountDownLatch done = new CountDownLatch(20);
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 20; i++) {
                producer.send(message("AutoTopic", "TagA", "key-async-" + i, "async-" + i), new SendCallback() {
                    @Override
                    public void onSuccess(SendResult r) {
                        if (r.getSendStatus() != SendStatus.SEND_OK) {
                            failures.add(new AssertionError(r.toString()));
                        }
                        done.countDown();
                    }

                    @Override
                    public void onException(Throwable e) {
                        failures.add(e);
                        done.countDown();
                    }
                });
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(failures).isEmpty();
            for (int i = 0; i < 5; i++) {
                producer.sendOneway(message("AutoTopic", "TagB", "key-oneway-" + i, "oneway-" + i));
            }
            List<Message> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                batch.add(message("AutoTopic", "TagC", "key-batch-" + i, "batch-" + i));
            }
            SendResult batchResult = producer.send(batch);
            assertThat(batchResult.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            assertThat(batchResult.getOffsetMsgId().split(",")).hasSize(10);
            long deadline = System.nanoTime() + 10_000_000_000L;
            long total = 0;
            while (System.nanoTime() < deadline) {
                total = 0;
                for (int q = 0; q < 8; q++) {
                    total += cluster.broker.store().maxOffsetInQueue("AutoTopic", q);
                }
                if (total == 36) {
                    break;
                }
                Thread.sleep(20);
            }
            assertThat(total).isEqualTo(36);

            MessageExt viewed = producer.viewMessage("AutoTopic", sync.getOffsetMsgId());
            assertThat(new String(viewed.getBody(), StandardCharsets.UTF_8)).isEqualTo("sync");
            assertThat(viewed.getKeys()).isEqualTo("key-sync");
            try (var local = cluster.broker.store().queryMessages("AutoTopic", "key-async-7", 10, 0, Long.MAX_VALUE)) {
                assertThat(local.records()).as("store finds it by key").hasSize(1);
            }
            var byKey = producer.queryMessage("AutoTopic", "key-async-7", 10, 0, System.currentTimeMillis() + 1000);
            assertThat(byKey.getMessageList()).extracting(m -> new String(m.getBody(), StandardCharsets.UTF_8))
                    .containsExactly("async-7");
        } finally {
            producer.shutdown();
        }
    }

    @Test
    void pushConsumersInOneGroupShareTheMessagesAndBroadcastConsumersEachGetAll() throws Exception {
        DefaultMQProducer producer = producer("PG-push");
        String topic = "PushTopic";
        int count = 200;
        Map<String, Integer> clustered = new ConcurrentHashMap<>();
        Map<String, Set<String>> broadcast = new ConcurrentHashMap<>();
        CountDownLatch clusteredDone = new CountDownLatch(count);
        CountDownLatch broadcastDone = new CountDownLatch(2 * count);
        List<DefaultMQPushConsumer> consumers = new ArrayList<>();
        try {
            producer.send(message(topic, "T", "warmup", "warmup")); // creates the topic with its queues
            for (int i = 0; i < 2; i++) {
                consumers.add(pushConsumer("CG-clustered", topic, MessageModel.CLUSTERING, (msgs, ctx) -> {
                    for (MessageExt m : msgs) {
                        String body = new String(m.getBody(), StandardCharsets.UTF_8);
                        if (!body.equals("warmup") && clustered.merge(body, 1, Integer::sum) == 1) {
                            clusteredDone.countDown();
                        }
                    }
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                }));
                String name = "b" + i;
                consumers.add(pushConsumer("CG-broadcast", topic, MessageModel.BROADCASTING, (msgs, ctx) -> {
                    for (MessageExt m : msgs) {
                        String body = new String(m.getBody(), StandardCharsets.UTF_8);
                        if (!body.equals("warmup")
                                && broadcast.computeIfAbsent(name, k -> ConcurrentHashMap.newKeySet()).add(body)) {
                            broadcastDone.countDown();
                        }
                    }
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                }));
            }
            for (int i = 0; i < count; i++) {
                assertThat(producer.send(message(topic, "T", "k" + i, "m" + i)).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            }
            assertThat(clusteredDone.await(60, TimeUnit.SECONDS)).as("clustered consumers got every message").isTrue();
            assertThat(broadcastDone.await(60, TimeUnit.SECONDS)).as("each broadcast consumer got every message").isTrue();
            assertThat(clustered).hasSize(count);
            assertThat(broadcast.get("b0")).hasSize(count);
            assertThat(broadcast.get("b1")).hasSize(count);
        } finally {
            consumers.forEach(DefaultMQPushConsumer::shutdown);
            producer.shutdown();
        }
    }

    @Test
    void litePullConsumerPollsWhatWasSent() throws Exception {
        DefaultMQProducer producer = producer("PG-lite");
        DefaultLitePullConsumer consumer = new DefaultLitePullConsumer("CG-lite");
        consumer.setNamesrvAddr(cluster.namesrvAddr());
        consumer.setInstanceName("lite-" + RUN + "-" + INSTANCES.incrementAndGet());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        try {
            for (int i = 0; i < 50; i++) {
                producer.send(message("LiteTopic", "T", "k" + i, "lite-" + i));
            }
            consumer.subscribe("LiteTopic", "*");
            consumer.start();
            Set<String> got = new HashSet<>();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (got.size() < 50 && System.nanoTime() < deadline) {
                for (MessageExt m : consumer.poll(1_000)) {
                    got.add(new String(m.getBody(), StandardCharsets.UTF_8));
                }
            }
            assertThat(got).hasSize(50);
        } finally {
            consumer.shutdown();
            producer.shutdown();
        }
    }

    @Test
    void adminToolListsTheClusterAndCreatesTopics() throws Exception {
        DefaultMQAdminExt admin = new DefaultMQAdminExt();
        admin.setNamesrvAddr(cluster.namesrvAddr());
        admin.setInstanceName("admin-" + RUN + "-" + INSTANCES.incrementAndGet());
        admin.start();
        try {
            ClusterInfo info = admin.examineBrokerClusterInfo();
            assertThat(info.getClusterAddrTable()).containsKey("DefaultCluster");
            assertThat(info.getBrokerAddrTable().get("broker-a").getBrokerAddrs()).containsEntry(0L, cluster.brokerAddr());
            var runtime = admin.fetchBrokerRuntimeStats(cluster.brokerAddr());
            assertThat(runtime.getTable()).containsKey("putTps").containsKey("brokerVersionDesc");

            admin.createTopic("TBW102", "AdminTopic", 3, null);
            long deadline = System.nanoTime() + 10_000_000_000L;
            TopicRouteData route = null;
            while (System.nanoTime() < deadline) {
                try {
                    route = admin.examineTopicRouteInfo("AdminTopic");
                    break;
                } catch (Exception notYet) {
                    Thread.sleep(50);
                }
            }
            assertThat(route).isNotNull();
            assertThat(route.getQueueDatas().get(0).getWriteQueueNums()).isEqualTo(3);
            assertThat(admin.fetchAllTopicList().getTopicList()).contains("AdminTopic");
        } finally {
            admin.shutdown();
        }
    }
    @Test
    void aBatchFromFerryMqsProducerIsConsumedIntactByTheOfficialConsumer() throws Exception {
        String topic = "FerryBatchTopic";
        io.ferrymq.client.ClientConfig config = new io.ferrymq.client.ClientConfig()
                .setNamesrvAddr(cluster.namesrvAddr()).setInstanceName("ferry-" + RUN + "-" + INSTANCES.incrementAndGet());
        DefaultLitePullConsumer consumer = new DefaultLitePullConsumer("CG-ferry-batch");
        consumer.setNamesrvAddr(cluster.namesrvAddr());
        consumer.setInstanceName("lite-" + RUN + "-" + INSTANCES.incrementAndGet());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        try (io.ferrymq.client.Producer producer = new io.ferrymq.client.Producer("PG-ferry-batch", config)) {
            producer.start();
            io.ferrymq.client.MessageQueue queue = producer.writableQueues(topic).get(2);
            List<io.ferrymq.client.Message> batch = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                batch.add(new io.ferrymq.client.Message(topic, "Tag" + (i % 2), "fk-" + i,
                        ("ferry-batch-" + i + " \u00e9\u4e2d").getBytes(StandardCharsets.UTF_8))
                        .putProperty("index", Integer.toString(i)));
            }
            List<io.ferrymq.client.SendResult> results = producer.sendBatch(batch, queue);
            assertThat(results).singleElement().satisfies(r -> {
                assertThat(r.queueOffset()).isZero();
                assertThat(r.offsetMsgId().split(",")).hasSize(40);
            });

            consumer.subscribe(topic, "*");
            consumer.start();
            List<MessageExt> got = new ArrayList<>();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (got.size() < 40 && System.nanoTime() < deadline) {
                got.addAll(consumer.poll(1_000));
            }
            assertThat(got).hasSize(40);
            String[] offsetIds = results.get(0).offsetMsgId().split(",");
            for (int i = 0; i < 40; i++) {
                MessageExt m = got.get(i);
                assertThat(m.getQueueId()).isEqualTo(queue.queueId());
                assertThat(m.getQueueOffset()).isEqualTo(i);
                assertThat(m.getBody()).isEqualTo(batch.get(i).body());
                assertThat(m.getTags()).isEqualTo("Tag" + (i % 2));
                assertThat(m.getKeys()).isEqualTo("fk-" + i);
                assertThat(m.getUserProperty("index")).isEqualTo(Integer.toString(i));
                assertThat(m.getMsgId()).as("the official client's id is the UNIQ_KEY FerryMQ's producer set")
                        .isEqualTo(batch.get(i).property("UNIQ_KEY"));
                assertThat(m.getBodyCRC()).isEqualTo(UtilAll.crc32(m.getBody()));
                String offsetId = offsetIds[i];
                assertThat(m).isInstanceOfSatisfying(MessageClientExt.class,
                        c -> assertThat(c.getOffsetMsgId()).isEqualTo(offsetId));
            }
        } finally {
            consumer.shutdown();
        }
    }
}

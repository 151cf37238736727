package io.ferrymq.it;

import io.ferrymq.client.AdminClient;
import io.ferrymq.client.BatchSendException;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.remoting.protocol.SerializeType;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.ConsumeFromWhere;
import io.ferrymq.client.Message;
import io.ferrymq.client.MessageListener;
import io.ferrymq.client.MessageModel;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.Producer;
import io.ferrymq.client.PullConsumer;
import io.ferrymq.client.PushConsumer;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.SendResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** FerryMQ's own client through the same scenarios as the official one, against a FerryMQ cluster. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NativeClientTest {
    private static LocalCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        // Failed messages come back through the broker's retry topic after delay level 3 + reconsume times:
        // short levels keep the retry test in seconds.
        cluster = LocalCluster.builder().storeConfig(s -> s.setMessageDelayLevel("100ms 200ms 300ms 400ms 500ms")).start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    private static ClientConfig config(String instance) {
        return new ClientConfig().setNamesrvAddr(cluster.namesrvAddr()).setInstanceName(instance);
    }

    /** Topic creation re-registers the broker asynchronously: wait until the nameserver routes the topic. */
    private static void awaitRoute(String topic) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (cluster.namesrv.routes().route(topic) == null) {
            assertThat(System.nanoTime()).as("route of " + topic).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Messages in a queue once the broker has indexed everything it stored so far. */
    private static long dispatchedQueueSize(String topic, int queueId) throws InterruptedException {
        return cluster.awaitDispatched().maxOffsetInQueue(topic, queueId);
    }

    private static String text(ReceivedMessage m) {
        return new String(m.body(), StandardCharsets.UTF_8);
    }

    @Test
    void producerSendsSyncAsyncAndOnewayAndAdminSeesTheTopic() throws Exception {
        try (Producer producer = new Producer("NPG-send", config("p1")); AdminClient admin = new AdminClient(config("a1"))) {
            producer.start();
            admin.start();
            SendResult r = producer.send(new Message("NativeAuto", "TagA", "nk-1", "one".getBytes()));
            assertThat(r.status()).isEqualTo(SendResult.SendStatus.SEND_OK);
            assertThat(r.offsetMsgId()).hasSize(32);
            List<CompletableFuture<SendResult>> async = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                async.add(producer.sendAsync(new Message("NativeAuto", "TagA", "nk-a" + i, ("a" + i).getBytes())));
            }
            for (CompletableFuture<SendResult> f : async) {
                assertThat(f.get(10, TimeUnit.SECONDS).status()).isEqualTo(SendResult.SendStatus.SEND_OK);
            }
            producer.sendOneway(new Message("NativeAuto", "TagB", null, "oneway".getBytes()));
            Set<Integer> queuesUsed = new HashSet<>();
            for (CompletableFuture<SendResult> f : async) {
                queuesUsed.add(f.get().queue().queueId());
            }
            assertThat(queuesUsed).as("round-robin spreads over the queues").hasSizeGreaterThan(1);

            assertThat(admin.clusterInfo()).containsKey("broker-a");
            assertThat(admin.topicList()).contains("NativeAuto");
            assertThat(admin.brokerRuntimeInfo(cluster.brokerAddr())).containsKey("putTps");
            admin.createTopic("DefaultCluster", "NativeCreated", 2);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!admin.topicList().contains("NativeCreated") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(admin.topicList()).contains("NativeCreated");
            assertThatThrownBy(() -> producer.send(new Message("bad/topic", "x".getBytes())))
                    .isInstanceOf(ClientException.class);
        }
    }

    @Test
    void pushConsumersShareAGroupBroadcastConsumersEachGetAllAndLagDrainsToZero() throws Exception {
        String topic = "NativePush";
        int count = 300;
        Map<String, AtomicInteger> clustered = new ConcurrentHashMap<>();
        Map<String, Set<String>> broadcast = new ConcurrentHashMap<>();
        CountDownLatch clusteredDone = new CountDownLatch(count);
        CountDownLatch broadcastDone = new CountDownLatch(2 * count);
        List<PushConsumer> consumers = new ArrayList<>();
        try (Producer producer = new Producer("NPG-push", config("p2")); AdminClient admin = new AdminClient(config("a2"))) {
            producer.start();
            admin.start();
            admin.createTopic("DefaultCluster", topic, 4);
            awaitRoute(topic);
            for (int i = 0; i < 2; i++) {
                PushConsumer c = new PushConsumer("NCG-clustered", config("c" + i))
                        .subscribe(topic, "*").setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)
                        .setListener(m -> {
                            if (clustered.computeIfAbsent(text(m), k -> new AtomicInteger()).incrementAndGet() == 1) {
                                clusteredDone.countDown();
                            }
                            return MessageListener.Result.SUCCESS;
                        });
                c.start();
                consumers.add(c);
                String name = "b" + i;
                PushConsumer b = new PushConsumer("NCG-broadcast", config(name)).subscribe(topic, "*")
                        .setMessageModel(MessageModel.BROADCASTING)
                        .setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)
                        .setListener(m -> {
                            if (broadcast.computeIfAbsent(name, k -> ConcurrentHashMap.newKeySet()).add(text(m))) {
                                broadcastDone.countDown();
                            }
                            return MessageListener.Result.SUCCESS;
                        });
                b.start();
                consumers.add(b);
            }
            for (int i = 0; i < count; i++) {
                producer.send(new Message(topic, "T", "k" + i, ("m" + i).getBytes()));
            }
            assertThat(clusteredDone.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(broadcastDone.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(clustered).hasSize(count);
            assertThat(broadcast.get("b0")).hasSize(count);
            assertThat(broadcast.get("b1")).hasSize(count);
            // The two clustered members split the 4 queues.
            assertThat(consumers.get(0).assignment()).hasSize(2);
            assertThat(consumers.get(2).assignment()).hasSize(2);
            // Offsets reach the broker (pull commits and the 5 s commit): lag drains to zero.
            long deadline = System.nanoTime() + 30_000_000_000L;
            long lag = Long.MAX_VALUE;
            while (lag != 0 && System.nanoTime() < deadline) {
                lag = admin.consumerLag("NCG-clustered", topic).stream().mapToLong(AdminClient.QueueLag::lag).sum();
                Thread.sleep(200);
            }
            assertThat(lag).isZero();
        } finally {
            consumers.forEach(PushConsumer::close);
        }
    }

    @Test
    void aFailedMessageIsDeliveredAgainAndTagsFilter() throws Exception {
        String topic = "NativeRetry";
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        Set<String> seenTags = ConcurrentHashMap.newKeySet();
        try (Producer producer = new Producer("NPG-retry", config("p3"));
             PushConsumer c = new PushConsumer("NCG-retry", config("c3"))) {
            producer.start();
            producer.send(new Message(topic, "Skip", null, "skip".getBytes()));
            c.subscribe(topic, "Keep").setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).setListener(m -> {
                seenTags.add(m.tag());
                if (attempts.incrementAndGet() < 3) {
                    throw new IllegalStateException("not yet");
                }
                done.countDown();
                return MessageListener.Result.SUCCESS;
            });
            c.start();
            producer.send(new Message(topic, "Keep", null, "keep".getBytes()));
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(attempts.get()).isEqualTo(3);
            assertThat(seenTags).containsExactly("Keep");
        }
    }

    /** FerryMQ's clients send binary (ROCKETMQ) headers by default; JSON ones work the same, and the two mix. */
    @Test
    void requestsWorkWithBinaryAndJsonHeadersAlike() throws Exception {
        String topic = "NativeHeaderForms";
        assertThat(new ClientConfig().getSerializeType()).isEqualTo(SerializeType.ROCKETMQ);
        try (Producer json = new Producer("NPG-json", config("p-json").setSerializeType(SerializeType.JSON));
             Producer binary = new Producer("NPG-binary", config("p-binary"));
             AdminClient admin = new AdminClient(config("a-json").setSerializeType(SerializeType.JSON));
             PullConsumer consumer = new PullConsumer("NCG-forms", config("c-binary"))) {
            json.start();
            binary.start();
            admin.start();
            consumer.start();
            admin.createTopic("DefaultCluster", topic, 1);
            awaitRoute(topic);
            json.send(new Message(topic, "from json".getBytes()).setTag("j").setKeys("k-json"));
            binary.send(new Message(topic, "from binary".getBytes()).setTag("b").setKeys("k-binary"));
            consumer.assign(consumer.queuesOf(topic));
            List<ReceivedMessage> got = new ArrayList<>();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (got.size() < 2 && System.nanoTime() < deadline) {
                got.addAll(consumer.poll(2_000));
            }
            assertThat(got).extracting(NativeClientTest::text).containsExactly("from json", "from binary");
            assertThat(got).extracting(ReceivedMessage::tag).containsExactly("j", "b");
            assertThat(got).extracting(ReceivedMessage::keys).containsExactly("k-json", "k-binary");
        }
    }

    @Test
    void pullConsumerAssignsSeeksPollsAndCommits() throws Exception {
        String topic = "NativePull";
        try (Producer producer = new Producer("NPG-pull", config("p4"));
             AdminClient admin = new AdminClient(config("a4"));
             PullConsumer consumer = new PullConsumer("NCG-pull", config("c4"))) {
            producer.start();
            admin.start();
            consumer.start();
            admin.createTopic("DefaultCluster", topic, 1);
            awaitRoute(topic);
            for (int i = 0; i < 20; i++) {
                producer.send(new Message(topic, ("p" + i).getBytes()));
            }
            MessageQueue mq = consumer.queuesOf(topic).get(0);
            consumer.assign(List.of(mq));
            List<String> got = new ArrayList<>();
            while (got.size() < 20) {
                for (ReceivedMessage m : consumer.poll(5_000)) {
                    got.add(text(m));
                }
            }
            assertThat(got).startsWith("p0", "p1").hasSize(20);
            consumer.commitSync();
            assertThat(consumer.committed(mq)).isEqualTo(20);
            consumer.seek(mq, 15);
            assertThat(consumer.poll(5_000)).extracting(NativeClientTest::text).startsWith("p15");
            assertThat(consumer.poll(300)).isEmpty();
        }
    }

    @Test
    void consumersStartFromTimestampOrFromTheEndAsAsked() throws Exception {
        String topic = "NativeFromWhere";
        try (Producer producer = new Producer("NPG-where", config("p5"))) {
            producer.start();
            for (int i = 0; i < 5; i++) {
                producer.send(new Message(topic, ("old" + i).getBytes()));
            }
            Thread.sleep(1_100);
            long since = System.currentTimeMillis();
            for (int i = 0; i < 5; i++) {
                producer.send(new Message(topic, ("new" + i).getBytes()));
            }
            Set<String> fromTime = ConcurrentHashMap.newKeySet();
            Set<String> fromEnd = ConcurrentHashMap.newKeySet();
            try (PushConsumer byTime = new PushConsumer("NCG-time", config("c5")).subscribe(topic, "*")
                    .setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_TIMESTAMP).setConsumeTimestamp(since)
                    .setListener(m -> {
                        fromTime.add(text(m));
                        return MessageListener.Result.SUCCESS;
                    });
                 PushConsumer byEnd = new PushConsumer("NCG-end", config("c6")).subscribe(topic, "*")
                         .setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET)
                         .setListener(m -> {
                             fromEnd.add(text(m));
                             return MessageListener.Result.SUCCESS;
                         })) {
                byTime.start();
                byEnd.start();
                for (int i = 0; i < 3; i++) {
                    producer.send(new Message(topic, ("later" + i).getBytes()));
                }
                long deadline = System.nanoTime() + 30_000_000_000L;
                while ((fromTime.size() < 8 || fromEnd.size() < 3) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                Thread.sleep(300);
                assertThat(fromTime).containsExactlyInAnyOrder("new0", "new1", "new2", "new3", "new4", "later0",
                        "later1", "later2");
                assertThat(fromEnd).containsExactlyInAnyOrder("later0", "later1", "later2");
            }
        }
    }
    @Test
    void aBatchIsStoredRequestByRequestInOrderAndWhatCannotBeBatchedIsRefusedBeforeSending() throws Exception {
        String topic = "NativeBatch";
        try (Producer producer = new Producer("NPG-batch", config("p7")).setMaxBatchBytes(4 * 1024);
             AdminClient admin = new AdminClient(config("a7"));
             PullConsumer consumer = new PullConsumer("NCG-batch", config("c7"))) {
            producer.start();
            admin.start();
            consumer.start();
            admin.createTopic("DefaultCluster", topic, 2);
            awaitRoute(topic);
            MessageQueue queue = producer.writableQueues(topic).get(1);
            List<Message> batch = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                batch.add(new Message(topic, "T" + (i % 3), "key-" + i, ("b" + i + "-" + "x".repeat(400)).getBytes())
                        .putProperty("n", Integer.toString(i)).setFlag(i));
            }
            String presetId = batch.get(5).putProperty("UNIQ_KEY", "0A0B0C0D00002A9F0000000000000005")
                    .property("UNIQ_KEY");

            List<SendResult> results = producer.sendBatch(batch, queue);

            // 30 messages of ~450 bytes in requests of at most 4 KiB: several requests, back to back in the queue.
            assertThat(results).hasSizeBetween(4, 5);
            List<String> ids = new ArrayList<>();
            long nextOffset = 0;
            for (SendResult r : results) {
                assertThat(r.status()).isEqualTo(SendResult.SendStatus.SEND_OK);
                assertThat(r.queue()).isEqualTo(queue);
                assertThat(r.queueOffset()).isEqualTo(nextOffset);
                String[] requestIds = r.msgId().split(",");
                assertThat(r.offsetMsgId().split(",")).hasSameSizeAs(requestIds).allMatch(id -> id.length() == 32);
                ids.addAll(List.of(requestIds));
                nextOffset += requestIds.length;
            }
            assertThat(ids).hasSize(30).doesNotHaveDuplicates();
            for (int i = 0; i < 30; i++) {
                assertThat(batch.get(i).property("UNIQ_KEY")).as("message " + i + " got its id").isEqualTo(ids.get(i));
            }
            assertThat(ids.get(5)).isEqualTo(presetId);

            consumer.assign(List.of(queue));
            List<ReceivedMessage> got = new ArrayList<>();
            while (got.size() < 30) {
                got.addAll(consumer.poll(5_000));
            }
            assertThat(got).hasSize(30);
            for (int i = 0; i < 30; i++) {
                ReceivedMessage m = got.get(i);
                assertThat(m.queueOffset()).isEqualTo(i);
                assertThat(m.body()).isEqualTo(batch.get(i).body());
                assertThat(m.tag()).isEqualTo("T" + (i % 3));
                assertThat(m.keys()).isEqualTo("key-" + i);
                assertThat(m.property("n")).isEqualTo(Integer.toString(i));
                assertThat(m.record().flag()).isEqualTo(i);
                assertThat(m.msgId()).isEqualTo(ids.get(i));
            }
            // A request is one append: its messages share the request's born timestamp.
            assertThat(got.stream().map(ReceivedMessage::bornTimestamp).distinct().count())
                    .isLessThanOrEqualTo(results.size());

            List<List<Message>> refused = List.of(
                    List.of(),
                    List.of(new Message(topic, "a".getBytes()), new Message("NativeBatchOther", "b".getBytes())),
                    List.of(new Message(topic, "a".getBytes()), new Message(topic, "b".getBytes()).setDelayLevel(2)),
                    List.of(new Message(topic, "a".getBytes()).setDeliverTimeMs(System.currentTimeMillis() + 60_000)),
                    List.of(new Message(topic, "a".getBytes()).setDelayTimeMs(5_000)),
                    List.of(new Message(topic, "a".getBytes()).putProperty("TRAN_MSG", "true")),
                    List.of(new Message("NativeBatchOther", "a".getBytes())));
            for (List<Message> r : refused) {
                assertThatThrownBy(() -> producer.sendBatch(r, queue)).as(r.toString())
                        .isInstanceOf(ClientException.class).isNotInstanceOf(BatchSendException.class)
                        .hasMessageStartingWith("FMQ-CLIENT-016 batch not sent")
                        .satisfies(e -> assertThat(((ClientException) e).responseCode()).isEqualTo(13));
                assertThat(r).allMatch(m -> m.property("UNIQ_KEY") == null);
            }
            assertThat(dispatchedQueueSize(topic, queue.queueId())).isEqualTo(30);
        }
    }

    @Test
    void aRequestTheBrokerRefusesIsStoredNotAtAllAndTheRequestsAfterItAreNotSent() throws Exception {
        String topic = "NativeBatchRefused";
        try (Producer producer = new Producer("NPG-batch-refused", config("p8"))) {
            producer.start();
            MessageQueue queue = producer.writableQueues(topic).get(0);
            producer.send(new Message(topic, "first".getBytes()), queue);
            long before = dispatchedQueueSize(topic, queue.queueId());
            // The broker refuses a message above its maxMessageSize (4 MiB), and with it its whole request.
            byte[] tooLarge = new byte[4 * 1024 * 1024 + 1];
            List<Message> oneRequest = List.of(new Message(topic, "a".getBytes()), new Message(topic, tooLarge),
                    new Message(topic, "c".getBytes()));
            producer.setMaxBatchBytes(8 * 1024 * 1024);
            assertThatThrownBy(() -> producer.sendBatch(oneRequest, queue))
                    .isInstanceOfSatisfying(BatchSendException.class, e -> {
                        assertThat(e.responseCode()).isEqualTo(13);
                        assertThat(e.storedCount()).isZero();
                        assertThat(e.unknownCount()).isZero();
                        assertThat(e.totalCount()).isEqualTo(3);
                        assertThat(e.storedResults()).isEmpty();
                        assertThat(Producer.certainlyNotStored(e)).isTrue();
                        assertThat(e.getMessage()).contains("FMQ-STORE-101");
                    });
            assertThat(dispatchedQueueSize(topic, queue.queueId())).isEqualTo(before);

            // Split at 1 MiB, the same messages go in three requests: the first is stored, the second refused, the
            // third never sent.
            producer.setMaxBatchBytes(Producer.DEFAULT_MAX_BATCH_BYTES);
            List<Message> threeRequests = List.of(new Message(topic, "a".getBytes()), new Message(topic, tooLarge),
                    new Message(topic, "c".getBytes()));
            assertThatThrownBy(() -> producer.sendBatch(threeRequests, queue))
                    .isInstanceOfSatisfying(BatchSendException.class, e -> {
                        assertThat(e.storedCount()).isEqualTo(1);
                        assertThat(e.unknownCount()).isZero();
                        assertThat(e.storedResults()).singleElement()
                                .satisfies(r -> assertThat(r.queueOffset()).isEqualTo(before));
                        assertThat(Producer.certainlyNotStored(e)).isFalse();
                    });
            assertThat(dispatchedQueueSize(topic, queue.queueId())).isEqualTo(before + 1);
        }
    }
}

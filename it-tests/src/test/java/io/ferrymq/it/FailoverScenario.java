package io.ferrymq.it;

import io.ferrymq.client.AdminClient;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.ConsumeFromWhere;
import io.ferrymq.client.Message;
import io.ferrymq.client.MessageListener;
import io.ferrymq.client.Producer;
import io.ferrymq.client.PushConsumer;
import io.ferrymq.client.SendResult;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The kill test of a 2-master-2-slave cluster: nameserver 1 is killed first (clients and brokers must carry
 * on with nameserver 2), then a producer sends steadily to a topic on both masters while master broker-a is
 * killed with SIGKILL; afterwards FerryMQ's consumer and then the official RocketMQ consumer read everything
 * back, broker-a's queues from its slave.
 */
final class FailoverScenario {
    /** What happened: which acknowledged messages never came back, and how sends fared around the kill. */
    record Outcome(int acknowledged, int acknowledgedAfterKill, double secondsToFirstAckAfterKill,
                   int failedSends, int notOk, int consumed, List<String> lost, String consumedPerQueue,
                   List<String> missedByOfficialConsumer) {
    }

    private final ScriptCluster cluster;
    private final String topic;

    FailoverScenario(ScriptCluster cluster, String topic) {
        this.cluster = cluster;
        this.topic = topic;
    }

    Outcome run() throws Exception {
        cluster.kill9("namesrv-1");
        try (AdminClient admin = new AdminClient(cluster.clientConfig(topic + "-admin"))) {
            admin.start();
            admin.createTopic("DefaultCluster", topic, 4);
        }
        Map<String, String> acked = new ConcurrentHashMap<>(); // id -> where it was stored
        AtomicInteger ackedAfterKill = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger notOk = new AtomicInteger();
        AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
        AtomicLong firstAckAfterKill = new AtomicLong(-1);
        AtomicBoolean stop = new AtomicBoolean();
        try (Producer producer = new Producer(topic + "-pg", cluster.clientConfig(topic + "-p")).setSendTimeoutMillis(3_000)) {
            producer.start();
            Thread sender = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    String id = topic + "-" + i;
                    try {
                        SendResult r = producer.send(new Message(topic, id.getBytes(StandardCharsets.UTF_8)));
                        if (r.status() != SendResult.SendStatus.SEND_OK) {
                            notOk.incrementAndGet();
                            continue;
                        }
                        acked.put(id, r.queue().brokerName() + "/" + r.queue().queueId() + "@" + r.queueOffset());
                        long now = System.nanoTime();
                        if (now > killedAt.get()) {
                            ackedAfterKill.incrementAndGet();
                            firstAckAfterKill.compareAndSet(-1, now);
                        }
                    } catch (ClientException | RuntimeException e) {
                        failed.incrementAndGet();
                    }
                }
            }, "failover-sender");
            sender.start();
            Thread.sleep(3_000);
            killedAt.set(System.nanoTime());
            cluster.kill9("broker-a");
            Thread.sleep(6_000);
            stop.set(true);
            sender.join(30_000);
        }

        Set<String> consumed = ConcurrentHashMap.newKeySet();
        // Per queue, what was consumed: when messages go missing, this tells a queue never read from its slave
        // apart from a few records missing inside one.
        Map<String, java.util.concurrent.ConcurrentSkipListSet<Long>> consumedOffsets = new ConcurrentHashMap<>();
        try (PushConsumer consumer = new PushConsumer(topic + "-cg", cluster.clientConfig(topic + "-c"))) {
            consumer.subscribe(topic, "*").setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)
                    .setListener(m -> {
                        consumed.add(new String(m.body(), StandardCharsets.UTF_8));
                        consumedOffsets.computeIfAbsent(m.queue().brokerName() + "/" + m.queue().queueId(),
                                k -> new java.util.concurrent.ConcurrentSkipListSet<>()).add(m.queueOffset());
                        return MessageListener.Result.SUCCESS;
                    });
            consumer.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!consumed.containsAll(acked.keySet()) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            // A little longer, so messages stored but not acknowledged have a chance to show up too.
            Thread.sleep(1_000);
        }
        List<String> missedByOfficial = drainWithTheOfficialClient(acked.keySet(), consumed);
        List<String> lost = new ArrayList<>();
        for (Map.Entry<String, String> e : acked.entrySet()) {
            if (!consumed.contains(e.getKey())) {
                lost.add(e.getKey() + " (" + e.getValue() + ")");
            }
        }
        StringBuilder perQueue = new StringBuilder();
        new java.util.TreeMap<>(consumedOffsets).forEach((queue, offsets) -> perQueue.append(queue).append(": ")
                .append(offsets.size()).append(" offsets in [").append(offsets.first()).append(", ")
                .append(offsets.last()).append("]; "));
        double seconds = firstAckAfterKill.get() < 0 ? Double.POSITIVE_INFINITY
                : (firstAckAfterKill.get() - killedAt.get()) / 1e9;
        return new Outcome(acked.size(), ackedAfterKill.get(), seconds, failed.get(), notOk.get(), consumed.size(),
                lost.stream().sorted().toList(), perQueue.toString(), missedByOfficial);
    }

    /**
     * The official RocketMQ push consumer, in a group of its own, reads the same topic with the master still
     * down: it must find everything FerryMQ's consumer found, broker-a's queues from the slave.
     *
     * @return the acknowledged messages FerryMQ's consumer received but the official one did not
     */
    private List<String> drainWithTheOfficialClient(Set<String> acked, Set<String> consumedByNative) throws Exception {
        Set<String> expected = new java.util.HashSet<>(acked);
        expected.retainAll(consumedByNative);
        Set<String> consumed = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer official = new DefaultMQPushConsumer(topic + "-official-cg");
        // Only the live nameserver: the official client's start fails at random ("connect to null") when it
        // happens to pick the dead one for its first route lookup. Carrying on without a nameserver is
        // FerryMQ's client's part of this scenario; the official client's part is reading from the slave.
        official.setNamesrvAddr(cluster.namesrvAddr(2));
        official.setInstanceName(topic + "-official");
        official.setPollNameServerInterval(2_000);
        official.setConsumeFromWhere(org.apache.rocketmq.common.consumer.ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        official.subscribe(topic, "*");
        official.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            messages.forEach(m -> consumed.add(new String(m.getBody(), StandardCharsets.UTF_8)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        official.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!consumed.containsAll(expected) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
        } finally {
            official.shutdown();
        }
        return expected.stream().filter(id -> !consumed.contains(id)).sorted().toList();
    }
}

package io.ferrymq.it;

import io.ferrymq.client.AdminClient;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ConsumeFromWhere;
import io.ferrymq.client.Message;
import io.ferrymq.client.MessageListener;
import io.ferrymq.client.Producer;
import io.ferrymq.client.PushConsumer;
import io.ferrymq.remoting.RemotingConfig;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.header.PullMessageRequestHeader;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.MessageSelector;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tag and SQL92 filtering end to end, through FerryMQ's client and Apache RocketMQ's: only matching messages reach
 * the listener, the group's offsets move past the rejected ones, and a bad expression fails with the filter
 * engine's position and cause.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MessageFilterTest {
    private static LocalCluster cluster;

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

    /**
     * Sends 40 messages to a new 2-queue topic: body "m<i>", tag by i % 4 (TagA, TagB, TagC, and "BB", whose hash
     * equals "Aa"'s), properties {@code n = i} and {@code color = red|blue} (i even|odd).
     */
    private static void sendMessages(String topic) throws Exception {
        try (AdminClient admin = new AdminClient(config("admin-" + topic));
             Producer producer = new Producer("FPG-" + topic, config("producer-" + topic))) {
            admin.start();
            admin.createTopic("DefaultCluster", topic, 2);
            OrderedConsumptionTest.await("route of " + topic, 10, () -> cluster.namesrv.routes().route(topic) != null);
            producer.start();
            String[] tags = {"TagA", "TagB", "TagC", "BB"};
            for (int i = 0; i < 40; i++) {
                Message m = new Message(topic, tags[i % 4], "k" + i, ("m" + i).getBytes(StandardCharsets.UTF_8));
                m.putProperty("n", Integer.toString(i));
                m.putProperty("color", i % 2 == 0 ? "red" : "blue");
                producer.send(m);
            }
        }
    }

    /** The group's unconsumed messages of the topic: zero once its offsets moved past everything, filtered or not. */
    private static long lag(String group, String topic) {
        try (AdminClient admin = new AdminClient(config("lag-" + group))) {
            admin.start();
            return admin.consumerLag(group, topic).stream().mapToLong(AdminClient.QueueLag::lag).sum();
        } catch (Exception e) {
            return Long.MAX_VALUE;
        }
    }

    private static Set<String> expected(java.util.function.IntPredicate which) {
        Set<String> out = new java.util.TreeSet<>();
        for (int i = 0; i < 40; i++) {
            if (which.test(i)) {
                out.add("m" + i);
            }
        }
        return out;
    }

    @Test
    void nativeConsumersReceiveOnlyWhatTheirTagsOrSql92ExpressionsSelect() throws Exception {
        String topic = "FilterNative";
        sendMessages(topic);
        Set<String> byTags = ConcurrentHashMap.newKeySet();
        Set<String> byHashTwin = ConcurrentHashMap.newKeySet();
        Set<String> bySql = ConcurrentHashMap.newKeySet();
        try (PushConsumer tags = new PushConsumer("FCG-tags", config("tags")).subscribe(topic, "TagA || TagC")
                .setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)
                .setListener(m -> add(byTags, m.body()));
             // "Aa" and "BB" share a hash code: the broker lets "BB" through, the client's exact check drops it.
             PushConsumer twin = new PushConsumer("FCG-twin", config("twin")).subscribe(topic, "Aa")
                     .setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)
                     .setListener(m -> add(byHashTwin, m.body()));
             PushConsumer sql = new PushConsumer("FCG-sql", config("sql"))
                     .subscribeSql(topic, "n >= 10 AND color = 'red' AND TAGS <> 'TagC'")
                     .setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)
                     .setListener(m -> add(bySql, m.body()))) {
            tags.start();
            twin.start();
            sql.start();
            Set<String> sqlExpected = expected(i -> i >= 10 && i % 2 == 0 && i % 4 != 2);
            OrderedConsumptionTest.await("filtered messages", 30, () -> byTags.size() == 20 && bySql.size() == sqlExpected.size()
                    && lag("FCG-twin", topic) == 0 && lag("FCG-sql", topic) == 0 && lag("FCG-tags", topic) == 0);
            assertThat(byTags).isEqualTo(expected(i -> i % 4 == 0 || i % 4 == 2));
            assertThat(bySql).isEqualTo(sqlExpected);
            assertThat(byHashTwin).isEmpty();
        }
    }

    private static MessageListener.Result add(Set<String> into, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        assertThat(into.add(text)).as("delivered once: " + text).isTrue();
        return MessageListener.Result.SUCCESS;
    }

    @Test
    void officialConsumersFilterWithMessageSelectorBySqlAndByTag() throws Exception {
        String topic = "FilterOfficial";
        sendMessages(topic);
        Set<String> bySql = ConcurrentHashMap.newKeySet();
        Set<String> byTag = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer sql = official("FCG-official-sql", topic, MessageSelector.bySql("n BETWEEN 5 AND 12 OR color IN ('blue') AND n > 35"), bySql);
        DefaultMQPushConsumer tag = official("FCG-official-tag", topic, MessageSelector.byTag("TagB || TagC"), byTag);
        try {
            Set<String> sqlExpected = expected(i -> (i >= 5 && i <= 12) || (i % 2 == 1 && i > 35));
            Set<String> tagExpected = expected(i -> i % 4 == 1 || i % 4 == 2);
            // The official client rebalances every 20 s: a first rebalance that finds no consumer list yet (the
            // heartbeat still in flight on a loaded machine) leaves the queues unassigned until the next one.
            try {
                OrderedConsumptionTest.await("filtered messages", 60, () -> bySql.size() >= sqlExpected.size()
                        && byTag.size() >= tagExpected.size() && lag("FCG-official-sql", topic) == 0);
            } catch (AssertionError e) {
                throw new AssertionError("by SQL " + new java.util.TreeSet<>(bySql) + ", by tag " + new java.util.TreeSet<>(byTag)
                        + ", SQL group lag " + lag("FCG-official-sql", topic), e);
            }
            assertThat(bySql).isEqualTo(sqlExpected);
            assertThat(byTag).isEqualTo(tagExpected);
        } finally {
            sql.shutdown();
            tag.shutdown();
        }
    }

    private static DefaultMQPushConsumer official(String group, String topic, MessageSelector selector, Set<String> into)
            throws MQClientException {
        DefaultMQPushConsumer c = new DefaultMQPushConsumer(group);
        c.setNamesrvAddr(cluster.namesrvAddr());
        c.setInstanceName(group + "-" + System.nanoTime());
        c.setConsumeFromWhere(org.apache.rocketmq.common.consumer.ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        // Offsets reach the broker every second instead of every 5 s, so the lag check settles sooner.
        c.setPersistConsumerOffsetInterval(1_000);
        c.subscribe(topic, selector);
        c.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            for (MessageExt m : messages) {
                into.add(new String(m.getBody(), StandardCharsets.UTF_8));
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        return c;
    }

    @Test
    void aBadSql92ExpressionFailsWithItsPositionAndCause() throws Exception {
        String topic = "FilterBad";
        sendMessages(topic);
        // The native client compiles the expression at once.
        assertThatThrownBy(() -> new PushConsumer("FCG-bad", config("bad")).subscribeSql(topic, "n > 5 AND (color = 'red'"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("FMQ-CLIENT-213 SQL92 subscription of FilterBad: FMQ-FILTER-001 at position 25: "
                        + "expected ')' but found end of input");
        for (String empty : new String[]{null, "", "  "}) {
            assertThatThrownBy(() -> new PushConsumer("FCG-bad", config("bad")).subscribeSql(topic, empty))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("FMQ-CLIENT-213 SQL92 subscription of FilterBad: the expression is empty");
        }

        // The official client asks the broker at start (CHECK_CLIENT_CONFIG) and fails with its answer.
        DefaultMQPushConsumer official = new DefaultMQPushConsumer("FCG-bad-official");
        official.setNamesrvAddr(cluster.namesrvAddr());
        official.setInstanceName("bad-official-" + System.nanoTime());
        official.subscribe(topic, MessageSelector.bySql("color = 'red' AND n >> 3"));
        official.registerMessageListener((MessageListenerConcurrently) (m, c) -> ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
        try {
            assertThatThrownBy(official::start).isInstanceOf(MQClientException.class)
                    .hasMessageContaining("FMQ-BROKER-142 SQL92 expression does not parse: FMQ-FILTER-001 at position 22");
        } finally {
            official.shutdown();
        }

        // A pull carrying a bad expression is refused with SUBSCRIPTION_PARSE_FAILED and the same words.
        NettyRemotingClient remoting = new NettyRemotingClient(new RemotingConfig());
        try {
            PullMessageRequestHeader h = new PullMessageRequestHeader();
            h.consumerGroup = "FCG-bad-pull";
            h.topic = topic;
            h.queueId = 0;
            h.queueOffset = 0L;
            h.maxMsgNums = 32;
            h.sysFlag = 4;
            h.commitOffset = 0L;
            h.suspendTimeoutMillis = 0L;
            h.subscription = "n IN (1, 2)";
            h.subVersion = 0L;
            h.expressionType = "SQL92";
            RemotingCommand r = remoting.invokeSync(cluster.brokerAddr(),
                    RemotingCommand.request(RequestCode.PULL_MESSAGE).header(h), 3_000);
            assertThat(r.code()).isEqualTo(ResponseCode.SUBSCRIPTION_PARSE_FAILED);
            assertThat(r.remark()).startsWith("FMQ-BROKER-142 SQL92 expression does not parse: FMQ-FILTER-001 at position 7:");
        } finally {
            remoting.shutdown();
        }
    }
}

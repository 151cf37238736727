package io.ferrymq.it;

import io.ferrymq.client.AdminClient;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ConsumeFromWhere;
import io.ferrymq.client.MessageListener;
import io.ferrymq.client.Producer;
import io.ferrymq.client.PushConsumer;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.common.filter.Dialect;
import io.ferrymq.common.filter.FilterExpression;
import io.ferrymq.common.jms.JmsSelectorProperties;
import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.jms.FerryQueue;
import io.ferrymq.jms.message.FerryMessage;
import io.ferrymq.jms.message.FerryTextMessage;
import io.ferrymq.jms.message.JmsWireCodec;
import io.ferrymq.remoting.RemotingConfig;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.header.PullMessageRequestHeader;

import jakarta.jms.DeliveryMode;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JMS selectors evaluated in the broker, end to end: messages encoded by the JMS provider's {@link JmsWireCodec} are
 * sent with FerryMQ's producer, and push consumers subscribed with {@link PushConsumer#subscribeJmsSelector} receive
 * exactly the messages their selectors select under JMS typing (headers, typed properties, reserved names, nulls);
 * the groups' offsets move past the rest, the client-side view of each received message agrees with the broker, and
 * a bad selector fails at once in the client and with SUBSCRIPTION_PARSE_FAILED at the broker.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JmsSelectorConsumptionTest {
    private static final String TOPIC = "JmsSelectors";
    private static final int COUNT = 40;
    private static LocalCluster cluster;
    /** The UNIQ_KEY of message 17, as the producer reported it. */
    private static String message17Id;

    @BeforeAll
    static void startClusterAndSend() throws Exception {
        cluster = LocalCluster.start();
        try (AdminClient admin = new AdminClient(config("admin"));
             Producer producer = new Producer("FPG-jms-selectors", config("producer"))) {
            admin.start();
            admin.createTopic("DefaultCluster", TOPIC, 2);
            OrderedConsumptionTest.await("route of " + TOPIC, 10, () -> cluster.namesrv.routes().route(TOPIC) != null);
            producer.start();
            JmsWireCodec codec = new JmsWireCodec();
            for (int i = 0; i < COUNT; i++) {
                String id = producer.send(codec.toClientMessage(message(i))).msgId();
                if (i == 17) {
                    message17Id = id;
                }
            }
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    private static ClientConfig config(String instance) {
        return new ClientConfig().setNamesrvAddr(cluster.namesrvAddr()).setInstanceName(instance);
    }

    /**
     * Message i: text "m<i>"; n = i (int), big = i × 10^9 (long), ratio = i / 4 (double); flag a boolean true (i % 3
     * == 0), the String "true" (i % 3 == 1) or boolean false; KEYS = "k<i % 5>" (a name RocketMQ reserves); opt null
     * (i % 7 == 0), "v" (i % 7 == 1) or absent; JMSType order|refund (i even|odd); JMSCorrelationID "order-<i>" (i % 4
     * == 0) or "inv_<i>"; JMSPriority i % 10; NON_PERSISTENT when i % 3 == 0.
     */
    private static TextMessage message(int i) throws Exception {
        FerryTextMessage m = new FerryTextMessage("m" + i);
        m.setJMSDestination(new FerryQueue(TOPIC));
        m.setIntProperty("n", i);
        m.setLongProperty("big", i * 1_000_000_000L);
        m.setDoubleProperty("ratio", i / 4.0);
        if (i % 3 == 1) {
            m.setStringProperty("flag", "true");
        } else {
            m.setBooleanProperty("flag", i % 3 == 0);
        }
        m.setStringProperty("KEYS", "k" + i % 5);
        if (i % 7 == 0) {
            m.setStringProperty("opt", null);
        } else if (i % 7 == 1) {
            m.setStringProperty("opt", "v");
        }
        m.setJMSType(i % 2 == 0 ? "order" : "refund");
        m.setJMSCorrelationID(i % 4 == 0 ? "order-" + i : "inv_" + i);
        m.setJMSPriority(i % 10);
        m.setJMSDeliveryMode(i % 3 == 0 ? DeliveryMode.NON_PERSISTENT : DeliveryMode.PERSISTENT);
        return m;
    }

    private static Set<String> expected(IntPredicate which) {
        Set<String> out = new TreeSet<>();
        for (int i = 0; i < COUNT; i++) {
            if (which.test(i)) {
                out.add("m" + i);
            }
        }
        return out;
    }

    private static long lag(String group) {
        try (AdminClient admin = new AdminClient(config("lag-" + group))) {
            admin.start();
            return admin.consumerLag(group, TOPIC).stream().mapToLong(AdminClient.QueueLag::lag).sum();
        } catch (Exception e) {
            return Long.MAX_VALUE;
        }
    }

    /** One consumer group with a selector, and what it received (texts), each checked against the client's view. */
    private static final class SelectorConsumer {
        final String group;
        final String selector;
        final Set<String> expected;
        final Set<String> received = ConcurrentHashMap.newKeySet();
        final List<String> problems = new ArrayList<>();
        final PushConsumer consumer;

        SelectorConsumer(String group, String selector, Set<String> expected) {
            this.group = group;
            this.selector = selector;
            this.expected = expected;
            FilterExpression clientSide = FilterExpression.compile(selector, Dialect.JMS);
            JmsWireCodec codec = new JmsWireCodec();
            this.consumer = new PushConsumer(group, config(group)).subscribeJmsSelector(TOPIC, selector)
                    .setConsumeThreads(2)
                    .setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)
                    .setListener(m -> {
                        try {
                            FerryMessage decoded = codec.decode(m);
                            String text = ((TextMessage) decoded).getText();
                            if (!received.add(text)) {
                                problem(text + " delivered twice");
                            }
                            if (!clientSide.matches(view(m))) {
                                problem(text + " does not match on the client side");
                            }
                        } catch (Exception e) {
                            problem(e.toString());
                        }
                        return MessageListener.Result.SUCCESS;
                    });
        }

        private synchronized void problem(String what) {
            problems.add(what);
        }

        boolean done() {
            return received.size() >= expected.size() && lag(group) == 0;
        }
    }

    /** The client-side selector view of a received message, with the record's fields as the broker sees them. */
    private static JmsSelectorProperties view(ReceivedMessage m) {
        Map<String, String> properties = m.properties();
        return JmsSelectorProperties.over(new JmsSelectorProperties.WireSource() {
            @Override
            public String property(String wireName) {
                return properties.get(wireName);
            }

            @Override
            public int reconsumeTimes() {
                return m.reconsumeTimes();
            }

            @Override
            public long bornTimestamp() {
                return m.bornTimestamp();
            }

            @Override
            public String offsetMessageId() {
                return m.offsetMsgId();
            }
        });
    }

    @Test
    void consumersReceiveExactlyWhatTheirJmsSelectorsSelect() throws Exception {
        List<SelectorConsumer> consumers = List.of(
                new SelectorConsumer("FCG-jms-numbers", "n > 5 AND big < 20000000000 AND ratio >= 2.0",
                        expected(i -> i >= 8 && i < 20)),
                new SelectorConsumer("FCG-jms-headers", "JMSPriority > 5 AND JMSDeliveryMode = 'PERSISTENT'",
                        expected(i -> i % 10 > 5 && i % 3 != 0)),
                // flag = TRUE must not take the String 'true'; KEYS is the JMS property, not RocketMQ's keys.
                new SelectorConsumer("FCG-jms-types", "flag = TRUE OR KEYS = 'k2'",
                        expected(i -> i % 3 == 0 || i % 5 == 2)),
                new SelectorConsumer("FCG-jms-strings",
                        "JMSType = 'order' AND JMSCorrelationID LIKE 'order-%' AND opt IS NULL",
                        expected(i -> i % 4 == 0 && i % 7 != 1)),
                new SelectorConsumer("FCG-jms-ids", "JMSMessageID = 'ID:" + message17Id + "' OR n BETWEEN 1 AND 2"
                        + " OR JMSCorrelationID LIKE 'inv!_3%' ESCAPE '!' OR JMSType IN ('none', 'other')",
                        expected(i -> i == 17 || i == 1 || i == 2 || (i % 4 != 0 && String.valueOf(i).startsWith("3")))));
        Map<String, Set<String>> got = new LinkedHashMap<>();
        try {
            for (SelectorConsumer c : consumers) {
                c.consumer.start();
            }
            try {
                OrderedConsumptionTest.await("selected messages and zero lag", 60,
                        () -> consumers.stream().allMatch(SelectorConsumer::done));
            } finally {
                consumers.forEach(c -> got.put(c.selector, new TreeSet<>(c.received)));
            }
        } finally {
            for (SelectorConsumer c : consumers) {
                c.consumer.close();
            }
        }
        for (SelectorConsumer c : consumers) {
            assertThat(got.get(c.selector)).as(c.selector).isEqualTo(c.expected);
            assertThat(c.problems).as(c.selector).isEmpty();
        }
    }

    @Test
    void aBadSelectorFailsAtOnceInTheClientAndIsRefusedByTheBroker() throws Exception {
        assertThatThrownBy(() -> new PushConsumer("FCG-jms-bad", config("bad"))
                .subscribeJmsSelector(TOPIC, "JMSPriority > 5 AND (n = 1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("FMQ-CLIENT-215 JMS selector of the subscription of JmsSelectors: FMQ-FILTER-001 at"
                        + " position 27: expected ')' but found end of input");
        // RocketMQ's CONTAINS is no JMS keyword.
        assertThatThrownBy(() -> new PushConsumer("FCG-jms-bad", config("bad"))
                .subscribeJmsSelector(TOPIC, "JMSType CONTAINS 'x'"))
                .hasMessageStartingWith("FMQ-CLIENT-215 JMS selector of the subscription of JmsSelectors: "
                        + "FMQ-FILTER-001 at position 9");

        NettyRemotingClient remoting = new NettyRemotingClient(new RemotingConfig());
        try {
            PullMessageRequestHeader h = new PullMessageRequestHeader();
            h.consumerGroup = "FCG-jms-bad-pull";
            h.topic = TOPIC;
            h.queueId = 0;
            h.queueOffset = 0L;
            h.maxMsgNums = 32;
            h.sysFlag = 4;
            h.commitOffset = 0L;
            h.suspendTimeoutMillis = 0L;
            h.subscription = "JMSPriority >> 3";
            h.subVersion = 0L;
            h.expressionType = "JMS";
            RemotingCommand r = remoting.invokeSync(cluster.brokerAddr(),
                    RemotingCommand.request(RequestCode.PULL_MESSAGE).header(h), 3_000);
            assertThat(r.code()).isEqualTo(ResponseCode.SUBSCRIPTION_PARSE_FAILED);
            assertThat(r.remark()).startsWith("FMQ-BROKER-143 JMS selector does not parse: FMQ-FILTER-001 at position 14:");

            // The same raw pull with a good selector returns only selected messages of queue 0.
            h.subscription = "flag = TRUE AND JMSDeliveryMode = 'NON_PERSISTENT'";
            RemotingCommand ok = remoting.invokeSync(cluster.brokerAddr(),
                    RemotingCommand.request(RequestCode.PULL_MESSAGE).header(h), 3_000);
            assertThat(ok.code()).isEqualTo(ResponseCode.SUCCESS);
            List<Integer> pulled = new ArrayList<>();
            ByteBuffer records = ByteBuffer.wrap(ok.body());
            for (int pos = 0; pos < records.limit(); pos += MessageRecord.readTotalSize(records, pos)) {
                DecodedMessage m = MessageRecord.decode(records, pos);
                pulled.add(Integer.parseInt(m.property("n")));
            }
            assertThat(pulled).isNotEmpty().allMatch(i -> i % 3 == 0);
        } finally {
            remoting.shutdown();
        }
    }
}

package io.ferrymq.it;

import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.DispatchConsumer;
import io.ferrymq.client.LeasedMessage;
import io.ferrymq.client.Message;
import io.ferrymq.client.MessagingClient;
import io.ferrymq.client.Producer;
import io.ferrymq.common.message.DeliveryConst;
import io.ferrymq.remoting.ResponseCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Per-message dispatch end to end (DISPATCH_* through {@link DispatchConsumer}): competing consumers share a
 * subscription with each message going to one of them, acknowledgements in any order, releases and expired leases
 * redelivered with their delivery count, dead-lettering after the maximum deliveries, start positions, selectors
 * that leave messages to other consumers, buffered messages given back on close, and a broker restart that
 * redelivers what was unacknowledged and nothing that was acknowledged.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DispatchConsumerTest {
    private static LocalCluster cluster;
    private MessagingClient client;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    @BeforeEach
    void connect() throws Exception {
        client = new MessagingClient(new ClientConfig().setNamesrvAddr(cluster.namesrvAddr()).setInstanceName("dispatch"));
        client.start();
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    private static DispatchConsumer.Options options() {
        return new DispatchConsumer.Options();
    }

    private DispatchConsumer consumer(String group, String topic, DispatchConsumer.Options options) throws ClientException {
        DispatchConsumer c = client.newDispatchConsumer(group, topic, options);
        c.start();
        return c;
    }

    private void send(String topic, int from, int to) throws Exception {
        // A topic a subscription just created must reach the nameserver first, or the producer would create it
        // again through the template with the default queue count.
        OrderedConsumptionTest.await("route of " + topic, 10, () -> cluster.namesrv.routes().route(topic) != null
                || cluster.broker("broker-a").topics().get(topic) == null);
        try (Producer p = client.newProducer("DPG")) {
            p.start();
            for (int i = from; i < to; i++) {
                Message m = new Message(topic, ("m" + i).getBytes(StandardCharsets.UTF_8));
                m.putProperty("n", Integer.toString(i));
                m.putProperty("color", i % 3 == 0 ? "red" : i % 3 == 1 ? "blue" : "green");
                p.send(m);
            }
        }
    }

    private static String body(LeasedMessage m) {
        return new String(m.message().body(), StandardCharsets.UTF_8);
    }

    /** Receives until {@code count} arrived or the time is up. */
    private static List<LeasedMessage> receive(DispatchConsumer c, int count, long millis) throws InterruptedException {
        List<LeasedMessage> got = new ArrayList<>();
        long deadline = System.currentTimeMillis() + millis;
        while (got.size() < count && System.currentTimeMillis() < deadline) {
            LeasedMessage m = c.receive(100);
            if (m != null) {
                got.add(m);
            }
        }
        return got;
    }

    private long floorSum(String group, String topic) {
        return cluster.broker("broker-a").offsets().queryAll(group, topic).values().stream().mapToLong(Long::longValue).sum();
    }

    @Test
    void competingConsumersGetEveryMessageExactlyOnce() throws Exception {
        String topic = "DispatchCompete";
        try (DispatchConsumer a = consumer("DG-compete", topic, options().prefetch(8));
             DispatchConsumer b = consumer("DG-compete", topic, options().prefetch(8))) {
            send(topic, 0, 200);
            Set<String> seen = ConcurrentHashMap.newKeySet();
            List<String> duplicates = new ArrayList<>();
            int[] perConsumer = new int[2];
            long deadline = System.currentTimeMillis() + 30_000;
            while (seen.size() < 200 && System.currentTimeMillis() < deadline) {
                for (int i = 0; i < 2; i++) {
                    DispatchConsumer c = i == 0 ? a : b;
                    LeasedMessage m = c.receive(20);
                    if (m != null) {
                        perConsumer[i]++;
                        if (!seen.add(body(m))) {
                            duplicates.add(body(m));
                        }
                        assertThat(m.deliveries()).isEqualTo(1);
                        c.ack(List.of(m)).get(5, TimeUnit.SECONDS);
                    }
                }
            }
            assertThat(seen).hasSize(200);
            assertThat(duplicates).isEmpty();
            assertThat(perConsumer[0]).isPositive();
            assertThat(perConsumer[1]).isPositive();
            OrderedConsumptionTest.await("floors at the end", 10, () -> floorSum("DG-compete", topic) == 200);
        }
    }

    @Test
    void outOfOrderAcksReleasesAndExpiredLeasesAreRedeliveredWithTheirCount() throws Exception {
        String topic = "DispatchRedeliver";
        try (DispatchConsumer c = consumer("DG-redeliver", topic, options().prefetch(10).leaseMillis(1_500))) {
            send(topic, 0, 10);
            List<LeasedMessage> first = receive(c, 10, 10_000);
            assertThat(first).hasSize(10);
            List<LeasedMessage> odd = new ArrayList<>();
            List<LeasedMessage> even = new ArrayList<>();
            for (LeasedMessage m : first) {
                (Integer.parseInt(body(m).substring(1)) % 2 == 1 ? odd : even).add(m);
            }
            assertThat(c.ack(odd).get(5, TimeUnit.SECONDS)).isEmpty();
            // Nothing is committed past the first unacknowledged message.
            assertThat(floorSum("DG-redeliver", topic)).isLessThan(10);
            LeasedMessage kept = even.remove(0);
            assertThat(c.release(even, true, 0).get(5, TimeUnit.SECONDS)).isEmpty();
            List<LeasedMessage> again = receive(c, even.size(), 10_000);
            assertThat(again).extracting(DispatchConsumerTest::body)
                    .containsExactlyInAnyOrderElementsOf(even.stream().map(DispatchConsumerTest::body).toList());
            assertThat(again).allSatisfy(m -> assertThat(m.deliveries()).isEqualTo(2));
            assertThat(c.ack(again).get(5, TimeUnit.SECONDS)).isEmpty();

            // The one never acknowledged comes back when its lease runs out (renewal stops once it is released
            // from the consumer's hold, which an ack of a stale lease shows).
            c.release(List.of(kept), true, 0).get(5, TimeUnit.SECONDS);
            LeasedMessage back = receive(c, 1, 10_000).get(0);
            assertThat(body(back)).isEqualTo(body(kept));
            assertThat(back.deliveries()).isEqualTo(2);
            assertThat(c.ack(List.of(kept)).get(5, TimeUnit.SECONDS)).as("the old lease is stale").hasSize(1);
            assertThat(c.ack(List.of(back)).get(5, TimeUnit.SECONDS)).isEmpty();
            OrderedConsumptionTest.await("all done", 10, () -> floorSum("DG-redeliver", topic) == 10);
        }
    }

    @Test
    void aLeaseThatRunsOutGoesToAnotherConsumer() throws Exception {
        String topic = "DispatchExpiry";
        send(topic, 0, 1);
        LeasedMessage taken;
        // A consumer that takes a message and goes away without a word (no release: its connection stays, it just
        // stops renewing because it is closed and the message was already handed out).
        try (MessagingClient other = new MessagingClient(new ClientConfig().setNamesrvAddr(cluster.namesrvAddr())
                .setInstanceName("dispatch-crash"))) {
            other.start();
            DispatchConsumer crashed = other.newDispatchConsumer("DG-expiry", topic, options().prefetch(1).leaseMillis(800));
            crashed.start();
            taken = receive(crashed, 1, 10_000).get(0);
            crashed.close();
        }
        try (DispatchConsumer c = consumer("DG-expiry", topic, options().prefetch(1))) {
            LeasedMessage m = receive(c, 1, 10_000).get(0);
            assertThat(body(m)).isEqualTo(body(taken));
            assertThat(m.deliveries()).isEqualTo(2);
            c.ack(List.of(m)).get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMessageDeliveredTooOftenGoesToTheGroupsDeadLetterQueue() throws Exception {
        String topic = "DispatchDlq";
        String group = "DG-dlq";
        send(topic, 0, 1);
        try (DispatchConsumer c = consumer(group, topic, options().prefetch(1).maxDeliveries(2))) {
            LeasedMessage m1 = receive(c, 1, 10_000).get(0);
            c.release(List.of(m1), true, 0).get(5, TimeUnit.SECONDS);
            LeasedMessage m2 = receive(c, 1, 10_000).get(0);
            assertThat(m2.deliveries()).isEqualTo(2);
            c.release(List.of(m2), true, 0).get(5, TimeUnit.SECONDS);
            assertThat(receive(c, 1, 1_500)).as("not delivered a third time").isEmpty();
        }
        try (DispatchConsumer dlq = consumer("DG-dlq-reader", DeliveryConst.dlqTopic(group), options())) {
            LeasedMessage dead = receive(dlq, 1, 10_000).get(0);
            assertThat(body(dead)).isEqualTo("m0");
            assertThat(dead.message().property(DeliveryConst.PROPERTY_DEATH_CAUSE)).isEqualTo(DeliveryConst.CAUSE_MAX_RECONSUME);
            assertThat(dead.message().property(DeliveryConst.PROPERTY_FAILURE_COUNT)).isEqualTo("2");
        }
        OrderedConsumptionTest.await("the original done", 10, () -> floorSum(group, topic) == 1);
    }

    @Test
    void aSubscriptionStartingAtTheEndSeesOnlyLaterMessagesAndUnsubscribeForgetsIt() throws Exception {
        String topic = "DispatchLast";
        send(topic, 0, 5);
        try (DispatchConsumer c = consumer("DG-last", topic, options().startFrom(DispatchConsumer.StartFrom.LAST))) {
            send(topic, 5, 8);
            List<LeasedMessage> got = receive(c, 3, 10_000);
            assertThat(got).extracting(DispatchConsumerTest::body).containsExactlyInAnyOrder("m5", "m6", "m7");
            assertThat(receive(c, 1, 500)).isEmpty();
            c.ack(got).get(5, TimeUnit.SECONDS);
            c.unsubscribe();
        }
        assertThat(cluster.broker("broker-a").offsets().queryAll("DG-last", topic)).isEmpty();
    }

    @Test
    void consumerScopeSelectorsLeaveOtherMessagesForOtherConsumers() throws Exception {
        String topic = "DispatchSelect";
        try (DispatchConsumer red = consumer("DG-select", topic, options()
                .selector("SQL92", "color = 'red'", DispatchConsumer.SelectorScope.CONSUMER));
             DispatchConsumer blue = consumer("DG-select", topic, options()
                     .selector("SQL92", "color = 'blue'", DispatchConsumer.SelectorScope.CONSUMER))) {
            send(topic, 0, 30);
            List<LeasedMessage> reds = receive(red, 10, 10_000);
            List<LeasedMessage> blues = receive(blue, 10, 10_000);
            assertThat(reds).extracting(m -> m.message().property("color")).containsOnly("red").hasSize(10);
            assertThat(blues).extracting(m -> m.message().property("color")).containsOnly("blue").hasSize(10);
            red.ack(reds).get(5, TimeUnit.SECONDS);
            blue.ack(blues).get(5, TimeUnit.SECONDS);
            assertThat(receive(red, 1, 500)).isEmpty();
        }
        // The green ones are still there for a consumer without a selector.
        try (DispatchConsumer any = consumer("DG-select", topic, options())) {
            List<LeasedMessage> greens = receive(any, 10, 10_000);
            assertThat(greens).extracting(m -> m.message().property("color")).containsOnly("green").hasSize(10);
            any.ack(greens).get(5, TimeUnit.SECONDS);
        }
        OrderedConsumptionTest.await("all done", 10, () -> floorSum("DG-select", topic) == 30);
    }

    @Test
    void closingGivesBufferedMessagesBackUndeliveredInOrder() throws Exception {
        String topic = "DispatchClose";
        // One queue, so order is the queue's order.
        try (DispatchConsumer a = consumer("DG-close", topic, options().prefetch(50).queueNums(1))) {
            send(topic, 0, 20);
            LeasedMessage first = receive(a, 1, 10_000).get(0);
            assertThat(body(first)).isEqualTo("m0");
            OrderedConsumptionTest.await("prefetch", 10, () -> a.buffered() == 19);
            a.ack(List.of(first)).get(5, TimeUnit.SECONDS);
        }
        try (DispatchConsumer b = consumer("DG-close", topic, options().prefetch(50))) {
            List<LeasedMessage> rest = receive(b, 19, 10_000);
            List<String> expected = new ArrayList<>();
            for (int i = 1; i < 20; i++) {
                expected.add("m" + i);
            }
            assertThat(rest).extracting(DispatchConsumerTest::body).containsExactlyElementsOf(expected);
            assertThat(rest).allSatisfy(m -> assertThat(m.deliveries()).isEqualTo(1));
            b.ack(rest).get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRestartRedeliversWhatWasUnacknowledgedAndNothingAcknowledged() throws Exception {
        String topic = "DispatchRestart";
        List<String> unacked = new ArrayList<>();
        try (DispatchConsumer c = consumer("DG-restart", topic, options().prefetch(20).queueNums(1))) {
            send(topic, 0, 10);
            List<LeasedMessage> got = receive(c, 10, 10_000);
            List<LeasedMessage> ack = new ArrayList<>();
            for (LeasedMessage m : got) {
                if (Set.of("m2", "m5", "m6").contains(body(m))) {
                    unacked.add(body(m));
                } else {
                    ack.add(m);
                }
            }
            c.ack(ack).get(5, TimeUnit.SECONDS);
        }
        client.close();
        cluster.stopBroker("broker-a");
        cluster.restartBroker("broker-a");
        client = new MessagingClient(new ClientConfig().setNamesrvAddr(cluster.namesrvAddr()).setInstanceName("dispatch2"));
        client.start();
        try (DispatchConsumer c = consumer("DG-restart", topic, options().prefetch(20))) {
            List<LeasedMessage> again = receive(c, 10, 5_000);
            assertThat(again).extracting(DispatchConsumerTest::body).containsExactlyInAnyOrderElementsOf(unacked);
            c.ack(again).get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void badRequestsGetClearErrors() throws Exception {
        assertThatThrownBy(() -> consumer("DG-bad", "bad topic name", options()))
                .isInstanceOf(ClientException.class)
                .satisfies(e -> assertThat(((ClientException) e).responseCode()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST));
        assertThatThrownBy(() -> consumer("DG-bad", "DispatchBadSelector", options()
                .selector("SQL92", "color = ", DispatchConsumer.SelectorScope.CONSUMER)))
                .isInstanceOf(ClientException.class)
                .hasMessageContaining("FMQ-BROKER-142 SQL92 expression does not parse")
                .satisfies(e -> assertThat(((ClientException) e).responseCode()).isEqualTo(ResponseCode.SUBSCRIPTION_PARSE_FAILED));
    }
}

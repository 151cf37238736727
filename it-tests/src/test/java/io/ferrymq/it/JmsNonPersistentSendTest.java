package io.ferrymq.it;

import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.jms.FerryConnectionFactory;
import io.ferrymq.jms.FerryDestination;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * NON_PERSISTENT sends return without waiting for the broker and travel in batch requests, one lane per queue: the
 * session's order per destination holds (also mixed with persistent sends), nothing is lost on a normal close, and a
 * small window only slows the sender down.
 */
class JmsNonPersistentSendTest extends JmsTestBase {
    private static final String BODY = "b".repeat(1_000);

    @Test
    void nonPersistentSendsArriveOnceInOrderAndTravelInBatches() throws Exception {
        Connection c = connection();
        int count = 2_000;
        Queue q = sendNonPersistent(c, "np-order", count);
        assertReceivedInOrder(c, q, count, i -> i + ":" + BODY);

        // One batch request is one append with one born timestamp; one send at a time, each waiting for its
        // answer, cannot put a hundred into the same millisecond.
        Map<Long, Long> perBornMillis = recordsPerBornMillis(q);
        assertThat(perBornMillis.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(count);
        assertThat(perBornMillis.values().stream().mapToLong(Long::longValue).max().orElse(0))
                .as("records sharing one born timestamp").isGreaterThanOrEqualTo(100);
    }

    @Test
    void persistentAndNonPersistentSendsOfASessionKeepTheirOrder() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(unique("np-mixed"));
        MessageProducer p = s.createProducer(q);
        int count = 300;
        for (int i = 0; i < count; i++) {
            // Runs of non-persistent sends, each followed by a persistent one that must not overtake them.
            int mode = i % 10 == 9 ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT;
            p.send(s.createTextMessage("m" + i), mode, Message.DEFAULT_PRIORITY, 0);
        }
        List<Message> received = assertReceivedInOrder(c, q, count, i -> "m" + i);
        for (int i = 0; i < count; i++) {
            assertThat(received.get(i).getJMSDeliveryMode())
                    .isEqualTo(i % 10 == 9 ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
        }
    }

    @Test
    void closingRightAfterSendingLosesNothing() throws Exception {
        Connection sender = factory().createConnection();
        int count = 1_000;
        Queue q = sendNonPersistent(sender, "np-close", count);
        sender.close();
        assertReceivedInOrder(connection(), q, count, i -> i + ":" + BODY);
    }

    @Test
    void aWindowSmallerThanTwoMessagesOnlySlowsTheSenderDown() throws Exception {
        FerryConnectionFactory f = factory();
        f.setNonPersistentWindowBytes(1_500);
        Connection c = closeLater(f.createConnection());
        c.start();
        int count = 300;
        // Each message fills the window, so every send waits for the one before to be answered.
        Queue q = sendNonPersistent(c, "np-window", count);
        assertReceivedInOrder(c, q, count, i -> i + ":" + BODY);
        assertThat(recordsPerBornMillis(q).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(count);
    }

    private static List<Message> assertReceivedInOrder(Connection c, Queue q, int count,
                                                       Function<Integer, String> expected) throws Exception {
        MessageConsumer consumer = c.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q);
        List<Message> received = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Message m = consumer.receive(10_000);
            assertThat(m).as("message " + i + " of " + count).isNotNull();
            assertThat(text(m)).isEqualTo(expected.apply(i));
            received.add(m);
        }
        assertThat(consumer.receive(300)).as("each message once").isNull();
        return received;
    }

    /** Sends {@code count} numbered ~1 KB NON_PERSISTENT messages to a new queue from a new session of {@code c}. */
    private static Queue sendNonPersistent(Connection c, String prefix, int count) throws Exception {
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(unique(prefix));
        MessageProducer p = s.createProducer(q);
        p.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        for (int i = 0; i < count; i++) {
            p.send(s.createTextMessage(i + ":" + BODY));
        }
        return q;
    }

    /** How many of the queue's stored records share each born timestamp: a batch request's records share one. */
    private static Map<Long, Long> recordsPerBornMillis(Queue q) throws Exception {
        return storedRecords(((FerryDestination) q).topicName()).stream()
                .collect(Collectors.groupingBy(DecodedMessage::bornTimestamp, Collectors.counting()));
    }
}

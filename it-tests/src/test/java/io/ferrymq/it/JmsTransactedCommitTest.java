package io.ferrymq.it;

import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.jms.FerryDestination;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TransactionRolledBackException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A transacted session's commit sends its held messages as batch requests, one batch per destination and queue, each
 * stored whole or not at all: order, ids and contents survive, delayed messages still wait, and a batch the broker
 * refuses leaves nothing of it behind.
 */
class JmsTransactedCommitTest extends JmsTestBase {
    /** Below the client's 1 MiB batch requests, so the broker refuses a batch for one message in it. */
    private static final int MAX_MESSAGE_SIZE = 256 * 1024;

    /** Hides {@link JmsTestBase#startCluster()}: this class's broker has a small maxMessageSize. */
    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.builder().storeConfig(s -> s.setMaxMessageSize(MAX_MESSAGE_SIZE)).start();
    }

    @Test
    void aCommitOf250MessagesDeliversEachOnceInOrderWithItsIdBodyAndProperties() throws Exception {
        Connection c = connection();
        Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
        Queue q = tx.createQueue(unique("tx-batch"));
        MessageProducer p = tx.createProducer(q);
        // ~1.5 MB in all: more than one batch request of 1 MiB.
        String padding = "x".repeat(6_000);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            TextMessage m = tx.createTextMessage("m" + i + "-" + padding);
            m.setIntProperty("n", i);
            m.setStringProperty("who", "sender-" + (i % 7));
            m.setJMSCorrelationID("corr-" + i);
            p.send(m);
            ids.add(m.getJMSMessageID());
        }
        assertThat(ids).doesNotContainNull().doesNotHaveDuplicates();
        tx.commit();

        MessageConsumer consumer = c.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q);
        for (int i = 0; i < 250; i++) {
            Message m = consumer.receive(10_000);
            assertThat(m).as("message " + i).isNotNull();
            assertThat(text(m)).isEqualTo("m" + i + "-" + padding);
            assertThat(m.getIntProperty("n")).isEqualTo(i);
            assertThat(m.getStringProperty("who")).isEqualTo("sender-" + (i % 7));
            assertThat(m.getJMSCorrelationID()).isEqualTo("corr-" + i);
            assertThat(m.getJMSMessageID()).isEqualTo(ids.get(i));
            assertThat(m.getJMSRedelivered()).isFalse();
        }
        assertThat(consumer.receive(500)).as("each message once").isNull();

        // A batch request is one append with one born timestamp: 250 single sends would carry many.
        List<DecodedMessage> stored = storedRecords(((FerryDestination) q).topicName());
        assertThat(stored).hasSize(250);
        assertThat(stored.stream().map(DecodedMessage::queueId).distinct()).as("one queue").hasSize(1);
        assertThat(stored.stream().map(DecodedMessage::bornTimestamp).distinct().count()).isBetween(1L, 2L);
    }

    @Test
    void aCommitOverTwoQueuesAndATopicKeepsEachDestinationsOrder() throws Exception {
        Connection c = connection();
        Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
        Session plain = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue a = tx.createQueue(unique("tx-a"));
        Queue b = tx.createQueue(unique("tx-b"));
        Topic t = tx.createTopic(unique("tx-t"));
        MessageConsumer onA = plain.createConsumer(a);
        MessageConsumer onB = plain.createConsumer(b);
        MessageConsumer onT = plain.createConsumer(t);
        MessageProducer anonymous = tx.createProducer(null);
        List<Destination> destinations = List.of(a, b, t);
        for (int i = 0; i < 60; i++) {
            for (Destination d : destinations) {
                anonymous.send(d, tx.createTextMessage(name(d) + "-" + i));
            }
        }
        assertThat(onA.receive(300)).as("held until commit").isNull();
        tx.commit();

        for (Destination d : destinations) {
            MessageConsumer consumer = d == a ? onA : d == b ? onB : onT;
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                expected.add(name(d) + "-" + i);
            }
            assertThat(receiveTexts(consumer, 60, 10_000)).as(d.toString()).containsExactlyElementsOf(expected);
            assertThat(consumer.receive(300)).isNull();
        }
    }

    @Test
    void aDelayedMessageInATransactionComesAfterItsDelayAndTheOthersAtOnce() throws Exception {
        Connection c = connection();
        Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
        Session plain = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = tx.createQueue(unique("tx-delay"));
        Queue other = tx.createQueue(unique("tx-nodelay"));
        MessageProducer now = tx.createProducer(q);
        MessageProducer later = tx.createProducer(q);
        later.setDeliveryDelay(2_000);
        MessageProducer toOther = tx.createProducer(other);
        now.send(tx.createTextMessage("a"));
        TextMessage delayed = tx.createTextMessage("delayed");
        later.send(delayed);
        now.send(tx.createTextMessage("b"));
        for (int i = 0; i < 5; i++) {
            toOther.send(tx.createTextMessage("o" + i));
        }
        tx.commit();

        // Sent between a and b, the delayed message comes after both, once its delivery time has come.
        MessageConsumer onQ = plain.createConsumer(q);
        assertThat(receiveTexts(onQ, 2, 10_000)).containsExactly("a", "b");
        assertThat(receiveTexts(plain.createConsumer(other), 5, 10_000)).containsExactly("o0", "o1", "o2", "o3", "o4");
        if (System.currentTimeMillis() < delayed.getJMSDeliveryTime() - 300) {
            assertThat(onQ.receive(200)).as("not before its delivery time").isNull();
        }
        Message got = onQ.receive(15_000);
        assertThat(text(got)).isEqualTo("delayed");
        assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(delayed.getJMSDeliveryTime());
        assertThat(got.getJMSMessageID()).isEqualTo(delayed.getJMSMessageID());
        assertThat(onQ.receive(300)).isNull();
    }

    @Test
    void aCommitWhoseBatchTheBrokerRefusesStoresNoneOfItAndRollsBackTheReceives() throws Exception {
        Connection c = connection();
        Session plain = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue in = plain.createQueue(unique("tx-in"));
        Queue refused = plain.createQueue(unique("tx-refused"));
        Queue accepted = plain.createQueue(unique("tx-accepted"));
        plain.createProducer(in).send(plain.createTextMessage("work"));

        Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer work = tx.createConsumer(in);
        assertThat(text(work.receive(10_000))).isEqualTo("work");
        MessageProducer toRefused = tx.createProducer(refused);
        MessageProducer toAccepted = tx.createProducer(accepted);
        for (int i = 0; i < 3; i++) {
            toRefused.send(tx.createTextMessage("r" + i));
            toAccepted.send(tx.createTextMessage("a" + i));
        }
        // Larger than the broker's maxMessageSize: the broker refuses the batch it is in, all of it.
        BytesMessage tooLarge = tx.createBytesMessage();
        tooLarge.writeBytes(new byte[MAX_MESSAGE_SIZE + 1]);
        toRefused.send(tooLarge);
        toRefused.send(tx.createTextMessage("r3"));

        assertThatThrownBy(tx::commit).isInstanceOf(TransactionRolledBackException.class)
                .hasMessageStartingWith("FMQ-JMS-632 commit failed")
                .hasMessageContaining(refused + ": none of 5 stored")
                .hasMessageContaining(accepted + ": all 3 stored")
                .hasMessageContaining("FMQ-STORE-101");

        String refusedTopic = ((FerryDestination) refused).topicName();
        assertThat(storedRecords(refusedTopic)).as("nothing of the refused batch is stored").isEmpty();
        MessageConsumer onRefused = plain.createConsumer(refused);
        assertThat(onRefused.receive(1_000)).isNull();
        assertThat(receiveTexts(plain.createConsumer(accepted), 3, 10_000)).containsExactly("a0", "a1", "a2");
        Message again = work.receive(10_000);
        assertThat(text(again)).as("the receive was rolled back").isEqualTo("work");
        assertThat(again.getJMSRedelivered()).isTrue();
        tx.commit();
        assertThat(storedRecords(refusedTopic)).isEmpty();
    }

    private static String name(Destination d) throws Exception {
        return d instanceof Queue q ? q.getQueueName() : ((Topic) d).getTopicName();
    }
}

package io.ferrymq.it;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Connections and sessions (spec 6): transactions, start/stop, close semantics, client ids. */
class JmsSessionTest extends JmsTestBase {

    @Test
    void transactedSendsAreInvisibleUntilCommitAndRollbackDiscardsThem() throws Exception {
        Connection c = connection();
        Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
        Session plain = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = tx.createQueue(unique("tx-send"));
        MessageProducer p = tx.createProducer(q);
        MessageConsumer consumer = plain.createConsumer(q);
        p.send(tx.createTextMessage("a"));
        p.send(tx.createTextMessage("b"));
        assertThat(consumer.receive(500)).isNull();
        tx.commit();
        assertThat(receiveTexts(consumer, 2, 10_000)).containsExactly("a", "b");
        p.send(tx.createTextMessage("c"));
        tx.rollback();
        tx.commit();
        assertThat(consumer.receive(500)).isNull();
    }

    @Test
    void rolledBackReceivesComeAgainFirstAndCommittedOnesNever() throws Exception {
        Connection c = connection();
        Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
        Queue q = tx.createQueue(unique("tx-receive"));
        MessageProducer p = tx.createProducer(q);
        for (int i = 0; i < 4; i++) {
            p.send(tx.createTextMessage("m" + i));
        }
        tx.commit();
        MessageConsumer consumer = tx.createConsumer(q);
        assertThat(receiveTexts(consumer, 2, 10_000)).containsExactly("m0", "m1");
        tx.rollback();
        Message again = consumer.receive(10_000);
        assertThat(text(again)).isEqualTo("m0");
        assertThat(again.getJMSRedelivered()).isTrue();
        assertThat(again.getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
        assertThat(receiveTexts(consumer, 3, 10_000)).containsExactly("m1", "m2", "m3");
        tx.commit();
        tx.close();
        Session other = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThat(other.createConsumer(q).receive(500)).isNull();
    }

    @Test
    void aRollbackThenAClosedConsumerCountsOneMoreDeliveryNotTwo() throws Exception {
        // What Spring's transacted listener container does when a listener throws: rollback, then close the consumer.
        Connection c = connection();
        Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
        Queue q = tx.createQueue(unique("tx-rollback-close"));
        tx.createProducer(q).send(tx.createTextMessage("x"));
        tx.commit();
        MessageConsumer first = tx.createConsumer(q);
        assertThat(first.receive(10_000).getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
        tx.rollback();
        first.close();
        Message again = tx.createConsumer(q).receive(10_000);
        assertThat(text(again)).isEqualTo("x");
        assertThat(again.getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
        tx.commit();
    }

    @Test
    void shortLivedConnectionsLeaveNoMessageLeased() throws Exception {
        // What a JmsTemplate without caching does for each receive: connect, consume one, close everything.
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(unique("short-lived"));
        MessageProducer p = s.createProducer(q);
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 3; i++) {
                p.send(s.createTextMessage("r" + round + "m" + i));
            }
            for (int i = 0; i < 3; i++) {
                try (Connection once = factory().createConnection()) {
                    once.start();
                    Session os = once.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    MessageConsumer consumer = os.createConsumer(q);
                    assertThat(consumer.receive(5_000)).as("round " + round + ", receive " + i).isNotNull();
                }
            }
        }
        assertThat(s.createConsumer(q).receive(300)).as("each message once").isNull();
    }

    @Test
    void closingATransactedSessionRollsBackItsReceives() throws Exception {
        Connection c = connection();
        Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
        Queue q = tx.createQueue(unique("tx-close"));
        tx.createProducer(q).send(tx.createTextMessage("x"));
        tx.commit();
        assertThat(text(tx.createConsumer(q).receive(10_000))).isEqualTo("x");
        tx.close();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Message again = s.createConsumer(q).receive(10_000);
        assertThat(text(again)).isEqualTo("x");
        assertThat(again.getJMSRedelivered()).isTrue();
    }

    @Test
    void aStoppedConnectionDeliversNothingUntilStarted() throws Exception {
        Connection c = closeLater(factory().createConnection());
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(unique("stopped"));
        s.createProducer(q).send(s.createTextMessage("x"));
        MessageConsumer consumer = s.createConsumer(q);
        assertThat(consumer.receive(500)).as("not started yet").isNull();
        c.start();
        assertThat(text(consumer.receive(10_000))).isEqualTo("x");
        c.stop();
        s.createProducer(q).send(s.createTextMessage("y"));
        assertThat(consumer.receiveNoWait()).isNull();
        c.start();
        assertThat(text(consumer.receive(10_000))).isEqualTo("y");
    }

    @Test
    void closeWaitsForARunningListenerAndClosedObjectsThrow() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(unique("close-wait"));
        CountDownLatch inListener = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        MessageConsumer consumer = s.createConsumer(q);
        consumer.setMessageListener(m -> {
            inListener.countDown();
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finished.set(true);
        });
        Session sender = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        sender.createProducer(q).send(sender.createTextMessage("slow"));
        assertThat(inListener.await(10, TimeUnit.SECONDS)).isTrue();
        s.close();
        assertThat(finished).as("close returned only after the listener").isTrue();
        assertThatThrownBy(() -> s.createTextMessage("x")).isInstanceOf(jakarta.jms.IllegalStateException.class);
        assertThatThrownBy(consumer::receiveNoWait).isInstanceOf(jakarta.jms.IllegalStateException.class);
        c.close();
        assertThatThrownBy(() -> c.createSession(false, Session.AUTO_ACKNOWLEDGE))
                .isInstanceOf(jakarta.jms.IllegalStateException.class);
        c.close(); // closing twice is allowed
    }

    @Test
    void aListenerMayNotCloseItsOwnSessionOrConnection() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(unique("self-close"));
        CountDownLatch done = new CountDownLatch(1);
        Exception[] seen = new Exception[2];
        s.createConsumer(q).setMessageListener(m -> {
            try {
                s.close();
            } catch (JMSException e) {
                seen[0] = e;
            }
            try {
                c.stop();
            } catch (JMSException e) {
                seen[1] = e;
            }
            done.countDown();
        });
        Session sender = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        sender.createProducer(q).send(sender.createTextMessage("x"));
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(seen[0]).isInstanceOf(jakarta.jms.IllegalStateException.class);
        assertThat(seen[1]).isInstanceOf(jakarta.jms.IllegalStateException.class);
    }

    @Test
    void clientIdsAreSetOnceBeforeUseAndUniquePerConnection() throws Exception {
        Connection c = closeLater(factory().createConnection());
        String id = unique("id");
        c.setClientID(id);
        assertThat(c.getClientID()).isEqualTo(id);
        assertThatThrownBy(() -> c.setClientID("other")).isInstanceOf(jakarta.jms.IllegalStateException.class);
        Connection second = closeLater(factory().createConnection());
        assertThatThrownBy(() -> second.setClientID(id)).isInstanceOf(jakarta.jms.InvalidClientIDException.class);
        Connection used = closeLater(factory().createConnection());
        used.createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThatThrownBy(() -> used.setClientID(unique("late"))).isInstanceOf(jakarta.jms.IllegalStateException.class);

        var preset = factory();
        String presetId = unique("preset");
        preset.setClientID(presetId);
        Connection withPreset = closeLater(preset.createConnection());
        assertThat(withPreset.getClientID()).isEqualTo(presetId);
        c.close();
        Connection reuse = closeLater(factory().createConnection());
        reuse.setClientID(id);
        assertThat(reuse.getClientID()).isEqualTo(id);
    }

    @Test
    void aWrongNameserverAddressFailsTheConnection() {
        var f = factory();
        f.setNamesrvAddr("127.0.0.1:1");
        f.setRequestTimeoutMillis(1_000);
        assertThatThrownBy(f::createConnection).isInstanceOf(JMSException.class).hasMessageContaining("127.0.0.1:1");
    }
}

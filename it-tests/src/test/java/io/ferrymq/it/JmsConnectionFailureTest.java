package io.ferrymq.it;

import io.ferrymq.jms.FerryConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connection loss (spec 6.1.8, ExceptionListener) and transparent reconnection: each test breaks its own cluster.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JmsConnectionFailureTest {

    private static FerryConnectionFactory factory(LocalCluster cluster) {
        FerryConnectionFactory f = new FerryConnectionFactory();
        f.setNamesrvAddr(cluster.namesrvAddr());
        f.setOption("reconnectIntervalMillis", "200");
        f.setRequestTimeoutMillis(1_000);
        return f;
    }

    @Test
    void producersAndConsumersCarryOnAfterTheBrokerRestartsAndUnacknowledgedMessagesComeBack() throws Exception {
        try (LocalCluster cluster = LocalCluster.start()) {
            Connection c = factory(cluster).createConnection();
            try {
                c.start();
                Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
                Queue q = s.createQueue("restart-queue");
                MessageProducer p = s.createProducer(q);
                MessageConsumer consumer = s.createConsumer(q);
                p.send(s.createTextMessage("before"));
                assertThat(JmsTestBase.text(consumer.receive(10_000))).isEqualTo("before");

                cluster.stopBroker("broker-a");
                cluster.restartBroker("broker-a");

                // The unacknowledged message was leased to this consumer when the broker went down: it comes back.
                s.recover();
                assertThat(JmsTestBase.text(consumer.receive(20_000))).isEqualTo("before");
                long deadline = System.currentTimeMillis() + 20_000;
                JMSException last = null;
                boolean sent = false;
                while (!sent && System.currentTimeMillis() < deadline) {
                    try {
                        p.send(s.createTextMessage("after"));
                        sent = true;
                    } catch (JMSException e) {
                        last = e; // the route may still point at the restarting broker for a moment
                        Thread.sleep(100);
                    }
                }
                assertThat(sent).as("sending again after the restart: " + last).isTrue();
                var m = consumer.receive(20_000);
                assertThat(JmsTestBase.text(m)).isEqualTo("after");
                m.acknowledge();
            } finally {
                c.close();
            }
        }
    }

    /**
     * Non-persistent sends do not wait for the broker, so a dead broker must not make them, or the session's close
     * that waits for them, hang: the sends fail in the background (logged), the window frees, close returns within
     * the send timeout's bounds, and after the restart sending works again.
     */
    @Test
    void nonPersistentSendsToADeadBrokerNeitherHangTheSenderNorItsClose() throws Exception {
        try (LocalCluster cluster = LocalCluster.start()) {
            FerryConnectionFactory f = factory(cluster);
            f.setSendTimeoutMillis(1_000);
            Connection c = f.createConnection();
            try {
                c.start();
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Queue q = s.createQueue("np-dead-broker");
                MessageProducer p = s.createProducer(q);
                p.setDeliveryMode(jakarta.jms.DeliveryMode.NON_PERSISTENT);
                p.send(s.createTextMessage("before"));
                MessageConsumer consumer = s.createConsumer(q);
                assertThat(JmsTestBase.text(consumer.receive(10_000))).isEqualTo("before");

                cluster.stopBroker("broker-a");
                long start = System.nanoTime();
                for (int i = 0; i < 50; i++) {
                    p.send(s.createTextMessage("lost-" + i));
                }
                s.close();
                long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                // Each lane's requests fail (with their retries) within the send timeout; close waits at most twice it.
                assertThat(tookMillis).as("50 sends and a close with the broker down took " + tookMillis + " ms")
                        .isLessThan(20_000);

                cluster.restartBroker("broker-a");
                Session again = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer p2 = again.createProducer(q);
                p2.setDeliveryMode(jakarta.jms.DeliveryMode.NON_PERSISTENT);
                MessageConsumer c2 = again.createConsumer(q);
                long deadline = System.currentTimeMillis() + 30_000;
                String got = null;
                while (got == null && System.currentTimeMillis() < deadline) {
                    p2.send(again.createTextMessage("after"));
                    var m = c2.receive(1_000);
                    while (m != null && !"after".equals(JmsTestBase.text(m))) {
                        m = c2.receive(1_000); // anything that did get through before the stop
                    }
                    got = m == null ? null : JmsTestBase.text(m);
                }
                assertThat(got).as("a non-persistent send delivered after the restart").isEqualTo("after");
            } finally {
                c.close();
            }
        }
    }

    @Test
    void aConnectionCarriesOnThroughTheOtherNameserverWhenOneDies() throws Exception {
        try (LocalCluster cluster = LocalCluster.builder().namesrvs(2).start()) {
            Connection c = factory(cluster).createConnection();
            try {
                java.util.List<JMSException> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
                c.setExceptionListener(heard::add);
                c.start();
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Queue q = s.createQueue("namesrv-failover");
                MessageProducer p = s.createProducer(q);
                p.send(s.createTextMessage("one"));
                cluster.namesrv(0).shutdown();
                // New routes, new consumers and the connection's own checks go to the surviving nameserver.
                Queue other = s.createQueue("namesrv-failover-new");
                MessageConsumer consumer = s.createConsumer(other);
                s.createProducer(other).send(s.createTextMessage("two"));
                assertThat(JmsTestBase.text(consumer.receive(20_000))).isEqualTo("two");
                assertThat(JmsTestBase.text(s.createConsumer(q).receive(20_000))).isEqualTo("one");
                Thread.sleep(600); // three of the connection's contact checks, every 200 ms
                assertThat(heard).as("one nameserver left is no loss of contact").isEmpty();
            } finally {
                c.close();
            }
        }
    }

    @Test
    void theExceptionListenerHearsWhenTheClusterCannotBeReached() throws Exception {
        LocalCluster cluster = LocalCluster.start();
        Connection c = factory(cluster).createConnection();
        try {
            CopyOnWriteArrayList<JMSException> heard = new CopyOnWriteArrayList<>();
            c.setExceptionListener(heard::add);
            c.start();
            cluster.close();
            OrderedConsumptionTest.await("the exception listener", 20, () -> !heard.isEmpty());
            assertThat(heard.get(0).getErrorCode()).isEqualTo("FMQ-JMS-613");
            assertThat(heard).hasSize(1);
        } finally {
            c.close();
        }
    }
}

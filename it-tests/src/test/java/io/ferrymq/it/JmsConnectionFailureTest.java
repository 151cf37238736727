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

package io.ferrymq.it;

import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simplified API (spec 2.8, 7): JMSContext, JMSProducer, JMSConsumer. */
class JmsContextTest extends JmsTestBase {

    @Test
    void aContextSendsBodiesAndPropertiesAndReceivesBodies() {
        try (JMSContext ctx = factory().createContext()) {
            Queue q = ctx.createQueue(unique("ctx"));
            JMSConsumer consumer = ctx.createConsumer(q);
            JMSProducer producer = ctx.createProducer().setProperty("n", 5).setJMSType("t1").setPriority(7);
            producer.send(q, "text body");
            producer.send(q, Map.of("k", 1));
            producer.send(q, new byte[] {1, 2, 3});
            assertThat(producer.getIntProperty("n")).isEqualTo(5);
            assertThat(producer.getStringProperty("n")).isEqualTo("5");

            var m = consumer.receive(10_000);
            assertThat(m).isNotNull();
            assertThat(consumer.receiveBody(Map.class, 10_000)).containsEntry("k", 1);
            assertThat(consumer.receiveBody(byte[].class, 10_000)).containsExactly(1, 2, 3);
            assertThat(m.getBody(String.class)).isEqualTo("text body");
        } catch (jakarta.jms.JMSException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void receiveBodyOfTheWrongTypeFailsAndTheMessageComesAgain() {
        try (JMSContext ctx = factory().createContext()) {
            Queue q = ctx.createQueue(unique("ctx-body"));
            JMSConsumer consumer = ctx.createConsumer(q);
            ctx.createProducer().send(q, "a string");
            assertThatThrownBy(() -> consumer.receiveBody(Integer.class, 10_000))
                    .isInstanceOf(MessageFormatRuntimeException.class);
            assertThat(consumer.receiveBody(String.class, 10_000)).isEqualTo("a string");
        }
    }

    @Test
    void transactedContextsCommitAndRollBack() {
        try (JMSContext tx = factory().createContext(JMSContext.SESSION_TRANSACTED);
             JMSContext plain = tx.createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
            Queue q = tx.createQueue(unique("ctx-tx"));
            JMSConsumer consumer = plain.createConsumer(q);
            tx.createProducer().send(q, "one");
            assertThat(consumer.receive(500)).isNull();
            tx.commit();
            assertThat(consumer.receiveBody(String.class, 10_000)).isEqualTo("one");
            tx.createProducer().send(q, "two");
            tx.rollback();
            assertThat(consumer.receive(500)).isNull();
        }
    }

    @Test
    void durableAndSharedSubscriptionsThroughTheContext() {
        try (JMSContext ctx = factory().createContext()) {
            ctx.setClientID(unique("ctx-client"));
            Topic t = ctx.createTopic(unique("ctx-topic"));
            JMSConsumer durable = ctx.createDurableConsumer(t, "d");
            JMSConsumer shared = ctx.createSharedConsumer(t, "s");
            ctx.createProducer().send(t, "hello");
            assertThat(durable.receiveBody(String.class, 10_000)).isEqualTo("hello");
            assertThat(shared.receiveBody(String.class, 10_000)).isEqualTo("hello");
            durable.close();
            ctx.unsubscribe("d");
        }
    }

    @Test
    void errorsAreTheRuntimeEquivalents() {
        JMSContext ctx = factory().createContext();
        Queue q = ctx.createQueue(unique("ctx-errors"));
        assertThatThrownBy(() -> ctx.createConsumer(q, "a = "))
                .isInstanceOf(InvalidSelectorRuntimeException.class);
        ctx.close();
        assertThatThrownBy(() -> ctx.createProducer().send(q, "x")).isInstanceOf(IllegalStateRuntimeException.class);
        ctx.close();
    }
}

package io.ferrymq.jms.message;

import io.ferrymq.jms.FerryQueue;
import io.ferrymq.jms.FerryTopic;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Message headers (spec 3.4). */
class HeadersTest {

    @Test
    void aNewMessageHasTheDefaultHeaders() {
        FerryMessage m = new FerryMessage();
        assertThat(m.getJMSMessageID()).isNull();
        assertThat(m.getJMSTimestamp()).isZero();
        assertThat(m.getJMSCorrelationID()).isNull();
        assertThat(m.getJMSCorrelationIDAsBytes()).isNull();
        assertThat(m.getJMSReplyTo()).isNull();
        assertThat(m.getJMSDestination()).isNull();
        assertThat(m.getJMSDeliveryMode()).isEqualTo(Message.DEFAULT_DELIVERY_MODE).isEqualTo(DeliveryMode.PERSISTENT);
        assertThat(m.getJMSRedelivered()).isFalse();
        assertThat(m.getJMSType()).isNull();
        assertThat(m.getJMSExpiration()).isZero();
        assertThat(m.getJMSDeliveryTime()).isZero();
        assertThat(m.getJMSPriority()).isEqualTo(Message.DEFAULT_PRIORITY);
    }

    @Test
    void everyHeaderKeepsWhatIsSet() throws JMSException {
        FerryMessage m = new FerryMessage();
        m.setJMSMessageID("ID:abc");
        m.setJMSTimestamp(1_700_000_000_000L);
        m.setJMSCorrelationID("order-7");
        m.setJMSReplyTo(new FerryQueue("replies"));
        m.setJMSDestination(new FerryTopic("events"));
        m.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        m.setJMSRedelivered(true);
        m.setJMSType("OrderPlaced");
        m.setJMSExpiration(1_700_000_060_000L);
        m.setJMSDeliveryTime(1_700_000_005_000L);
        m.setJMSPriority(9);

        assertThat(m.getJMSMessageID()).isEqualTo("ID:abc");
        assertThat(m.getJMSTimestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(m.getJMSCorrelationID()).isEqualTo("order-7");
        assertThat(m.getJMSReplyTo()).isEqualTo(new FerryQueue("replies"));
        assertThat(m.getJMSDestination()).isEqualTo(new FerryTopic("events"));
        assertThat(m.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        assertThat(m.getJMSRedelivered()).isTrue();
        assertThat(m.getJMSType()).isEqualTo("OrderPlaced");
        assertThat(m.getJMSExpiration()).isEqualTo(1_700_000_060_000L);
        assertThat(m.getJMSDeliveryTime()).isEqualTo(1_700_000_005_000L);
        assertThat(m.getJMSPriority()).isEqualTo(9);
    }

    @Test
    void priorityMustBeZeroToNine() throws JMSException {
        FerryMessage m = new FerryMessage();
        m.setJMSPriority(0);
        assertThat(m.getJMSPriority()).isZero();
        assertThatThrownBy(() -> m.setJMSPriority(10)).isInstanceOf(JMSException.class).hasMessageContaining("0..9");
        assertThatThrownBy(() -> m.setJMSPriority(-1)).isInstanceOf(JMSException.class);
        assertThat(m.getJMSPriority()).isZero();
    }

    @Test
    void deliveryModeMustBePersistentOrNonPersistent() {
        FerryMessage m = new FerryMessage();
        assertThatThrownBy(() -> m.setJMSDeliveryMode(0)).isInstanceOf(JMSException.class)
                .hasMessageContaining("FMQ-JMS-307");
        assertThatThrownBy(() -> m.setJMSDeliveryMode(3)).isInstanceOf(JMSException.class);
        assertThat(m.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
    }

    @Test
    void correlationIdAsBytesIsCopiedAndReadableAsString() {
        FerryMessage m = new FerryMessage();
        byte[] id = "corr-1".getBytes(StandardCharsets.UTF_8);
        m.setJMSCorrelationIDAsBytes(id);
        id[0] = 'X';
        assertThat(m.getJMSCorrelationIDAsBytes()).isEqualTo("corr-1".getBytes(StandardCharsets.UTF_8));
        assertThat(m.getJMSCorrelationID()).isEqualTo("corr-1");
        m.getJMSCorrelationIDAsBytes()[0] = 'Y';
        assertThat(m.getJMSCorrelationID()).isEqualTo("corr-1");

        m.setJMSCorrelationID("ID:über");
        assertThat(m.getJMSCorrelationIDAsBytes()).isEqualTo("ID:über".getBytes(StandardCharsets.UTF_8));
        m.setJMSCorrelationIDAsBytes(null);
        assertThat(m.getJMSCorrelationID()).isNull();
    }

    @Test
    void headersStayWritableOnAReceivedMessage() throws JMSException {
        FerryMessage m = new FerryTextMessage("x");
        m.makeReadOnly();
        m.setJMSType("t");
        m.setJMSPriority(1);
        m.setJMSCorrelationID("c");
        m.setJMSRedelivered(true);
        assertThat(m.getJMSType()).isEqualTo("t");
        assertThat(m.getJMSPriority()).isEqualTo(1);
    }

    @Test
    void acknowledgeIsIgnoredUntilASessionInstallsAnAcknowledger() throws JMSException {
        FerryMessage m = new FerryMessage();
        m.acknowledge();
        FerryMessage[] acknowledged = new FerryMessage[1];
        m.setAcknowledger(message -> acknowledged[0] = message);
        m.acknowledge();
        assertThat(acknowledged[0]).isSameAs(m);
        m.setAcknowledger(message -> {
            throw new jakarta.jms.IllegalStateException("session closed");
        });
        assertThatThrownBy(m::acknowledge).isInstanceOf(jakarta.jms.IllegalStateException.class);
        m.setAcknowledger(null);
        m.acknowledge();
    }
}

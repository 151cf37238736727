package io.ferrymq.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Read-only properties and bodies of received messages (spec 3.5, 3.9–3.11.2) and write-only bodies. */
class ReadOnlyRulesTest {

    private static List<FerryMessage> receivedOfEachType() throws JMSException {
        List<FerryMessage> all = List.of(new FerryMessage(), new FerryTextMessage("t"), new FerryBytesMessage(),
                new FerryMapMessage(), new FerryStreamMessage(), new FerryObjectMessage("o"));
        for (FerryMessage m : all) {
            m.setIntProperty("p", 1);
            m.makeReadOnly();
        }
        return all;
    }

    @Test
    void propertiesOfAReceivedMessageAreReadOnlyUntilCleared() throws JMSException {
        for (FerryMessage m : receivedOfEachType()) {
            assertThat(m.isPropertiesReadOnly()).isTrue();
            assertThat(m.getIntProperty("p")).isEqualTo(1);
            assertThatThrownBy(() -> m.setIntProperty("p", 2)).isInstanceOf(MessageNotWriteableException.class)
                    .hasMessageContaining("FMQ-JMS-301");
            assertThatThrownBy(() -> m.setObjectProperty("q", "x")).isInstanceOf(MessageNotWriteableException.class);
            assertThatThrownBy(() -> m.setStringProperty("JMSXGroupID", "g"))
                    .isInstanceOf(MessageNotWriteableException.class);
            m.clearProperties();
            m.setIntProperty("p", 2);
            assertThat(m.getIntProperty("p")).isEqualTo(2);
        }
    }

    @Test
    void bodiesOfReceivedMessagesAreReadOnlyUntilCleared() throws JMSException {
        List<FerryMessage> all = receivedOfEachType();
        FerryTextMessage text = (FerryTextMessage) all.get(1);
        FerryBytesMessage bytes = (FerryBytesMessage) all.get(2);
        FerryMapMessage map = (FerryMapMessage) all.get(3);
        FerryStreamMessage stream = (FerryStreamMessage) all.get(4);
        FerryObjectMessage object = (FerryObjectMessage) all.get(5);
        assertThatThrownBy(() -> text.setText("x")).isInstanceOf(MessageNotWriteableException.class)
                .hasMessageContaining("FMQ-JMS-302");
        assertThatThrownBy(() -> bytes.writeInt(1)).isInstanceOf(MessageNotWriteableException.class);
        assertThatThrownBy(() -> map.setInt("a", 1)).isInstanceOf(MessageNotWriteableException.class);
        assertThatThrownBy(() -> map.setObject("a", 1)).isInstanceOf(MessageNotWriteableException.class);
        assertThatThrownBy(() -> stream.writeInt(1)).isInstanceOf(MessageNotWriteableException.class);
        assertThatThrownBy(() -> stream.writeObject(1)).isInstanceOf(MessageNotWriteableException.class);
        assertThatThrownBy(() -> object.setObject("x")).isInstanceOf(MessageNotWriteableException.class);

        for (FerryMessage m : all) {
            m.clearBody();
            assertThat(m.isBodyReadOnly()).isFalse();
            assertThat(m.isPropertiesReadOnly()).as("clearBody leaves the properties read-only").isTrue();
        }
        text.setText("new");
        bytes.writeInt(1);
        map.setInt("a", 1);
        stream.writeInt(1);
        object.setObject("new");
        assertThat(text.getText()).isEqualTo("new");
        assertThat(map.getInt("a")).isEqualTo(1);
        assertThat(object.getObject()).isEqualTo("new");
    }

    @Test
    void bytesAndStreamBodiesAreWriteOnlyUntilReset() throws JMSException {
        FerryBytesMessage bytes = new FerryBytesMessage();
        bytes.writeInt(7);
        assertThatThrownBy(bytes::readInt).isInstanceOf(MessageNotReadableException.class)
                .hasMessageContaining("FMQ-JMS-303");
        assertThatThrownBy(bytes::getBodyLength).isInstanceOf(MessageNotReadableException.class);
        bytes.reset();
        assertThat(bytes.readInt()).isEqualTo(7);
        assertThatThrownBy(() -> bytes.writeInt(8)).isInstanceOf(MessageNotWriteableException.class);

        FerryStreamMessage stream = new FerryStreamMessage();
        stream.writeString("a");
        assertThatThrownBy(stream::readString).isInstanceOf(MessageNotReadableException.class);
        assertThatThrownBy(() -> stream.readBytes(new byte[1])).isInstanceOf(MessageNotReadableException.class);
        stream.reset();
        assertThat(stream.readString()).isEqualTo("a");
        assertThatThrownBy(() -> stream.writeString("b")).isInstanceOf(MessageNotWriteableException.class);
    }

    @Test
    void clearBodyEmptiesTheBodyAndReturnsToWriteOnly() throws JMSException {
        FerryBytesMessage bytes = new FerryBytesMessage();
        bytes.writeLong(1);
        bytes.reset();
        bytes.clearBody();
        assertThatThrownBy(bytes::readLong).isInstanceOf(MessageNotReadableException.class);
        bytes.reset();
        assertThat(bytes.getBodyLength()).isZero();

        FerryStreamMessage stream = new FerryStreamMessage();
        stream.writeInt(1);
        stream.reset();
        stream.clearBody();
        stream.reset();
        assertThatThrownBy(stream::readInt).isInstanceOf(jakarta.jms.MessageEOFException.class);
    }

    @Test
    void mapMessagesStayReadableWhileWritable() throws JMSException {
        FerryMapMessage map = new FerryMapMessage();
        map.setString("a", "b");
        assertThat(map.getString("a")).isEqualTo("b");
    }
}

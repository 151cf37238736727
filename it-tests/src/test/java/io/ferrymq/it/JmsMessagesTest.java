package io.ferrymq.it;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every message type through a live broker (spec 3.11-3.13): bodies, typed properties with their conversions,
 * read-only received messages, getBody/isBodyAssignableTo. The wire form itself is unit-tested in jms-provider.
 */
class JmsMessagesTest extends JmsTestBase {

    @Test
    void everyMessageTypeArrivesWithItsBody() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(unique("types"));
        MessageProducer p = s.createProducer(q);

        BytesMessage bytes = s.createBytesMessage();
        bytes.writeInt(42);
        bytes.writeUTF("é ☃");
        bytes.writeBytes(new byte[] {1, 2, 3});
        MapMessage map = s.createMapMessage();
        map.setInt("i", 7);
        map.setString("s", "x");
        map.setBytes("b", new byte[] {9});
        map.setObject("d", 2.5d);
        StreamMessage stream = s.createStreamMessage();
        stream.writeBoolean(true);
        stream.writeLong(Long.MAX_VALUE);
        stream.writeString(null);
        ObjectMessage object = s.createObjectMessage(new ArrayList<>(java.util.List.of("a", "b")));
        Message empty = s.createMessage();
        TextMessage text = s.createTextMessage("plain");
        for (Message m : new Message[] {bytes, map, stream, object, empty, text}) {
            p.send(m);
        }

        MessageConsumer consumer = s.createConsumer(q);
        BytesMessage gotBytes = (BytesMessage) consumer.receive(10_000);
        assertThat(gotBytes.readInt()).isEqualTo(42);
        assertThat(gotBytes.readUTF()).isEqualTo("é ☃");
        byte[] three = new byte[3];
        assertThat(gotBytes.readBytes(three)).isEqualTo(3);
        assertThat(three).containsExactly(1, 2, 3);
        MapMessage gotMap = (MapMessage) consumer.receive(10_000);
        assertThat(gotMap.getInt("i")).isEqualTo(7);
        assertThat(gotMap.getString("i")).isEqualTo("7");
        assertThat(gotMap.getBytes("b")).containsExactly(9);
        assertThat(gotMap.getDouble("d")).isEqualTo(2.5d);
        assertThat(gotMap.getBody(Map.class)).containsEntry("s", "x");
        StreamMessage gotStream = (StreamMessage) consumer.receive(10_000);
        assertThat(gotStream.readBoolean()).isTrue();
        assertThat(gotStream.readLong()).isEqualTo(Long.MAX_VALUE);
        assertThat(gotStream.readString()).isNull();
        ObjectMessage gotObject = (ObjectMessage) consumer.receive(10_000);
        assertThat(gotObject.getObject()).isEqualTo(java.util.List.of("a", "b"));
        Message gotEmpty = consumer.receive(10_000);
        assertThat(gotEmpty).isNotInstanceOf(TextMessage.class).isNotInstanceOf(BytesMessage.class);
        assertThat(gotEmpty.isBodyAssignableTo(String.class)).isTrue();
        assertThat(gotEmpty.getBody(String.class)).isNull();
        TextMessage gotText = (TextMessage) consumer.receive(10_000);
        assertThat(gotText.isBodyAssignableTo(String.class)).isTrue();
        assertThat(gotText.isBodyAssignableTo(Map.class)).isFalse();
        assertThat(gotText.getBody(String.class)).isEqualTo("plain");
    }

    @Test
    void propertiesKeepTheirTypesAndReceivedMessagesAreReadOnly() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(unique("props"));
        TextMessage m = s.createTextMessage("x");
        m.setBooleanProperty("flag", true);
        m.setByteProperty("b", (byte) -3);
        m.setShortProperty("sh", (short) 300);
        m.setLongProperty("l", 1L << 40);
        m.setFloatProperty("f", 1.5f);
        m.setDoubleProperty("d", -0.0d);
        m.setStringProperty("num", "12");
        m.setObjectProperty("nothing", null);
        m.setStringProperty("KEYS", "not a rocketmq key");
        s.createProducer(q).send(m);

        Message got = s.createConsumer(q).receive(10_000);
        assertThat(got.getObjectProperty("flag")).isEqualTo(true);
        assertThat(got.getObjectProperty("b")).isEqualTo((byte) -3);
        assertThat(got.getIntProperty("b")).isEqualTo(-3);
        assertThat(got.getObjectProperty("sh")).isEqualTo((short) 300);
        assertThat(got.getObjectProperty("l")).isEqualTo(1L << 40);
        assertThat(got.getObjectProperty("f")).isEqualTo(1.5f);
        assertThat(got.getDoubleProperty("f")).isEqualTo(1.5d);
        assertThat(got.getObjectProperty("d")).isEqualTo(-0.0d);
        assertThat(got.getIntProperty("num")).isEqualTo(12);
        assertThat(got.propertyExists("nothing")).isTrue();
        assertThat(got.getObjectProperty("nothing")).isNull();
        assertThat(got.getStringProperty("KEYS")).isEqualTo("not a rocketmq key");
        assertThatThrownBy(() -> got.getIntProperty("flag")).isInstanceOf(jakarta.jms.MessageFormatException.class);
        assertThatThrownBy(() -> got.setStringProperty("more", "y")).isInstanceOf(MessageNotWriteableException.class);
        assertThatThrownBy(() -> ((TextMessage) got).setText("y")).isInstanceOf(MessageNotWriteableException.class);
        got.clearProperties();
        got.setStringProperty("more", "y");
        assertThat(got.getStringProperty("more")).isEqualTo("y");
    }

    @Test
    void aTemporaryTopicReachesItsSubscribers() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        TemporaryTopic t = s.createTemporaryTopic();
        MessageConsumer a = s.createConsumer(t);
        MessageConsumer b = s.createConsumer(t);
        Session other = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        other.createProducer(t).send(other.createTextMessage("to the temporary topic"));
        assertThat(text(a.receive(10_000))).isEqualTo("to the temporary topic");
        assertThat(text(b.receive(10_000))).isEqualTo("to the temporary topic");
        assertThatThrownBy(() -> other.createConsumer(t)).isInstanceOf(jakarta.jms.InvalidDestinationException.class);
        assertThatThrownBy(t::delete).isInstanceOf(jakarta.jms.IllegalStateException.class);
        a.close();
        b.close();
        t.delete();
    }
}

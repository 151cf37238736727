package io.ferrymq.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Message.getBody and isBodyAssignableTo (Jakarta Messaging 3.1 javadoc). */
class GetBodyTest {

    @Test
    void aPlainMessageHasNoBodyAndAcceptsAnyType() throws JMSException {
        FerryMessage m = new FerryMessage();
        assertThat(m.getBody(String.class)).isNull();
        assertThat(m.getBody(Integer.class)).isNull();
        assertThat(m.isBodyAssignableTo(byte[].class)).isTrue();
    }

    @Test
    void textBodyIsAssignableToStringAndItsSupertypes() throws JMSException {
        FerryTextMessage m = new FerryTextMessage("hello");
        assertThat(m.getBody(String.class)).isEqualTo("hello");
        assertThat(m.getBody(CharSequence.class)).isEqualTo("hello");
        assertThat(m.getBody(Object.class)).isEqualTo("hello");
        assertThat(m.getBody(Serializable.class)).isEqualTo("hello");
        assertThat(m.isBodyAssignableTo(Comparable.class)).isTrue();
        assertThat(m.isBodyAssignableTo(byte[].class)).isFalse();
        assertThat(m.isBodyAssignableTo(null)).isFalse();
        assertThatThrownBy(() -> m.getBody(Integer.class)).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("FMQ-JMS-309");
        assertThatThrownBy(() -> m.getBody(null)).isInstanceOf(MessageFormatException.class);
    }

    @Test
    void emptyBodiesOfEachTypeReturnNullForAnyType() throws JMSException {
        for (FerryMessage m : List.of(new FerryTextMessage(), new FerryBytesMessage(), new FerryMapMessage(),
                new FerryObjectMessage())) {
            assertThat(m.getBody(Integer.class)).as(m.getClass().getSimpleName()).isNull();
            assertThat(m.isBodyAssignableTo(Integer.class)).isTrue();
        }
    }

    @Test
    void bytesBodyIsAByteArrayAndTheMessageIsResetAroundIt() throws JMSException {
        FerryBytesMessage m = new FerryBytesMessage();
        m.writeBytes(new byte[] {1, 2, 3});
        assertThat(m.isBodyAssignableTo(byte[].class)).isTrue();
        assertThat(m.isBodyAssignableTo(String.class)).isFalse();
        assertThat(m.getBody(byte[].class)).containsExactly(1, 2, 3);
        assertThat((byte[]) m.getBody(Object.class)).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> m.getBody(String.class)).isInstanceOf(MessageFormatException.class);
        // After getBody the message is in read mode at the start.
        assertThat(m.readByte()).isEqualTo((byte) 1);
        m.getBody(byte[].class)[0] = 9;
        assertThat(m.getBody(byte[].class)).containsExactly(1, 2, 3);
        assertThat(m.readByte()).isEqualTo((byte) 1);
    }

    @Test
    void mapBodyIsAMapCopy() throws JMSException {
        FerryMapMessage m = new FerryMapMessage();
        m.setInt("a", 1);
        m.setBytes("b", new byte[] {2});
        @SuppressWarnings("unchecked")
        Map<String, Object> body = m.getBody(Map.class);
        assertThat(body).containsEntry("a", 1).containsKey("b");
        body.put("c", 3);
        ((byte[]) body.get("b"))[0] = 9;
        assertThat(m.itemExists("c")).isFalse();
        assertThat(m.getBytes("b")).containsExactly(2);
        assertThat(m.isBodyAssignableTo(Object.class)).isTrue();
        assertThat(m.isBodyAssignableTo(HashMap.class)).isFalse();
        assertThatThrownBy(() -> m.getBody(HashMap.class)).isInstanceOf(MessageFormatException.class);
    }

    @Test
    void objectBodyIsAssignableToItsClassAndSupertypes() throws JMSException {
        ArrayList<Integer> list = new ArrayList<>(List.of(1, 2));
        FerryObjectMessage m = new FerryObjectMessage(list);
        assertThat((Object) m.getBody(ArrayList.class)).isEqualTo(list);
        assertThat((Object) m.getBody(List.class)).isEqualTo(list);
        assertThat(m.getBody(Serializable.class)).isEqualTo(list);
        assertThat(m.isBodyAssignableTo(Map.class)).isFalse();
        assertThatThrownBy(() -> m.getBody(Map.class)).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("java.util.ArrayList");
    }

    @Test
    void anObjectBodyThatCannotBeDeserializedIsNotAssignableAndGetBodyThrows() throws JMSException {
        FerryObjectMessage m = new FerryObjectMessage(new ObjectMessageTrustTest.Untrusted("x"));
        assertThat(m.isBodyAssignableTo(Serializable.class)).isFalse();
        assertThatThrownBy(() -> m.getBody(Serializable.class)).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("FMQ-JMS-401");
    }

    @Test
    void streamMessagesNeverHaveAGetBody() throws JMSException {
        FerryStreamMessage empty = new FerryStreamMessage();
        assertThatThrownBy(() -> empty.getBody(Object.class)).isInstanceOf(MessageFormatException.class);
        assertThat(empty.isBodyAssignableTo(Object.class)).isFalse();
        FerryStreamMessage full = new FerryStreamMessage();
        full.writeInt(1);
        assertThatThrownBy(() -> full.getBody(Object.class)).isInstanceOf(MessageFormatException.class);
    }
}

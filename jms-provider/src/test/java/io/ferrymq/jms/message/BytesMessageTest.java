package io.ferrymq.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** BytesMessage (spec 3.11 and its javadoc): DataOutput-compatible encoding, modes, readBytes, writeObject. */
class BytesMessageTest {

    @Test
    void everyTypeReadsBackAndMatchesDataOutputStream() throws Exception {
        FerryBytesMessage m = new FerryBytesMessage();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(expected);
        m.writeBoolean(true);
        out.writeBoolean(true);
        m.writeByte((byte) -2);
        out.writeByte(-2);
        m.writeShort((short) -300);
        out.writeShort(-300);
        m.writeChar('\u20AC');
        out.writeChar('\u20AC');
        m.writeInt(Integer.MIN_VALUE);
        out.writeInt(Integer.MIN_VALUE);
        m.writeLong(Long.MAX_VALUE);
        out.writeLong(Long.MAX_VALUE);
        m.writeFloat(Float.NaN);
        out.writeFloat(Float.NaN);
        m.writeDouble(-0.0);
        out.writeDouble(-0.0);
        m.writeUTF("héllo \uD83D\uDE80");
        out.writeUTF("héllo \uD83D\uDE80");
        m.writeBytes(new byte[] {1, 2, 3});
        out.write(new byte[] {1, 2, 3});
        m.writeBytes(new byte[] {9, 4, 5, 9}, 1, 2);
        out.write(new byte[] {4, 5});
        assertThat(m.bodyBytes()).isEqualTo(expected.toByteArray());

        m.reset();
        assertThat(m.getBodyLength()).isEqualTo(expected.size());
        assertThat(m.readBoolean()).isTrue();
        assertThat(m.readByte()).isEqualTo((byte) -2);
        assertThat(m.readShort()).isEqualTo((short) -300);
        assertThat(m.readChar()).isEqualTo('\u20AC');
        assertThat(m.readInt()).isEqualTo(Integer.MIN_VALUE);
        assertThat(m.readLong()).isEqualTo(Long.MAX_VALUE);
        assertThat(m.readFloat()).isNaN();
        assertThat(Double.doubleToRawLongBits(m.readDouble())).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(m.readUTF()).isEqualTo("héllo \uD83D\uDE80");
        byte[] rest = new byte[10];
        assertThat(m.readBytes(rest)).isEqualTo(5);
        assertThat(rest).startsWith(1, 2, 3, 4, 5);
        assertThat(m.readBytes(rest)).isEqualTo(-1);
    }

    @Test
    void unsignedReads() throws JMSException {
        FerryBytesMessage m = new FerryBytesMessage();
        m.writeByte((byte) 0xFE);
        m.writeShort((short) 0xFFFE);
        m.reset();
        assertThat(m.readUnsignedByte()).isEqualTo(254);
        assertThat(m.readUnsignedShort()).isEqualTo(65534);
    }

    @Test
    void readingPastTheEndThrowsEofAndKeepsThePosition() throws JMSException {
        FerryBytesMessage m = new FerryBytesMessage();
        m.writeShort((short) 5);
        m.reset();
        assertThatThrownBy(m::readInt).isInstanceOf(MessageEOFException.class).hasMessageContaining("FMQ-JMS-310");
        assertThat(m.readShort()).isEqualTo((short) 5);
        assertThatThrownBy(m::readByte).isInstanceOf(MessageEOFException.class);
        assertThatThrownBy(m::readUTF).isInstanceOf(MessageEOFException.class);
    }

    @Test
    void readBytesFillsTheBufferInChunksThenReturnsMinusOne() throws JMSException {
        FerryBytesMessage m = new FerryBytesMessage();
        m.writeBytes(new byte[] {1, 2, 3, 4, 5, 6, 7});
        m.reset();
        byte[] buffer = new byte[3];
        assertThat(m.readBytes(buffer)).isEqualTo(3);
        assertThat(buffer).containsExactly(1, 2, 3);
        assertThat(m.readBytes(buffer, 2)).isEqualTo(2);
        assertThat(buffer).startsWith(4, 5);
        assertThat(m.readBytes(buffer)).isEqualTo(2);
        assertThat(m.readBytes(buffer)).isEqualTo(-1);
        assertThatThrownBy(() -> m.readBytes(buffer, 4)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> m.readBytes(buffer, -1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aMalformedUtfStringLeavesThePositionAlone() throws JMSException {
        FerryBytesMessage m = new FerryBytesMessage();
        m.writeShort((short) 2);
        m.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28});
        m.reset();
        assertThatThrownBy(m::readUTF).isInstanceOf(MessageFormatException.class).hasMessageContaining("FMQ-JMS-311");
        assertThat(m.readShort()).isEqualTo((short) 2);
    }

    @Test
    void writeUtfRefusesStringsLongerThanItsLengthField() {
        FerryBytesMessage m = new FerryBytesMessage();
        assertThatThrownBy(() -> m.writeUTF("x".repeat(65_536))).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("65535");
    }

    @Test
    void writeObjectTakesWrappersStringsAndArraysOnly() throws JMSException {
        FerryBytesMessage m = new FerryBytesMessage();
        for (Object o : new Object[] {true, (byte) 1, (short) 2, 'c', 3, 4L, 5f, 6d, "s", new byte[] {7}}) {
            m.writeObject(o);
        }
        m.reset();
        assertThat(m.readBoolean()).isTrue();
        assertThat(m.readByte()).isEqualTo((byte) 1);
        assertThat(m.readShort()).isEqualTo((short) 2);
        assertThat(m.readChar()).isEqualTo('c');
        assertThat(m.readInt()).isEqualTo(3);
        assertThat(m.readLong()).isEqualTo(4L);
        assertThat(m.readFloat()).isEqualTo(5f);
        assertThat(m.readDouble()).isEqualTo(6d);
        assertThat(m.readUTF()).isEqualTo("s");
        assertThat(m.readByte()).isEqualTo((byte) 7);

        FerryBytesMessage other = new FerryBytesMessage();
        assertThatThrownBy(() -> other.writeObject(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> other.writeObject(new Object())).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> other.writeBytes(new byte[2], 1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void largeBodiesGrowTheBuffer() throws JMSException {
        FerryBytesMessage m = new FerryBytesMessage();
        byte[] chunk = new byte[1000];
        for (int i = 0; i < 5_000; i++) {
            chunk[0] = (byte) i;
            m.writeBytes(chunk);
        }
        m.reset();
        assertThat(m.getBodyLength()).isEqualTo(5_000_000);
    }
}

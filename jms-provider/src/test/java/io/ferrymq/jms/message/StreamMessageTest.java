package io.ferrymq.jms.message;

import io.ferrymq.jms.message.BodyConversionTable.Column;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** StreamMessage (spec 3.11.3 and its javadoc): conversions, position on failure, readBytes chunks, nulls. */
class StreamMessageTest {

    private static Object read(FerryStreamMessage m, Column column) throws JMSException {
        return switch (column) {
            case BOOLEAN -> m.readBoolean();
            case BYTE -> m.readByte();
            case SHORT -> m.readShort();
            case CHAR -> m.readChar();
            case INT -> m.readInt();
            case LONG -> m.readLong();
            case FLOAT -> m.readFloat();
            case DOUBLE -> m.readDouble();
            case STRING -> m.readString();
            case BYTES -> {
                byte[] buffer = new byte[16];
                int n = m.readBytes(buffer);
                yield n < 0 ? null : Arrays.copyOf(buffer, n);
            }
        };
    }

    @ParameterizedTest(name = "{0} {1} read as {2}")
    @MethodSource("io.ferrymq.jms.message.BodyConversionTable#cells")
    void conversionTableCell(String rowType, Object written, Column column, Object expected) throws JMSException {
        FerryStreamMessage m = new FerryStreamMessage();
        m.writeObject(written);
        m.writeString("next");
        m.reset();
        if (expected == null) {
            assertThatThrownBy(() -> read(m, column)).isInstanceOf(MessageFormatException.class);
            // A refused conversion leaves the position on the value, which then reads as written.
            assertThat(BodyConversionTable.sameValue(m.readObject(), written)).isTrue();
        } else {
            assertThat(BodyConversionTable.sameValue(read(m, column), expected)).isTrue();
        }
        assertThat(m.readString()).isEqualTo("next");
    }

    @Test
    void anUnparsableStringThrowsNumberFormatExceptionWithoutMoving() throws JMSException {
        FerryStreamMessage m = new FerryStreamMessage();
        m.writeString("abc");
        m.reset();
        assertThatThrownBy(m::readInt).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(m::readDouble).isInstanceOf(NumberFormatException.class);
        assertThat(m.readBoolean()).isFalse();
        assertThatThrownBy(m::readString).isInstanceOf(MessageEOFException.class);
    }

    @Test
    void nullReadsAsValueOfNullAndAsCharThrowsNullPointerException() throws JMSException {
        FerryStreamMessage m = new FerryStreamMessage();
        m.writeObject(null);
        m.writeString(null);
        m.writeBytes(null);
        m.reset();
        assertThatThrownBy(m::readChar).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(m::readInt).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(m::readFloat).isInstanceOf(NullPointerException.class);
        assertThat(m.readBoolean()).isFalse();
        assertThat(m.readString()).isNull();
        assertThat(m.readBytes(new byte[4])).as("a null byte[] field").isEqualTo(-1);
        assertThatThrownBy(m::readObject).isInstanceOf(MessageEOFException.class);
    }

    @Test
    void readBytesReadsAFieldInChunks() throws JMSException {
        FerryStreamMessage m = new FerryStreamMessage();
        m.writeBytes(new byte[] {1, 2, 3, 4, 5});
        m.writeBytes(new byte[] {6, 7, 8, 9});
        m.writeBytes(new byte[0]);
        m.writeBytes(new byte[] {0, 10, 11, 0}, 1, 2);
        m.writeInt(12);
        m.reset();
        byte[] buffer = new byte[2];
        assertThat(m.readBytes(buffer)).isEqualTo(2);
        assertThat(buffer).containsExactly(1, 2);
        assertThat(m.readBytes(buffer)).isEqualTo(2);
        assertThat(buffer).containsExactly(3, 4);
        assertThat(m.readBytes(buffer)).isEqualTo(1);
        assertThat(buffer[0]).isEqualTo((byte) 5);
        // 4 bytes in 2-byte chunks: the field ends on a chunk boundary, so one more call returns -1.
        assertThat(m.readBytes(buffer)).isEqualTo(2);
        assertThat(m.readBytes(buffer)).isEqualTo(2);
        assertThat(m.readBytes(buffer)).isEqualTo(-1);
        assertThat(m.readBytes(buffer)).as("an empty field").isZero();
        assertThat(m.readBytes(new byte[8])).isEqualTo(2);
        assertThat(m.readInt()).isEqualTo(12);
        assertThatThrownBy(() -> m.readBytes(buffer)).isInstanceOf(MessageEOFException.class);
    }

    @Test
    void aPartlyReadBytesFieldMustBeFinishedFirst() throws JMSException {
        FerryStreamMessage m = new FerryStreamMessage();
        m.writeBytes(new byte[] {1, 2, 3});
        m.writeInt(4);
        m.reset();
        assertThat(m.readBytes(new byte[1])).isEqualTo(1);
        assertThatThrownBy(m::readInt).isInstanceOf(MessageFormatException.class).hasMessageContaining("FMQ-JMS-314");
        assertThatThrownBy(m::readObject).isInstanceOf(MessageFormatException.class);
        assertThat(m.readBytes(new byte[5])).isEqualTo(2);
        assertThat(m.readInt()).isEqualTo(4);
    }

    @Test
    void readObjectReturnsTheWrittenTypeAndCopiesArrays() throws JMSException {
        FerryStreamMessage m = new FerryStreamMessage();
        byte[] array = {1};
        m.writeBytes(array);
        array[0] = 9;
        m.writeChar('x');
        m.writeShort((short) 2);
        m.reset();
        byte[] first = (byte[]) m.readObject();
        assertThat(first).containsExactly(1);
        first[0] = 5;
        assertThat(m.readObject()).isEqualTo('x');
        assertThat(m.readObject()).isEqualTo((short) 2);
        m.reset();
        assertThat((byte[]) m.readObject()).containsExactly(1);
    }

    @Test
    void writeObjectRefusesOtherTypes() {
        FerryStreamMessage m = new FerryStreamMessage();
        assertThatThrownBy(() -> m.writeObject(new StringBuilder("x"))).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("java.lang.StringBuilder");
        assertThatThrownBy(() -> m.writeBytes(new byte[1], 0, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void resetRewindsForAnotherRead() throws JMSException {
        FerryStreamMessage m = new FerryStreamMessage();
        m.writeInt(1);
        m.writeInt(2);
        m.reset();
        assertThat(m.readInt()).isEqualTo(1);
        m.reset();
        assertThat(m.readInt()).isEqualTo(1);
        assertThat(m.readInt()).isEqualTo(2);
    }
}

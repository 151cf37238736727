package io.ferrymq.jms.message;

import io.ferrymq.jms.message.BodyConversionTable.Column;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MapMessage (spec 3.11.3 and its javadoc): conversions, names, nulls and copies. */
class MapMessageTest {

    private static Object read(FerryMapMessage m, String name, Column column) throws JMSException {
        return switch (column) {
            case BOOLEAN -> m.getBoolean(name);
            case BYTE -> m.getByte(name);
            case SHORT -> m.getShort(name);
            case CHAR -> m.getChar(name);
            case INT -> m.getInt(name);
            case LONG -> m.getLong(name);
            case FLOAT -> m.getFloat(name);
            case DOUBLE -> m.getDouble(name);
            case STRING -> m.getString(name);
            case BYTES -> m.getBytes(name);
        };
    }

    @ParameterizedTest(name = "{0} {1} read as {2}")
    @MethodSource("io.ferrymq.jms.message.BodyConversionTable#cells")
    void conversionTableCell(String rowType, Object written, Column column, Object expected) throws JMSException {
        FerryMapMessage m = new FerryMapMessage();
        m.setObject("v", written);
        if (expected == null) {
            assertThatThrownBy(() -> read(m, "v", column)).isInstanceOf(MessageFormatException.class);
        } else {
            assertThat(BodyConversionTable.sameValue(read(m, "v", column), expected)).isTrue();
        }
    }

    @Test
    void typedSettersStoreTheirType() throws JMSException {
        FerryMapMessage m = new FerryMapMessage();
        m.setBoolean("z", true);
        m.setByte("b", (byte) 1);
        m.setShort("s", (short) 2);
        m.setChar("c", 'c');
        m.setInt("i", 3);
        m.setLong("j", 4L);
        m.setFloat("f", 5f);
        m.setDouble("d", 6d);
        m.setString("t", "7");
        m.setBytes("a", new byte[] {8});
        m.setBytes("slice", new byte[] {0, 9, 10, 0}, 1, 2);
        assertThat(m.getObject("z")).isEqualTo(true);
        assertThat(m.getObject("b")).isEqualTo((byte) 1);
        assertThat(m.getObject("s")).isEqualTo((short) 2);
        assertThat(m.getObject("c")).isEqualTo('c');
        assertThat(m.getObject("i")).isEqualTo(3);
        assertThat(m.getObject("j")).isEqualTo(4L);
        assertThat(m.getObject("f")).isEqualTo(5f);
        assertThat(m.getObject("d")).isEqualTo(6d);
        assertThat(m.getObject("t")).isEqualTo("7");
        assertThat((byte[]) m.getObject("a")).containsExactly(8);
        assertThat(m.getBytes("slice")).containsExactly(9, 10);
        assertThat(Collections.list(m.getMapNames())).containsExactly("z", "b", "s", "c", "i", "j", "f", "d", "t",
                "a", "slice");
    }

    @Test
    void missingAndNullEntriesReadAsValueOfNull() throws JMSException {
        FerryMapMessage m = new FerryMapMessage();
        m.setString("s", null);
        m.setBytes("b", null);
        m.setObject("o", null);
        for (String name : new String[] {"s", "b", "o", "missing"}) {
            assertThat(m.getString(name)).isNull();
            assertThat(m.getBytes(name)).isNull();
            assertThat(m.getObject(name)).isNull();
            assertThat(m.getBoolean(name)).isFalse();
            assertThatThrownBy(() -> m.getInt(name)).isInstanceOf(NumberFormatException.class);
            assertThatThrownBy(() -> m.getDouble(name)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> m.getChar(name)).isInstanceOf(NullPointerException.class);
        }
        assertThat(m.itemExists("s")).isTrue();
        assertThat(m.itemExists("missing")).isFalse();
    }

    @Test
    void namesMustBeNonEmptyButNeedNotBeIdentifiers() throws JMSException {
        FerryMapMessage m = new FerryMapMessage();
        m.setInt("a name with spaces.and:dots", 1);
        assertThat(m.getInt("a name with spaces.and:dots")).isEqualTo(1);
        assertThatThrownBy(() -> m.setInt(null, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.setObject("", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.setBytes("", new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void arraysAreCopiedInAndOut() throws JMSException {
        FerryMapMessage m = new FerryMapMessage();
        byte[] array = {1, 2};
        m.setBytes("a", array);
        array[0] = 9;
        m.getBytes("a")[1] = 9;
        assertThat(m.getBytes("a")).containsExactly(1, 2);
    }

    @Test
    void setObjectRefusesOtherTypes() {
        FerryMapMessage m = new FerryMapMessage();
        assertThatThrownBy(() -> m.setObject("x", new java.util.Date())).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("java.util.Date");
    }

    @Test
    void clearBodyRemovesAllEntries() throws JMSException {
        FerryMapMessage m = new FerryMapMessage();
        m.setInt("a", 1);
        m.clearBody();
        assertThat(m.itemExists("a")).isFalse();
        assertThat(Collections.list(m.getMapNames())).isEmpty();
    }
}

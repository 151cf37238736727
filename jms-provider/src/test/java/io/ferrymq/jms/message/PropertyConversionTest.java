package io.ferrymq.jms.message;

import io.ferrymq.jms.message.BodyConversionTable.Column;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The property conversion table (spec 3.5.4): every cell, plus the valueOf(null) rules of spec 3.5.8. */
class PropertyConversionTest {

    private static Object read(FerryMessage m, String name, Column column) throws JMSException {
        return switch (column) {
            case BOOLEAN -> m.getBooleanProperty(name);
            case BYTE -> m.getByteProperty(name);
            case SHORT -> m.getShortProperty(name);
            case INT -> m.getIntProperty(name);
            case LONG -> m.getLongProperty(name);
            case FLOAT -> m.getFloatProperty(name);
            case DOUBLE -> m.getDoubleProperty(name);
            case STRING -> m.getStringProperty(name);
            case CHAR, BYTES -> throw new IllegalArgumentException("properties have no " + column + " getter");
        };
    }

    /** The body table without its char and byte[] rows and columns is the property table. */
    static Stream<Arguments> cells() {
        return BodyConversionTable.cells().filter(cell -> {
            Object written = cell.get()[1];
            Column column = (Column) cell.get()[2];
            return column != Column.CHAR && column != Column.BYTES && !(written instanceof Character)
                    && !(written instanceof byte[]);
        });
    }

    @ParameterizedTest(name = "{0} {1} read as {2}")
    @MethodSource("cells")
    void conversionTableCell(String rowType, Object written, Column column, Object expected) throws JMSException {
        FerryMessage m = new FerryMessage();
        m.setObjectProperty("p", written);
        if (expected == null) {
            assertThatThrownBy(() -> read(m, "p", column)).isInstanceOf(MessageFormatException.class)
                    .hasMessageContaining("FMQ-JMS-304");
        } else {
            assertThat(read(m, "p", column)).isEqualTo(expected);
        }
        assertThat(m.getObjectProperty("p")).isEqualTo(written);
    }

    @Test
    void typedSettersStoreTheirOwnType() throws JMSException {
        FerryMessage m = new FerryMessage();
        m.setBooleanProperty("z", true);
        m.setByteProperty("b", (byte) 1);
        m.setShortProperty("s", (short) 2);
        m.setIntProperty("i", 3);
        m.setLongProperty("j", 4L);
        m.setFloatProperty("f", 5f);
        m.setDoubleProperty("d", 6d);
        m.setStringProperty("t", "7");
        assertThat(m.getObjectProperty("z")).isEqualTo(Boolean.TRUE);
        assertThat(m.getObjectProperty("b")).isEqualTo((byte) 1);
        assertThat(m.getObjectProperty("s")).isEqualTo((short) 2);
        assertThat(m.getObjectProperty("i")).isEqualTo(3);
        assertThat(m.getObjectProperty("j")).isEqualTo(4L);
        assertThat(m.getObjectProperty("f")).isEqualTo(5f);
        assertThat(m.getObjectProperty("d")).isEqualTo(6d);
        assertThat(m.getObjectProperty("t")).isEqualTo("7");
    }

    @Test
    void unparsableStringsThrowNumberFormatExceptionAndAnyNonTrueStringIsFalse() throws JMSException {
        FerryMessage m = new FerryMessage();
        m.setStringProperty("p", "seven");
        assertThat(m.getBooleanProperty("p")).isFalse();
        assertThatThrownBy(() -> m.getByteProperty("p")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> m.getShortProperty("p")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> m.getIntProperty("p")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> m.getLongProperty("p")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> m.getFloatProperty("p")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> m.getDoubleProperty("p")).isInstanceOf(NumberFormatException.class);
        m.setStringProperty("big", "300");
        assertThatThrownBy(() -> m.getByteProperty("big")).isInstanceOf(NumberFormatException.class);
        m.setStringProperty("upper", "TRUE");
        assertThat(m.getBooleanProperty("upper")).isTrue();
    }

    /** Spec 3.5.8: a missing property reads as null; primitives as valueOf((String) null). */
    @Test
    void missingAndNullPropertiesReadAsValueOfNull() throws JMSException {
        FerryMessage m = new FerryMessage();
        m.setStringProperty("nullString", null);
        m.setObjectProperty("nullObject", null);
        for (String name : new String[] {"missing", "nullString", "nullObject"}) {
            assertThat(m.getStringProperty(name)).isNull();
            assertThat(m.getObjectProperty(name)).isNull();
            assertThat(m.getBooleanProperty(name)).isFalse();
            assertThatThrownBy(() -> m.getByteProperty(name)).isInstanceOf(NumberFormatException.class);
            assertThatThrownBy(() -> m.getShortProperty(name)).isInstanceOf(NumberFormatException.class);
            assertThatThrownBy(() -> m.getIntProperty(name)).isInstanceOf(NumberFormatException.class);
            assertThatThrownBy(() -> m.getLongProperty(name)).isInstanceOf(NumberFormatException.class);
            // Float.valueOf(null) and Double.valueOf(null) throw NullPointerException.
            assertThatThrownBy(() -> m.getFloatProperty(name)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> m.getDoubleProperty(name)).isInstanceOf(NullPointerException.class);
        }
        assertThat(m.propertyExists("nullString")).isTrue();
        assertThat(m.propertyExists("missing")).isFalse();
    }
}

package io.ferrymq.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The property conversion table (spec 3.5.4): every cell, plus the valueOf(null) rules of spec 3.5.8. */
class PropertyConversionTest {

    /** A property getter, a column of the table. */
    enum Column {
        BOOLEAN, BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, STRING;

        Object read(FerryMessage m, String name) throws JMSException {
            return switch (this) {
                case BOOLEAN -> m.getBooleanProperty(name);
                case BYTE -> m.getByteProperty(name);
                case SHORT -> m.getShortProperty(name);
                case INT -> m.getIntProperty(name);
                case LONG -> m.getLongProperty(name);
                case FLOAT -> m.getFloatProperty(name);
                case DOUBLE -> m.getDoubleProperty(name);
                case STRING -> m.getStringProperty(name);
            };
        }
    }

    /** Each row: the value written, and what each readable column returns; missing columns must throw. */
    static Stream<Arguments> cells() {
        Map<Object, Map<Column, Object>> rows = new LinkedHashMap<>();
        rows.put(true, Map.of(Column.BOOLEAN, true, Column.STRING, "true"));
        rows.put((byte) 7, Map.of(Column.BYTE, (byte) 7, Column.SHORT, (short) 7, Column.INT, 7, Column.LONG, 7L,
                Column.STRING, "7"));
        rows.put((short) 300, Map.of(Column.SHORT, (short) 300, Column.INT, 300, Column.LONG, 300L,
                Column.STRING, "300"));
        rows.put(70_000, Map.of(Column.INT, 70_000, Column.LONG, 70_000L, Column.STRING, "70000"));
        rows.put(5_000_000_000L, Map.of(Column.LONG, 5_000_000_000L, Column.STRING, "5000000000"));
        rows.put(1.5f, Map.of(Column.FLOAT, 1.5f, Column.DOUBLE, 1.5d, Column.STRING, "1.5"));
        rows.put(2.25d, Map.of(Column.DOUBLE, 2.25d, Column.STRING, "2.25"));
        List<Arguments> cells = new ArrayList<>();
        rows.forEach((value, readable) -> {
            for (Column column : Column.values()) {
                cells.add(Arguments.of(value.getClass().getSimpleName(), value, column, readable.get(column)));
            }
        });
        // A String row: every column reads a string holding a valid representation of its type.
        Map<Column, String> strings = Map.of(Column.BOOLEAN, "true", Column.BYTE, "-7", Column.SHORT, "300",
                Column.INT, "70000", Column.LONG, "5000000000", Column.FLOAT, "1.5", Column.DOUBLE, "2.25",
                Column.STRING, "text");
        Map<Column, Object> parsed = Map.of(Column.BOOLEAN, true, Column.BYTE, (byte) -7, Column.SHORT, (short) 300,
                Column.INT, 70_000, Column.LONG, 5_000_000_000L, Column.FLOAT, 1.5f, Column.DOUBLE, 2.25d,
                Column.STRING, "text");
        for (Column column : Column.values()) {
            cells.add(Arguments.of("String", strings.get(column), column, parsed.get(column)));
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} {1} read as {2}")
    @MethodSource("cells")
    void conversionTableCell(String rowType, Object written, Column column, Object expected) throws JMSException {
        FerryMessage m = new FerryMessage();
        m.setObjectProperty("p", written);
        if (expected == null) {
            assertThatThrownBy(() -> column.read(m, "p")).isInstanceOf(MessageFormatException.class)
                    .hasMessageContaining("FMQ-JMS-304");
        } else {
            assertThat(column.read(m, "p")).isEqualTo(expected);
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

package io.ferrymq.jms.message;

import org.junit.jupiter.params.provider.Arguments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The conversion table of map and stream bodies (spec 3.11.3), cell by cell, shared by their tests. */
final class BodyConversionTable {

    /** A typed read, a column of the table. */
    enum Column { BOOLEAN, BYTE, SHORT, CHAR, INT, LONG, FLOAT, DOUBLE, STRING, BYTES }

    private BodyConversionTable() {
    }

    /** (row name, value written, column, expected value or null when the read must be refused). */
    static Stream<Arguments> cells() {
        Map<Object, Map<Column, Object>> rows = new LinkedHashMap<>();
        rows.put(true, Map.of(Column.BOOLEAN, true, Column.STRING, "true"));
        rows.put((byte) 7, Map.of(Column.BYTE, (byte) 7, Column.SHORT, (short) 7, Column.INT, 7, Column.LONG, 7L,
                Column.STRING, "7"));
        rows.put((short) 300, Map.of(Column.SHORT, (short) 300, Column.INT, 300, Column.LONG, 300L,
                Column.STRING, "300"));
        rows.put('c', Map.of(Column.CHAR, 'c', Column.STRING, "c"));
        rows.put(70_000, Map.of(Column.INT, 70_000, Column.LONG, 70_000L, Column.STRING, "70000"));
        rows.put(5_000_000_000L, Map.of(Column.LONG, 5_000_000_000L, Column.STRING, "5000000000"));
        rows.put(1.5f, Map.of(Column.FLOAT, 1.5f, Column.DOUBLE, 1.5d, Column.STRING, "1.5"));
        rows.put(2.25d, Map.of(Column.DOUBLE, 2.25d, Column.STRING, "2.25"));
        rows.put(new byte[] {1, 2}, Map.of(Column.BYTES, new byte[] {1, 2}));
        List<Arguments> cells = new ArrayList<>();
        rows.forEach((value, readable) -> {
            for (Column column : Column.values()) {
                cells.add(Arguments.of(value.getClass().getSimpleName(), value, column, readable.get(column)));
            }
        });
        Map<Column, String> strings = new LinkedHashMap<>();
        strings.put(Column.BOOLEAN, "true");
        strings.put(Column.BYTE, "-7");
        strings.put(Column.SHORT, "300");
        strings.put(Column.CHAR, "c");
        strings.put(Column.INT, "70000");
        strings.put(Column.LONG, "5000000000");
        strings.put(Column.FLOAT, "1.5");
        strings.put(Column.DOUBLE, "2.25");
        strings.put(Column.STRING, "text");
        strings.put(Column.BYTES, "bytes");
        Map<Column, Object> parsed = Map.of(Column.BOOLEAN, true, Column.BYTE, (byte) -7, Column.SHORT, (short) 300,
                Column.INT, 70_000, Column.LONG, 5_000_000_000L, Column.FLOAT, 1.5f, Column.DOUBLE, 2.25d,
                Column.STRING, "text");
        strings.forEach((column, s) -> cells.add(Arguments.of("String", s, column, parsed.get(column))));
        return cells.stream();
    }

    /** Compares arrays by content. */
    static boolean sameValue(Object actual, Object expected) {
        if (actual instanceof byte[] a && expected instanceof byte[] e) {
            return Arrays.equals(a, e);
        }
        return expected.equals(actual);
    }
}

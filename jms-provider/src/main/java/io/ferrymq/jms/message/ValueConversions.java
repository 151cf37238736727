package io.ferrymq.jms.message;

import jakarta.jms.MessageFormatException;

/**
 * The JMS value conversion tables (spec 3.5.4 for properties, 3.11.3 for map and stream bodies): which stored type may
 * be read as which, with the {@code valueOf(String)} rules for strings and nulls. Properties never hold {@code char} or
 * {@code byte[]}, so one table serves all three. Stateless.
 */
final class ValueConversions {
    private ValueConversions() {
    }

    static boolean toBoolean(Object v) throws MessageFormatException {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v == null || v instanceof String) {
            return Boolean.parseBoolean((String) v);
        }
        throw MessageErrors.conversion(v, "boolean");
    }

    static byte toByte(Object v) throws MessageFormatException {
        if (v instanceof Byte b) {
            return b;
        }
        if (v == null || v instanceof String) {
            return Byte.parseByte((String) v);
        }
        throw MessageErrors.conversion(v, "byte");
    }

    static short toShort(Object v) throws MessageFormatException {
        if (v instanceof Short || v instanceof Byte) {
            return ((Number) v).shortValue();
        }
        if (v == null || v instanceof String) {
            return Short.parseShort((String) v);
        }
        throw MessageErrors.conversion(v, "short");
    }

    /** Only a char reads as a char; a null one throws NullPointerException, as the spec demands. */
    static char toChar(Object v) throws MessageFormatException {
        if (v instanceof Character c) {
            return c;
        }
        if (v == null) {
            throw new NullPointerException("FMQ-JMS-304 a null value cannot be read as char");
        }
        throw MessageErrors.conversion(v, "char");
    }

    static int toInt(Object v) throws MessageFormatException {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).intValue();
        }
        if (v == null || v instanceof String) {
            return Integer.parseInt((String) v);
        }
        throw MessageErrors.conversion(v, "int");
    }

    static long toLong(Object v) throws MessageFormatException {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v == null || v instanceof String) {
            return Long.parseLong((String) v);
        }
        throw MessageErrors.conversion(v, "long");
    }

    /** Float.valueOf(null) throws NullPointerException, and so does reading a null as float. */
    static float toFloat(Object v) throws MessageFormatException {
        if (v instanceof Float f) {
            return f;
        }
        if (v == null || v instanceof String) {
            return Float.parseFloat((String) v);
        }
        throw MessageErrors.conversion(v, "float");
    }

    static double toDouble(Object v) throws MessageFormatException {
        if (v instanceof Double || v instanceof Float) {
            return ((Number) v).doubleValue();
        }
        if (v == null || v instanceof String) {
            return Double.parseDouble((String) v);
        }
        throw MessageErrors.conversion(v, "double");
    }

    static String toText(Object v) throws MessageFormatException {
        if (v instanceof byte[]) {
            throw MessageErrors.conversion(v, "String");
        }
        return v == null ? null : v.toString();
    }

    /** A copy, so the caller cannot change the stored array. */
    static byte[] toBytes(Object v) throws MessageFormatException {
        if (v == null) {
            return null;
        }
        if (v instanceof byte[] bytes) {
            return bytes.clone();
        }
        throw MessageErrors.conversion(v, "byte[]");
    }

    /** The value as stored in a map or stream body; arrays are copied. */
    static Object checkedBodyValue(Object value) throws MessageFormatException {
        if (value == null || value instanceof Boolean || value instanceof Byte || value instanceof Short
                || value instanceof Character || value instanceof Integer || value instanceof Long
                || value instanceof Float || value instanceof Double || value instanceof String) {
            return value;
        }
        if (value instanceof byte[] bytes) {
            return bytes.clone();
        }
        throw MessageErrors.unsupportedValue(value,
                "Boolean, Byte, Short, Character, Integer, Long, Float, Double, String, byte[] and null");
    }
}

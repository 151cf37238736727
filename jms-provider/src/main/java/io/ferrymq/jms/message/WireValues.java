package io.ferrymq.jms.message;

import io.ferrymq.common.jms.JmsWireValues;

import jakarta.jms.MessageFormatException;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * String forms of property and header values on the wire, and the type list that restores their JMS types. Stateless.
 *
 * <p>Every value travels in its natural string form ({@code 5}, {@code true}, {@code 2.5}) so a broker-side SQL92
 * filter can evaluate it. The type list ({@value WirePropertyNames#VALUE_TYPES}) names, comma-separated, each entry whose
 * wire string is not a plain String, as a one-letter code followed by its JMS name: {@code Z} boolean, {@code B} byte,
 * {@code S} short, {@code I} int, {@code J} long, {@code F} float, {@code D} double, {@code N} null (no wire value),
 * {@code X} a String in escaped form, {@code Y} a byte[] correlation id in Base64. Names are selector identifiers,
 * which contain no comma.
 *
 * <p>Escaped form: the record format separates properties with U+0001 and U+0002 and stores UTF-8, which cannot carry
 * unpaired surrogates; a String holding any of these is written with each such character as {@code \}{@code uXXXX}
 * and each backslash doubled. Other strings are written as they are.
 *
 * <p>The codes and the escaped form are shared with the broker through {@link JmsWireValues} (module common); this
 * class adds the provider's strict reading, which refuses what the broker's selector evaluation tolerates.
 */
final class WireValues {
    static final char BOOLEAN = JmsWireValues.BOOLEAN;
    static final char BYTE = JmsWireValues.BYTE;
    static final char SHORT = JmsWireValues.SHORT;
    static final char INT = JmsWireValues.INT;
    static final char LONG = JmsWireValues.LONG;
    static final char FLOAT = JmsWireValues.FLOAT;
    static final char DOUBLE = JmsWireValues.DOUBLE;
    static final char NULL = JmsWireValues.NULL;
    static final char ESCAPED_STRING = JmsWireValues.ESCAPED_STRING;
    static final char BASE64_BYTES = JmsWireValues.BASE64_BYTES;

    private WireValues() {
    }

    /** The type code for a property value, or 0 for a String that travels as it is. */
    static char typeCode(Object value) {
        if (value == null) {
            return NULL;
        }
        if (value instanceof String s) {
            return needsEscape(s) ? ESCAPED_STRING : 0;
        }
        if (value instanceof Integer) {
            return INT;
        }
        if (value instanceof Long) {
            return LONG;
        }
        if (value instanceof Boolean) {
            return BOOLEAN;
        }
        if (value instanceof Double) {
            return DOUBLE;
        }
        if (value instanceof Float) {
            return FLOAT;
        }
        return value instanceof Short ? SHORT : BYTE;
    }

    /** The wire string of a non-null value with the code {@link #typeCode} gave it. */
    static String toWire(Object value, char code) {
        return code == ESCAPED_STRING ? escape((String) value) : value.toString();
    }

    /** The JMS value of a wire string with this type code (0 for a plain String). */
    static Object fromWire(String wire, char code, String name) throws MessageFormatException {
        try {
            return switch (code) {
                case 0 -> wire;
                case ESCAPED_STRING -> unescape(wire, name);
                case BOOLEAN -> parseBoolean(wire, name);
                case BYTE -> Byte.parseByte(wire);
                case SHORT -> Short.parseShort(wire);
                case INT -> Integer.parseInt(wire);
                case LONG -> Long.parseLong(wire);
                case FLOAT -> Float.parseFloat(wire);
                case DOUBLE -> Double.parseDouble(wire);
                case BASE64_BYTES -> Base64.getDecoder().decode(wire);
                default -> throw MessageErrors.malformed("type code '" + code + "' of " + name + " is unknown");
            };
        } catch (IllegalArgumentException e) {
            // NumberFormatException is one, and so is Base64's refusal.
            throw MessageErrors.malformed("'" + wire + "' is not a valid value of type '" + code + "' for " + name);
        }
    }

    static boolean needsEscape(String s) {
        return JmsWireValues.needsEscape(s);
    }

    /** True if UTF-8 would lose something: a high surrogate without its low one, or the reverse. */
    static boolean hasUnpairedSurrogate(String s) {
        return JmsWireValues.hasUnpairedSurrogate(s);
    }

    static String escape(String s) {
        return JmsWireValues.escape(s);
    }

    static String unescape(String wire, String name) throws MessageFormatException {
        String value = JmsWireValues.unescape(wire);
        if (value == null) {
            throw MessageErrors.malformed("escaped value of " + name + " has a bad escape at index "
                    + JmsWireValues.badEscapeIndex(wire));
        }
        return value;
    }

    private static Boolean parseBoolean(String wire, String name) throws MessageFormatException {
        if (wire.equals("true")) {
            return Boolean.TRUE;
        }
        if (wire.equals("false")) {
            return Boolean.FALSE;
        }
        throw MessageErrors.malformed("'" + wire + "' is not a boolean value for " + name);
    }

    static String formatTypeList(Map<String, Character> types) {
        StringBuilder out = new StringBuilder(types.size() * 12);
        for (Map.Entry<String, Character> e : types.entrySet()) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(e.getValue()).append(e.getKey());
        }
        return out.toString();
    }

    /** Name to type code, in list order; refuses empty entries and repeated names. */
    static Map<String, Character> parseTypeList(String list) throws MessageFormatException {
        Map<String, Character> types = new LinkedHashMap<>();
        if (list == null || list.isEmpty()) {
            return types;
        }
        int start = 0;
        while (start <= list.length()) {
            int end = list.indexOf(',', start);
            if (end < 0) {
                end = list.length();
            }
            if (end - start < 2) {
                throw MessageErrors.malformed("the type list has an empty entry at index " + start);
            }
            String name = list.substring(start + 1, end);
            if (types.put(name, list.charAt(start)) != null) {
                throw MessageErrors.malformed("the type list names " + name + " twice");
            }
            start = end + 1;
        }
        return types;
    }
}

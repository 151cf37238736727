package io.ferrymq.common.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a tree as fastjson 1.2.83 would, into one {@code StringBuilder}: no whitespace, null map values
 * omitted, enums by name, strings escaped like fastjson's {@code SerializeWriter} ({@code \"}, {@code \\},
 * {@code \b \t \n \f \r}, other chars below 0x20 and 0x7F-0x9F, U+2028 and U+2029 as {@code \}{@code uXXXX}
 * with upper-case hex), double NaN/infinity as {@code null}, {@code byte[]} as a base64 string.
 *
 * <p>Map keys: strings quoted; {@code JsonObject}/{@code Map} keys in fastjson's object-as-key form
 * ({@code {{"brokerName":"b","queueId":0,"topic":"t"}:100}}); numbers, booleans, chars and enums as quoted
 * text ({@code {"0":"10.0.0.1:10911"}}, the standard form every fastjson reader accepts, rather than
 * fastjson's default unquoted {@code {0:...}}). In sorted mode the string keys of every object come first in
 * {@code String.compareTo} order (fastjson's order for bean properties), then the other keys in map order.
 *
 * <p>Unpaired surrogates are written as {@code \}{@code uXXXX} escapes so no text is lost when the output is
 * encoded to UTF-8 (fastjson writes them raw, and the UTF-8 encoder turns them into {@code '?'}).
 *
 * <p>One instance writes one value and is confined to the calling thread.
 */
final class JsonWriter {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** String keys first, in String order; other keys after them, in their original order (the sort is stable). */
    private static final Comparator<Map.Entry<?, ?>> KEY_ORDER = (a, b) -> {
        Object ka = a.getKey();
        Object kb = b.getKey();
        if (ka instanceof String sa) {
            return kb instanceof String sb ? sa.compareTo(sb) : -1;
        }
        return kb instanceof String ? 1 : 0;
    };

    private final StringBuilder sb = new StringBuilder(256);
    private final boolean sorted;
    private int depth;

    private JsonWriter(boolean sorted) {
        this.sorted = sorted;
    }

    static String write(Object value, boolean sorted) {
        JsonWriter w = new JsonWriter(sorted);
        w.value(value);
        return w.sb.toString();
    }

    private void value(Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            string(s);
        } else if (v instanceof JsonObject o) {
            object(o.map());
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                || v instanceof AtomicLong || v instanceof AtomicInteger) {
            sb.append(((Number) v).longValue());
        } else if (v instanceof Boolean b) {
            sb.append(b.booleanValue());
        } else if (v instanceof Double d) {
            decimal(d, Double.toString(d));
        } else if (v instanceof Float f) {
            decimal(f, Float.toString(f));
        } else if (v instanceof BigInteger || v instanceof BigDecimal) {
            sb.append(v);
        } else if (v instanceof Number n) {
            decimal(n.doubleValue(), n.toString());
        } else if (v instanceof Map<?, ?> m) {
            object(m);
        } else if (v instanceof Collection<?> c) {
            array(c);
        } else if (v instanceof CharSequence || v instanceof Character) {
            string(v.toString());
        } else if (v instanceof Enum<?> e) {
            string(e.name());
        } else if (v.getClass().isArray()) {
            primitiveOrObjectArray(v);
        } else {
            throw new JsonException("cannot write a " + v.getClass().getName() + " as JSON");
        }
    }

    private void decimal(double d, String text) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            sb.append("null");
        } else {
            sb.append(text);
        }
    }

    private void object(Map<?, ?> m) {
        enter();
        sb.append('{');
        boolean first = true;
        if (sorted && m.size() > 1 && !inOrder(m)) {
            Map.Entry<?, ?>[] entries = m.entrySet().toArray(new Map.Entry<?, ?>[0]);
            Arrays.sort(entries, KEY_ORDER);
            for (Map.Entry<?, ?> e : entries) {
                first = entry(e.getKey(), e.getValue(), first);
            }
        } else {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                first = entry(e.getKey(), e.getValue(), first);
            }
        }
        sb.append('}');
        depth--;
    }

    private boolean entry(Object key, Object value, boolean first) {
        if (value == null) {
            return first; // fastjson omits null values
        }
        if (!first) {
            sb.append(',');
        }
        key(key);
        sb.append(':');
        value(value);
        return false;
    }

    /** True if the keys already come in {@link #KEY_ORDER}, so the sorted mode need not copy the entries. */
    private static boolean inOrder(Map<?, ?> m) {
        String previous = null;
        boolean sawOther = false;
        for (Object k : m.keySet()) {
            if (k instanceof String s) {
                if (sawOther || (previous != null && previous.compareTo(s) > 0)) {
                    return false;
                }
                previous = s;
            } else {
                sawOther = true;
            }
        }
        return true;
    }

    private void key(Object k) {
        if (k instanceof String s) {
            string(s);
        } else if (k instanceof JsonObject o) {
            object(o.map());
        } else if (k instanceof Map<?, ?> m) {
            object(m);
        } else if (k instanceof Number || k instanceof Boolean || k instanceof Character || k instanceof CharSequence) {
            string(k.toString());
        } else if (k instanceof Enum<?> e) {
            string(e.name());
        } else {
            throw new JsonException(k == null ? "cannot write a null map key"
                    : "cannot write a map key of type " + k.getClass().getName());
        }
    }

    private void array(Iterable<?> items) {
        enter();
        sb.append('[');
        boolean first = true;
        for (Object item : items) {
            if (!first) {
                sb.append(',');
            }
            value(item);
            first = false;
        }
        sb.append(']');
        depth--;
    }

    private void primitiveOrObjectArray(Object a) {
        if (a instanceof byte[] bytes) {
            sb.append('"').append(Base64.getEncoder().encodeToString(bytes)).append('"');
            return;
        }
        if (a instanceof char[] chars) {
            string(new String(chars)); // fastjson writes char[] as a string
            return;
        }
        if (a instanceof Object[] objects) {
            array(Arrays.asList(objects));
            return;
        }
        enter();
        sb.append('[');
        if (a instanceof int[] ints) {
            for (int i = 0; i < ints.length; i++) {
                sb.append(i == 0 ? "" : ",").append(ints[i]);
            }
        } else if (a instanceof long[] longs) {
            for (int i = 0; i < longs.length; i++) {
                sb.append(i == 0 ? "" : ",").append(longs[i]);
            }
        } else if (a instanceof short[] shorts) {
            for (int i = 0; i < shorts.length; i++) {
                sb.append(i == 0 ? "" : ",").append(shorts[i]);
            }
        } else if (a instanceof boolean[] booleans) {
            for (int i = 0; i < booleans.length; i++) {
                sb.append(i == 0 ? "" : ",").append(booleans[i]);
            }
        } else if (a instanceof double[] doubles) {
            for (int i = 0; i < doubles.length; i++) {
                sb.append(i == 0 ? "" : ",");
                decimal(doubles[i], Double.toString(doubles[i]));
            }
        } else if (a instanceof float[] floats) {
            for (int i = 0; i < floats.length; i++) {
                sb.append(i == 0 ? "" : ",");
                decimal(floats[i], Float.toString(floats[i]));
            }
        }
        sb.append(']');
        depth--;
    }

    private void enter() {
        if (++depth > Json.MAX_DEPTH) {
            throw new JsonException("cannot write values nested deeper than " + Json.MAX_DEPTH
                    + " levels (does the value contain itself?)");
        }
    }

    private void string(String s) {
        sb.append('"');
        int len = s.length();
        int run = 0;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                continue; // the common case
            }
            if (c >= 0xA0 && c != '\u2028' && c != '\u2029' && !Character.isSurrogate(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++; // a well-formed pair goes out raw
                continue;
            }
            sb.append(s, run, i);
            escape(c);
            run = i + 1;
        }
        sb.append(s, run, len).append('"');
    }

    private void escape(char c) {
        switch (c) {
            case '"' -> sb.append("\\\"");
            case '\\' -> sb.append("\\\\");
            case '\b' -> sb.append("\\b");
            case '\t' -> sb.append("\\t");
            case '\n' -> sb.append("\\n");
            case '\f' -> sb.append("\\f");
            case '\r' -> sb.append("\\r");
            default -> sb.append("\\u").append(HEX[c >>> 12]).append(HEX[(c >>> 8) & 15])
                    .append(HEX[(c >>> 4) & 15]).append(HEX[c & 15]);
        }
    }
}

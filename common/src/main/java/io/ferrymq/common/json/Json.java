package io.ferrymq.common.json;

import java.nio.charset.StandardCharsets;

/**
 * Entry point of a small JSON reader and writer for the dialect of fastjson 1.x, which RocketMQ uses for
 * remoting headers (serialize type 0) and bodies. It exists so FerryMQ can read and write what the official
 * clients do without a JSON library, including the non-standard forms: object keys that are JSON objects
 * ({@code {{"brokerName":"b","queueId":0,"topic":"t"}:100}}) and unquoted numeric keys ({@code {0:"ip:port"}}).
 *
 * <p>Tree model produced by {@code parse}: object &rarr; {@link JsonObject}; array &rarr; {@code List<Object>}
 * ({@code ArrayList}); string &rarr; {@code String}; integer &rarr; {@code Long}, or {@code BigInteger} if it
 * does not fit; any other number &rarr; {@code Double}, or {@code BigDecimal} beyond the double range;
 * {@code true}/{@code false} &rarr; {@code Boolean}; {@code null} &rarr; null.
 *
 * <p>The parser is meant for untrusted network input: it is linear in the input, caps nesting at
 * {@link #MAX_DEPTH}, never uses reflection or loads classes, and reports every problem as a
 * {@link JsonException} with the char offset. Empty input is an error (fastjson would return null).
 *
 * <p>Stateless; every method is thread-safe.
 */
public final class Json {
    /** Deepest nesting of objects and arrays (object keys included) that is read or written. */
    public static final int MAX_DEPTH = 512;

    private Json() {
    }

    /** Parses one JSON value (with fastjson's leniencies, see {@code JsonReader}); trailing content is an error. */
    public static Object parse(String text) {
        return JsonReader.parse(text);
    }

    /**
     * Parses UTF-8 bytes. Invalid UTF-8 sequences become U+FFFD, as in fastjson; error offsets count chars of
     * the decoded text (equal to byte offsets for ASCII).
     */
    public static Object parse(byte[] utf8) {
        return JsonReader.parse(utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8));
    }

    /** Parses a text whose top-level value must be an object. */
    public static JsonObject parseObject(String text) {
        return requireObject(parse(text));
    }

    /** Parses UTF-8 bytes whose top-level value must be an object. */
    public static JsonObject parseObject(byte[] utf8) {
        return requireObject(parse(utf8));
    }

    /**
     * Writes {@code value} compactly, keys in map order. Accepts {@link JsonObject}, {@code Map},
     * {@code Collection}, arrays, {@code CharSequence}, {@code Character}, {@code Number}, {@code Boolean},
     * enums (by name) and null; null map values are omitted as fastjson does.
     *
     * @throws JsonException for another type, a null or unsupported map key, or nesting beyond {@link #MAX_DEPTH}
     */
    public static String write(Object value) {
        return JsonWriter.write(value, false);
    }

    /** {@link #write(Object)} as UTF-8 bytes. */
    public static byte[] writeBytes(Object value) {
        return write(value).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Like {@link #write(Object)}, but the string keys of every object are written in {@code String.compareTo}
     * order, the order fastjson gives bean properties (so a header built as a {@link JsonObject} comes out as
     * the official client writes it). Keys that are not strings follow, in map order.
     */
    public static String writeSorted(Object value) {
        return JsonWriter.write(value, true);
    }

    /** {@link #writeSorted(Object)} as UTF-8 bytes. */
    public static byte[] writeSortedBytes(Object value) {
        return writeSorted(value).getBytes(StandardCharsets.UTF_8);
    }

    private static JsonObject requireObject(Object value) {
        if (value instanceof JsonObject o) {
            return o;
        }
        throw new JsonException("expected a JSON object at offset 0, found "
                + (value == null ? "null" : JsonObject.describe(value)), 0);
    }
}

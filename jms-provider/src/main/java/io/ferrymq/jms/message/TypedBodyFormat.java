package io.ferrymq.jms.message;

import jakarta.jms.MessageFormatException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary form of map and stream bodies: a version byte ({@value #VERSION}), a varint count, then for a map
 * {@code count × (name, value)} and for a stream {@code count × value}. A value is a tag byte and its payload: null,
 * false, true, byte, short, char, int, long, float, double (big-endian, floats as IEEE bits), string (varint byte
 * length and modified UTF-8) or bytes (varint length and the bytes). Varints are unsigned LEB128 of at most 5 bytes.
 *
 * <p>Decoding checks every length against the bytes that remain before allocating anything, and refuses unknown
 * versions and tags, truncation, trailing bytes, empty or duplicate map names, with a {@link MessageFormatException}.
 * Stateless.
 */
final class TypedBodyFormat {
    static final byte VERSION = 1;

    private static final byte NULL = 0;
    private static final byte FALSE = 1;
    private static final byte TRUE = 2;
    private static final byte BYTE = 3;
    private static final byte SHORT = 4;
    private static final byte CHAR = 5;
    private static final byte INT = 6;
    private static final byte LONG = 7;
    private static final byte FLOAT = 8;
    private static final byte DOUBLE = 9;
    private static final byte STRING = 10;
    private static final byte BYTES = 11;

    private TypedBodyFormat() {
    }

    static byte[] encodeMap(Map<String, Object> entries) {
        Writer w = new Writer();
        w.header(entries.size());
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            w.string(e.getKey());
            w.value(e.getValue());
        }
        return w.toByteArray();
    }

    static byte[] encodeStream(List<Object> values) {
        Writer w = new Writer();
        w.header(values.size());
        for (Object v : values) {
            w.value(v);
        }
        return w.toByteArray();
    }

    static Map<String, Object> decodeMap(byte[] body) throws MessageFormatException {
        Reader r = new Reader(body);
        int count = r.header(2);
        Map<String, Object> entries = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = r.string();
            if (name.isEmpty()) {
                throw MessageErrors.malformed("map entry " + i + " has an empty name");
            }
            if (entries.containsKey(name)) {
                throw MessageErrors.malformed("map entry name '" + name + "' appears twice");
            }
            entries.put(name, r.value());
        }
        r.expectEnd();
        return entries;
    }

    static List<Object> decodeStream(byte[] body) throws MessageFormatException {
        Reader r = new Reader(body);
        int count = r.header(1);
        List<Object> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(r.value());
        }
        r.expectEnd();
        return values;
    }

    /** Appends to a growing array. */
    private static final class Writer {
        private byte[] buf = new byte[64];
        private int size;

        void header(int count) {
            put(VERSION);
            varint(count);
        }

        void value(Object v) {
            if (v == null) {
                put(NULL);
            } else if (v instanceof Boolean b) {
                put(b ? TRUE : FALSE);
            } else if (v instanceof Byte b) {
                put(BYTE);
                put(b);
            } else if (v instanceof Short s) {
                put(SHORT);
                bigEndian(s, 2);
            } else if (v instanceof Character c) {
                put(CHAR);
                bigEndian(c, 2);
            } else if (v instanceof Integer i) {
                put(INT);
                bigEndian(i, 4);
            } else if (v instanceof Long l) {
                put(LONG);
                bigEndian(l, 8);
            } else if (v instanceof Float f) {
                put(FLOAT);
                bigEndian(Float.floatToRawIntBits(f), 4);
            } else if (v instanceof Double d) {
                put(DOUBLE);
                bigEndian(Double.doubleToRawLongBits(d), 8);
            } else if (v instanceof String s) {
                put(STRING);
                string(s);
            } else if (v instanceof byte[] bytes) {
                put(BYTES);
                varint(bytes.length);
                ensure(bytes.length);
                System.arraycopy(bytes, 0, buf, size, bytes.length);
                size += bytes.length;
            } else {
                // The message classes admit only the types above.
                throw new IllegalStateException("unexpected body value of " + v.getClass());
            }
        }

        void string(String s) {
            int length = ModifiedUtf8.encodedLength(s);
            varint(length);
            ensure(length);
            size = ModifiedUtf8.encode(s, buf, size);
        }

        void varint(int v) {
            int rest = v;
            while ((rest & ~0x7F) != 0) {
                put((byte) ((rest & 0x7F) | 0x80));
                rest >>>= 7;
            }
            put((byte) rest);
        }

        void bigEndian(long v, int n) {
            ensure(n);
            for (int i = n - 1; i >= 0; i--) {
                buf[size++] = (byte) (v >>> (8 * i));
            }
        }

        void put(byte b) {
            ensure(1);
            buf[size++] = b;
        }

        void ensure(int n) {
            if (buf.length - size < n) {
                buf = Arrays.copyOf(buf, Math.max(size + n, buf.length * 2));
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, size);
        }
    }

    /** Reads with a bounds check before every step. */
    private static final class Reader {
        private final byte[] in;
        private int p;

        Reader(byte[] in) {
            this.in = in;
        }

        /** Reads version and count; each item takes at least {@code minItemBytes}, which bounds a forged count. */
        int header(int minItemBytes) throws MessageFormatException {
            if (in.length == 0) {
                throw MessageErrors.malformed("empty body, expected a version byte");
            }
            if (in[p++] != VERSION) {
                throw MessageErrors.malformed("body format version " + in[0] + " is not supported (expected "
                        + VERSION + ")");
            }
            int count = varint();
            if (count > (in.length - p) / minItemBytes) {
                throw MessageErrors.malformed("declares " + count + " items but has " + (in.length - p) + " bytes left");
            }
            return count;
        }

        Object value() throws MessageFormatException {
            byte tag = in[take(1)];
            return switch (tag) {
                case NULL -> null;
                case FALSE -> Boolean.FALSE;
                case TRUE -> Boolean.TRUE;
                case BYTE -> in[take(1)];
                case SHORT -> (short) bigEndian(2);
                case CHAR -> (char) bigEndian(2);
                case INT -> (int) bigEndian(4);
                case LONG -> bigEndian(8);
                case FLOAT -> Float.intBitsToFloat((int) bigEndian(4));
                case DOUBLE -> Double.longBitsToDouble(bigEndian(8));
                case STRING -> string();
                case BYTES -> {
                    int length = length();
                    int at = take(length);
                    yield Arrays.copyOfRange(in, at, at + length);
                }
                default -> throw MessageErrors.malformed("unknown value tag " + tag + " at byte " + (p - 1));
            };
        }

        String string() throws MessageFormatException {
            int length = length();
            int at = take(length);
            return ModifiedUtf8.decode(in, at, length);
        }

        /** A varint length that must fit in the bytes left. */
        int length() throws MessageFormatException {
            int length = varint();
            if (length > in.length - p) {
                throw MessageErrors.malformed("declares " + length + " bytes at byte " + p + " but " + (in.length - p)
                        + " are left");
            }
            return length;
        }

        int varint() throws MessageFormatException {
            long v = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                byte b = in[take(1)];
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    if (v > Integer.MAX_VALUE) {
                        break;
                    }
                    return (int) v;
                }
            }
            throw MessageErrors.malformed("varint at byte " + p + " is longer than 5 bytes or exceeds 2^31-1");
        }

        long bigEndian(int n) throws MessageFormatException {
            int at = take(n);
            long v = 0;
            for (int i = 0; i < n; i++) {
                v = (v << 8) | (in[at + i] & 0xFF);
            }
            return v;
        }

        /** Consumes n bytes and returns where they start. */
        int take(int n) throws MessageFormatException {
            if (in.length - p < n) {
                throw MessageErrors.malformed("truncated: " + n + " bytes wanted at byte " + p + ", " + (in.length - p)
                        + " left");
            }
            int at = p;
            p += n;
            return at;
        }

        void expectEnd() throws MessageFormatException {
            if (p != in.length) {
                throw MessageErrors.malformed((in.length - p) + " unexpected bytes after the last item");
            }
        }
    }
}

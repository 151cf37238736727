package io.ferrymq.common.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

/**
 * Deep hash of a JSON tree for {@link JsonObject#hashCode()}: SipHash-2-4 under a key drawn at random once per
 * process. Objects used as map keys ({@code {{"brokerName":..}:100}}) come from the network; with a plain
 * {@code String.hashCode}-style hash an attacker could send thousands of distinct keys that all collide
 * ("Aa" and "BB" hash alike) and turn every insertion into a linear scan. A keyed hash makes such collisions
 * unpredictable.
 *
 * <p>The hash agrees with {@code equals} of the tree types: equal trees hash equally. Map entries are combined
 * by addition, so entry order does not matter (as for {@code Map.equals}); list elements in order.
 * One instance holds the state of one hash computation and is confined to the calling thread; the static
 * helpers are thread-safe.
 */
final class JsonHash {
    private static final long K0;
    private static final long K1;

    static {
        SecureRandom random = new SecureRandom();
        K0 = random.nextLong();
        K1 = random.nextLong();
    }

    private static final long TAG_NULL = 1;
    private static final long TAG_STRING = 2;
    private static final long TAG_LONG = 3;
    private static final long TAG_DOUBLE = 4;
    private static final long TAG_BOOLEAN = 5;
    private static final long TAG_BIG = 6;
    private static final long TAG_LIST = 7;
    private static final long TAG_OBJECT = 8;
    private static final long TAG_ENTRY = 9;
    private static final long TAG_OTHER = 10;

    private long v0 = K0 ^ 0x736f6d6570736575L;
    private long v1 = K1 ^ 0x646f72616e646f6dL;
    private long v2 = K0 ^ 0x6c7967656e657261L;
    private long v3 = K1 ^ 0x7465646279746573L;
    private int words;

    private JsonHash(long tag) {
        word(tag);
    }

    /** 64-bit hash of any tree value; {@link JsonObject}s supply their own (cached when frozen). */
    static long of(Object value) {
        if (value == null) {
            return new JsonHash(TAG_NULL).finish();
        }
        if (value instanceof String s) {
            return ofString(s);
        }
        if (value instanceof JsonObject o) {
            return o.hash64();
        }
        if (value instanceof Long l) {
            return new JsonHash(TAG_LONG).word(l).finish();
        }
        if (value instanceof Double d) {
            return new JsonHash(TAG_DOUBLE).word(Double.doubleToLongBits(d)).finish();
        }
        if (value instanceof Boolean b) {
            return new JsonHash(TAG_BOOLEAN).word(b ? 1 : 0).finish();
        }
        if (value instanceof BigInteger || value instanceof BigDecimal) {
            // toString is one-to-one for both (BigDecimal keeps the scale, as its equals does)
            return ofString(value.toString()) ^ TAG_BIG;
        }
        if (value instanceof List<?> list) {
            JsonHash h = new JsonHash(TAG_LIST).word(list.size());
            for (Object element : list) {
                h.word(of(element));
            }
            return h.finish();
        }
        // Types the parser never produces (put by hand): fall back to their own hashCode.
        return new JsonHash(TAG_OTHER).word(value.hashCode()).finish();
    }

    /** Order-independent hash of the entries of an object. */
    static long ofEntries(Map<Object, Object> map) {
        long sum = 0;
        for (Map.Entry<Object, Object> e : map.entrySet()) {
            sum += new JsonHash(TAG_ENTRY).word(of(e.getKey())).word(of(e.getValue())).finish();
        }
        return new JsonHash(TAG_OBJECT).word(map.size()).word(sum).finish();
    }

    static long ofString(String s) {
        int len = s.length();
        JsonHash h = new JsonHash(TAG_STRING).word(len);
        int i = 0;
        for (; i + 4 <= len; i += 4) {
            h.word((long) s.charAt(i) | (long) s.charAt(i + 1) << 16
                    | (long) s.charAt(i + 2) << 32 | (long) s.charAt(i + 3) << 48);
        }
        if (i < len) {
            long last = 0;
            for (int shift = 0; i < len; i++, shift += 16) {
                last |= (long) s.charAt(i) << shift;
            }
            h.word(last);
        }
        return h.finish();
    }

    private JsonHash word(long m) {
        v3 ^= m;
        round();
        round();
        v0 ^= m;
        words++;
        return this;
    }

    private long finish() {
        long b = (long) words << 56;
        v3 ^= b;
        round();
        round();
        v0 ^= b;
        v2 ^= 0xff;
        round();
        round();
        round();
        round();
        return v0 ^ v1 ^ v2 ^ v3;
    }

    private void round() {
        v0 += v1;
        v1 = Long.rotateLeft(v1, 13);
        v1 ^= v0;
        v0 = Long.rotateLeft(v0, 32);
        v2 += v3;
        v3 = Long.rotateLeft(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = Long.rotateLeft(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = Long.rotateLeft(v1, 17);
        v1 ^= v2;
        v2 = Long.rotateLeft(v2, 32);
    }
}

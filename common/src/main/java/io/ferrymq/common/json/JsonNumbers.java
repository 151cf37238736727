package io.ferrymq.common.json;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Number literals: scanning the JSON grammar ({@code -?digits(.digits)?([eE][+-]?digits)?}, leading zeros
 * tolerated as fastjson does), choosing the value type, and converting numbers for the typed getters.
 * Integers become {@code Long}, or {@code BigInteger} beyond the long range; other numbers become
 * {@code Double}, or {@code BigDecimal} when the value is beyond the double range (so it is not lost to
 * infinity). Literals longer than {@link #MAX_LENGTH} chars are refused: converting huge digit strings is
 * superlinear, and no RocketMQ body holds such a number. Stateless; thread-safe.
 */
final class JsonNumbers {
    /** Longest number literal accepted, in chars. */
    static final int MAX_LENGTH = 256;

    private JsonNumbers() {
    }

    /**
     * Scans a number literal starting at {@code start}. Returns the index just past it, or {@code -(p + 1)} where
     * {@code p} is the index at which a digit was expected.
     */
    static int scan(String s, int start) {
        int len = s.length();
        int i = start;
        if (i < len && s.charAt(i) == '-') {
            i++;
        }
        int digits = digits(s, i);
        if (digits == i) {
            return -(i + 1);
        }
        i = digits;
        if (i < len && s.charAt(i) == '.') {
            digits = digits(s, i + 1);
            if (digits == i + 1) {
                return -(i + 2);
            }
            i = digits;
        }
        if (i < len && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < len && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            digits = digits(s, i);
            if (digits == i) {
                return -(i + 1);
            }
            i = digits;
        }
        return i;
    }

    private static int digits(String s, int i) {
        int len = s.length();
        while (i < len && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    /** The value of the well-formed literal {@code s[start, end)}. */
    static Number value(String s, int start, int end) {
        boolean integral = true;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c == '.' || c == 'e' || c == 'E') {
                integral = false;
                break;
            }
        }
        if (integral) {
            boolean negative = s.charAt(start) == '-';
            int first = negative ? start + 1 : start;
            if (end - first <= 18) {
                long v = 0;
                for (int i = first; i < end; i++) {
                    v = v * 10 + (s.charAt(i) - '0');
                }
                return negative ? -v : v;
            }
            BigInteger big = new BigInteger(s.substring(start, end));
            return big.bitLength() < 64 ? (Number) big.longValue() : big;
        }
        String text = s.substring(start, end);
        double d = Double.parseDouble(text);
        if (!Double.isInfinite(d)) {
            return d;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new JsonException("number out of range at offset " + start, start);
        }
    }

    /** Parses a whole string as a JSON number (for numeric strings such as extFields values); null if it is not one. */
    static Number parse(String s) {
        if (s.isEmpty() || s.length() > MAX_LENGTH) {
            return null;
        }
        int end = scan(s, 0);
        if (end != s.length()) {
            return null;
        }
        try {
            return value(s, 0, end);
        } catch (JsonException e) {
            return null;
        }
    }

    /** Exact conversion to long for the getters; fractions and out-of-range values are errors. */
    static long toLong(Number n, String key) {
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            return n.longValue();
        }
        if (n instanceof BigInteger b) {
            if (b.bitLength() < 64) {
                return b.longValue();
            }
        } else if (n instanceof BigDecimal b) {
            try {
                return b.longValueExact();
            } catch (ArithmeticException e) {
                // reported below
            }
        } else {
            double d = n.doubleValue();
            if (d == Math.rint(d) && d >= -0x1p63 && d < 0x1p63) {
                return (long) d;
            }
        }
        throw new JsonException("key \"" + key + "\": " + n + " is not a whole number in the long range");
    }
}

package io.ferrymq.common.filter;

/**
 * Tells, without throwing, whether a string is one that {@link Integer#parseInt(String)},
 * {@link Long#parseLong(String)} or {@link Double#parseDouble(String)} accepts. RocketMQ coerces string
 * properties with {@code Integer.valueOf} and friends and treats the NumberFormatException as "no match"; checking
 * first gives the same answers without paying for an exception per message. Stateless.
 */
public final class JavaNumberText {
    private JavaNumberText() {
    }

    /** Exactly the strings {@link Integer#parseInt(String)} accepts: a sign, then decimal digits (any script). */
    public static boolean isInt(String s) {
        return isIntegerInRange(s, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** Exactly the strings {@link Long#parseLong(String)} accepts. */
    public static boolean isLong(String s) {
        return isIntegerInRange(s, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private static boolean isIntegerInRange(String s, long min, long max) {
        int length = s.length();
        if (length == 0) {
            return false;
        }
        int i = 0;
        boolean negative = false;
        char first = s.charAt(0);
        if (first == '-' || first == '+') {
            negative = first == '-';
            if (length == 1) {
                return false;
            }
            i = 1;
        }
        // Accumulate negatively, as the JDK does, so the magnitude of min fits.
        long limit = negative ? min : -max;
        long limitBeforeMultiply = limit / 10;
        long result = 0;
        for (; i < length; i++) {
            int digit = Character.digit(s.charAt(i), 10);
            if (digit < 0 || result < limitBeforeMultiply) {
                return false;
            }
            result *= 10;
            if (result < limit + digit) {
                return false;
            }
            result -= digit;
        }
        return true;
    }

    /**
     * Exactly the strings {@link Double#parseDouble(String)} accepts: surrounding chars up to U+0020 trimmed, a
     * sign, then {@code NaN}, {@code Infinity}, a decimal number with optional exponent or a hexadecimal one with a
     * binary exponent, and an optional f/F/d/D suffix after a number.
     */
    public static boolean isDouble(String s) {
        int end = s.length();
        int i = 0;
        while (i < end && s.charAt(i) <= ' ') {
            i++;
        }
        while (end > i && s.charAt(end - 1) <= ' ') {
            end--;
        }
        if (i < end && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        if (s.startsWith("NaN", i)) {
            return i + 3 == end;
        }
        if (s.startsWith("Infinity", i)) {
            return i + 8 == end;
        }
        int afterNumber;
        if (end - i > 2 && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')) {
            afterNumber = hexFloatEnd(s, i + 2, end);
        } else {
            afterNumber = decimalFloatEnd(s, i, end);
        }
        if (afterNumber < 0) {
            return false;
        }
        if (afterNumber < end && "fFdD".indexOf(s.charAt(afterNumber)) >= 0) {
            afterNumber++;
        }
        return afterNumber == end;
    }

    /** Index after {@code digits [. digits] [e [sign] digits]} with at least one mantissa digit, or -1. */
    private static int decimalFloatEnd(String s, int i, int end) {
        int digits = 0;
        while (i < end && isAsciiDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < end && s.charAt(i) == '.') {
            i++;
            while (i < end && isAsciiDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return -1;
        }
        if (i < end && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            return exponentEnd(s, i + 1, end);
        }
        return i;
    }

    /** Index after {@code hexdigits [. hexdigits] p [sign] digits} (after "0x"), with a digit and a p, or -1. */
    private static int hexFloatEnd(String s, int i, int end) {
        int digits = 0;
        while (i < end && Character.digit(s.charAt(i), 16) >= 0 && s.charAt(i) < 128) {
            i++;
            digits++;
        }
        if (i < end && s.charAt(i) == '.') {
            i++;
            while (i < end && Character.digit(s.charAt(i), 16) >= 0 && s.charAt(i) < 128) {
                i++;
                digits++;
            }
        }
        if (digits == 0 || i >= end || (s.charAt(i) != 'p' && s.charAt(i) != 'P')) {
            return -1;
        }
        return exponentEnd(s, i + 1, end);
    }

    private static int exponentEnd(String s, int i, int end) {
        if (i < end && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int start = i;
        while (i < end && isAsciiDigit(s.charAt(i))) {
            i++;
        }
        return i == start ? -1 : i;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }
}

package io.ferrymq.common.filter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A LIKE pattern compiled once: {@code %} matches any run of characters, {@code _} exactly one, the escape
 * character makes the character after it literal, and everything else (regex metacharacters included) matches
 * itself, case-sensitively. "Character" means Unicode code point, so {@code _} matches one emoji. Matching uses no
 * regex and allocates nothing: the pattern is split at its {@code %}s into segments, the first anchored at the
 * start of the value, the last at the end, and each middle one matched at its leftmost place, which is optimal
 * because a segment always spans a fixed number of code points. Immutable; safe to share.
 */
final class LikePattern {
    /** Stands for {@code _} inside a segment; no code point is negative. */
    private static final int ANY_ONE = -1;

    /** Code points per segment; segments[0] is anchored at the start, the last one at the end. */
    private final int[][] segments;
    /**
     * The segment as a String when it has no {@code _} and no surrogate chars, for the JDK's fast region and
     * indexOf; such a segment can only match where code points begin, so char matching equals code point matching.
     */
    private final String[] plain;

    private LikePattern(int[][] segments, String[] plain) {
        this.segments = segments;
        this.plain = plain;
    }

    /**
     * Compiles {@code pattern}; {@code escape} is the escape code point or -1 for none.
     *
     * @throws IllegalArgumentException when the pattern ends with the escape character
     */
    static LikePattern compile(String pattern, int escape) {
        List<int[]> segments = new ArrayList<>();
        List<String> plain = new ArrayList<>();
        int[] current = new int[pattern.length()];
        int size = 0;
        boolean hasAnyOne = false;
        for (int i = 0; i < pattern.length(); ) {
            int c = pattern.codePointAt(i);
            i += Character.charCount(c);
            if (c == escape) {
                if (i >= pattern.length()) {
                    throw new IllegalArgumentException("the pattern ends with its escape character");
                }
                c = pattern.codePointAt(i);
                i += Character.charCount(c);
                current[size++] = c;
            } else if (c == '%') {
                addSegment(segments, plain, current, size, hasAnyOne);
                size = 0;
                hasAnyOne = false;
            } else if (c == '_') {
                current[size++] = ANY_ONE;
                hasAnyOne = true;
            } else {
                current[size++] = c;
            }
        }
        addSegment(segments, plain, current, size, hasAnyOne);
        return new LikePattern(segments.toArray(new int[0][]), plain.toArray(new String[0]));
    }

    private static void addSegment(List<int[]> segments, List<String> plain, int[] codePoints, int size,
            boolean hasAnyOne) {
        int[] segment = Arrays.copyOf(codePoints, size);
        segments.add(segment);
        boolean charsAreCodePoints = true;
        for (int c : segment) {
            charsAreCodePoints &= Character.isBmpCodePoint(c) && !Character.isSurrogate((char) c);
        }
        plain.add(hasAnyOne || !charsAreCodePoints ? null : new String(segment, 0, size));
    }

    boolean matches(String value) {
        int last = segments.length - 1;
        if (last == 0) {
            return matchAt(0, value, 0) == value.length();
        }
        int position = matchAt(0, value, 0);
        if (position < 0) {
            return false;
        }
        for (int i = 1; i < last; i++) {
            if (segments[i].length > 0) {
                position = findFrom(i, value, position);
                if (position < 0) {
                    return false;
                }
            }
        }
        int start = backByCodePoints(value, value.length(), segments[last].length);
        return start >= position && matchAt(last, value, start) == value.length();
    }

    /** Index after segment {@code i} matched at {@code from}, or -1. */
    private int matchAt(int i, String value, int from) {
        String text = plain[i];
        if (text != null) {
            return value.startsWith(text, from) ? from + text.length() : -1;
        }
        int position = from;
        for (int expected : segments[i]) {
            if (position >= value.length()) {
                return -1;
            }
            int actual = value.codePointAt(position);
            if (expected != ANY_ONE && expected != actual) {
                return -1;
            }
            position += Character.charCount(actual);
        }
        return position;
    }

    /** Index after the leftmost match of segment {@code i} starting at or after {@code from}, or -1. */
    private int findFrom(int i, String value, int from) {
        String text = plain[i];
        if (text != null) {
            int found = value.indexOf(text, from);
            return found < 0 ? -1 : found + text.length();
        }
        for (int start = from; start < value.length(); start += Character.charCount(value.codePointAt(start))) {
            int end = matchAt(i, value, start);
            if (end >= 0) {
                return end;
            }
        }
        return -1;
    }

    /** The index {@code count} code points before {@code end}, or -1 when there are fewer. */
    private static int backByCodePoints(String value, int end, int count) {
        int position = end;
        for (int n = 0; n < count; n++) {
            if (position == 0) {
                return -1;
            }
            position--;
            if (position > 0 && Character.isLowSurrogate(value.charAt(position))
                    && Character.isHighSurrogate(value.charAt(position - 1))) {
                position--;
            }
        }
        return position;
    }
}

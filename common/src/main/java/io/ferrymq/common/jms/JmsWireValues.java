package io.ferrymq.common.jms;

/**
 * The type codes of the JMS wire format's type list ({@value JmsWireNames#VALUE_TYPES}) and the escaped form of
 * strings, shared by the JMS provider and the broker. Stateless; nothing here throws.
 *
 * <p>The type list names, comma-separated, each entry whose wire string is not a plain String, as a one-letter code
 * followed by its JMS name: {@code Z} boolean, {@code B} byte, {@code S} short, {@code I} int, {@code J} long,
 * {@code F} float, {@code D} double, {@code N} null (no wire value), {@code X} a String in escaped form, {@code Y} a
 * byte[] correlation id in Base64. Names are selector identifiers, which contain no comma.
 *
 * <p>Escaped form: the record format separates properties with U+0001 and U+0002 and stores UTF-8, which cannot carry
 * unpaired surrogates; a String holding any of these is written with each such character as {@code \}{@code uXXXX}
 * (upper-case hex) and each backslash doubled. Other strings are written as they are.
 */
public final class JmsWireValues {
    public static final char BOOLEAN = 'Z';
    public static final char BYTE = 'B';
    public static final char SHORT = 'S';
    public static final char INT = 'I';
    public static final char LONG = 'J';
    public static final char FLOAT = 'F';
    public static final char DOUBLE = 'D';
    public static final char NULL = 'N';
    public static final char ESCAPED_STRING = 'X';
    public static final char BASE64_BYTES = 'Y';
    /** What {@link #typeCodeOf} answers for a name the list does not type: a plain String. */
    public static final char PLAIN_STRING = 0;

    private static final char[] HEX_DIGITS = "0123456789ABCDEF".toCharArray();

    private JmsWireValues() {
    }

    /**
     * The code the type list gives {@code name}, or {@link #PLAIN_STRING} if it names it nowhere (or is null).
     * Lenient: entries too short to hold a code and a name are skipped; if a name appears twice the first wins.
     * Allocates nothing.
     */
    public static char typeCodeOf(String typeList, String name) {
        if (typeList == null) {
            return PLAIN_STRING;
        }
        int length = typeList.length();
        int nameLength = name.length();
        int start = 0;
        while (start < length) {
            int end = typeList.indexOf(',', start);
            if (end < 0) {
                end = length;
            }
            if (end - start == nameLength + 1 && typeList.regionMatches(start + 1, name, 0, nameLength)) {
                return typeList.charAt(start);
            }
            start = end + 1;
        }
        return PLAIN_STRING;
    }

    /** True if the string must travel in escaped form. */
    public static boolean needsEscape(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (mustEscapeAt(s, i)) {
                return true;
            }
        }
        return false;
    }

    /** True if UTF-8 would lose something: a high surrogate without its low one, or the reverse. */
    public static boolean hasUnpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i)) && isUnpairedSurrogateAt(s, i)) {
                return true;
            }
        }
        return false;
    }

    /** The escaped form of {@code s}. */
    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (mustEscapeAt(s, i)) {
                out.append('\\').append('u')
                        .append(HEX_DIGITS[(c >> 12) & 0xF]).append(HEX_DIGITS[(c >> 8) & 0xF])
                        .append(HEX_DIGITS[(c >> 4) & 0xF]).append(HEX_DIGITS[c & 0xF]);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * The string an escaped wire value stands for, or null if it is not a valid escaped form (a backslash followed
     * by neither a backslash nor {@code u} and four hex digits); {@link #badEscapeIndex} tells where.
     */
    public static String unescape(String wire) {
        StringBuilder out = new StringBuilder(wire.length());
        for (int i = 0; i < wire.length(); i++) {
            char c = wire.charAt(i);
            if (c != '\\') {
                out.append(c);
            } else if (i + 1 < wire.length() && wire.charAt(i + 1) == '\\') {
                out.append('\\');
                i++;
            } else if (isUnicodeEscapeAt(wire, i)) {
                out.append((char) Integer.parseInt(wire, i + 2, i + 6, 16));
                i += 5;
            } else {
                return null;
            }
        }
        return out.toString();
    }

    /** The index of the first bad escape in a wire value, or -1 if {@link #unescape} accepts it. */
    public static int badEscapeIndex(String wire) {
        for (int i = 0; i < wire.length(); i++) {
            if (wire.charAt(i) != '\\') {
                continue;
            }
            if (i + 1 < wire.length() && wire.charAt(i + 1) == '\\') {
                i++;
            } else if (isUnicodeEscapeAt(wire, i)) {
                i += 5;
            } else {
                return i;
            }
        }
        return -1;
    }

    private static boolean isUnicodeEscapeAt(String wire, int backslash) {
        if (backslash + 5 >= wire.length() || wire.charAt(backslash + 1) != 'u') {
            return false;
        }
        // Character.digit, as Integer.parseInt reads them (it also takes non-ASCII digits; escape never writes them).
        for (int i = backslash + 2; i < backslash + 6; i++) {
            if (Character.digit(wire.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean mustEscapeAt(String s, int i) {
        char c = s.charAt(i);
        return c == '\u0001' || c == '\u0002' || Character.isSurrogate(c) && isUnpairedSurrogateAt(s, i);
    }

    private static boolean isUnpairedSurrogateAt(String s, int i) {
        if (Character.isHighSurrogate(s.charAt(i))) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
}

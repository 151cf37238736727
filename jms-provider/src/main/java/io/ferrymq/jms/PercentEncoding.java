package io.ferrymq.jms;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of UTF-8 text for {@code ferrymq://} URL parameters (RFC 3986; {@code +} is a plus, not a space).
 * Stateless; safe from any thread.
 */
final class PercentEncoding {
    /** Written as they are, besides letters and digits: RFC 3986's unreserved characters and a few readable ones. */
    private static final String UNENCODED = "-._~,*:";

    private PercentEncoding() {
    }

    /** {@code text} with every byte of its UTF-8 form outside A-Z a-z 0-9 and {@value #UNENCODED} as {@code %XX}. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || UNENCODED.indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }

    /**
     * Decodes {@code %XX} escapes (hex in either case) of UTF-8 bytes; other characters stand for themselves.
     *
     * @throws IllegalArgumentException whose message completes "the value ...": a bad escape, bytes that are not
     *                                  UTF-8, or an unpaired surrogate
     */
    static String decode(String text) {
        if (text.indexOf('%') < 0) {
            return checkUnicode(text);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) == '%') {
                int hi = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(text.charAt(i + 2), 16);
                if (lo < 0) {
                    throw new IllegalArgumentException("has a '%' not followed by two hex digits");
                }
                bytes.write(hi << 4 | lo);
                i += 3;
            } else {
                int next = text.indexOf('%', i);
                next = next < 0 ? text.length() : next;
                byte[] raw = checkUnicode(text.substring(i, next)).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
                i = next;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("is not percent-encoded UTF-8");
        }
    }

    /** Whether {@code text} is valid Unicode, i.e. has no unpaired surrogate (UTF-8 cannot carry one). */
    static boolean isValidUnicode(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String checkUnicode(String text) {
        if (!isValidUnicode(text)) {
            throw new IllegalArgumentException("holds an unpaired surrogate");
        }
        return text;
    }
}

package io.ferrymq.jms.message;

import jakarta.jms.MessageFormatException;

/**
 * Java's modified UTF-8 without the 64 KiB limit: each UTF-16 unit on its own (U+0000 as two bytes, surrogates as three
 * bytes each), so any Java string, unpaired surrogates included, round-trips exactly. Stateless.
 */
final class ModifiedUtf8 {
    private ModifiedUtf8() {
    }

    static int encodedLength(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c != 0 && c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        }
        return n;
    }

    /** Writes the string at {@code at}; returns the index after it. */
    static int encode(String s, byte[] out, int at) {
        int p = at;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != 0 && c < 0x80) {
                out[p++] = (byte) c;
            } else if (c < 0x800) {
                out[p++] = (byte) (0xC0 | (c >> 6));
                out[p++] = (byte) (0x80 | (c & 0x3F));
            } else {
                out[p++] = (byte) (0xE0 | (c >> 12));
                out[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return p;
    }

    static byte[] encode(String s) {
        byte[] out = new byte[encodedLength(s)];
        encode(s, out, 0);
        return out;
    }

    /** Decodes {@code length} bytes; refuses anything {@link #encode} would not have written. */
    static String decode(byte[] in, int offset, int length) throws MessageFormatException {
        char[] chars = new char[length];
        int n = 0;
        int p = offset;
        int end = offset + length;
        while (p < end) {
            int b = in[p] & 0xFF;
            if (b != 0 && b < 0x80) {
                chars[n++] = (char) b;
                p++;
            } else if ((b & 0xE0) == 0xC0 && p + 1 < end && isContinuation(in[p + 1])) {
                chars[n++] = (char) (((b & 0x1F) << 6) | (in[p + 1] & 0x3F));
                p += 2;
            } else if ((b & 0xF0) == 0xE0 && p + 2 < end && isContinuation(in[p + 1]) && isContinuation(in[p + 2])) {
                chars[n++] = (char) (((b & 0x0F) << 12) | ((in[p + 1] & 0x3F) << 6) | (in[p + 2] & 0x3F));
                p += 3;
            } else {
                throw MessageErrors.malformed("invalid modified UTF-8 at byte " + (p - offset) + " of a string");
            }
        }
        return new String(chars, 0, n);
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}

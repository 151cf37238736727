package io.ferrymq.common.json;

import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for the JSON dialect fastjson 1.x writes and reads. Besides standard JSON it takes
 * object keys that are JSON objects ({@code {{"topic":"t"}:1}}), unquoted keys (identifiers and numbers, kept
 * as their text: {@code {0:"a"}} has key {@code "0"}), single-quoted strings, a trailing comma before
 * the closing bracket or brace, raw control characters inside strings, fastjson's extra escapes ({@code \'},
 * {@code \v}, {@code \xHH}, {@code \0}..{@code \7}, {@code \F}) and whitespace {@code \f} / {@code \b}.
 *
 * <p>Built for untrusted input: nesting is capped at {@link Json#MAX_DEPTH} (so the recursion cannot overflow
 * the stack), number literals at {@link JsonNumbers#MAX_LENGTH} chars, every step is linear, and nothing is
 * loaded or instantiated by name. Each failure is a {@link JsonException} naming what was expected at which
 * char offset.
 *
 * <p>One instance parses one text and is confined to the calling thread.
 */
final class JsonReader {
    private static final int KEY_CACHE_SIZE = 256; // power of two
    private static final int KEY_CACHE_MAX_LENGTH = 32;

    private final String s;
    private final int len;
    private int pos;
    private int depth;
    private StringBuilder buf;
    private String[] keyCache;

    private JsonReader(String s) {
        this.s = s;
        this.len = s.length();
    }

    static Object parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new JsonException("expected a JSON value at offset 0, found empty input", 0);
        }
        JsonReader r = new JsonReader(text);
        if (text.charAt(0) == '\uFEFF') {
            r.pos = 1; // byte order mark
        }
        r.skipWhitespace();
        Object value = r.value();
        r.skipWhitespace();
        if (r.pos < r.len) {
            throw r.error("end of input after the JSON value");
        }
        return value;
    }

    private Object value() {
        int c = peek();
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
            case '\'':
                return string((char) c);
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return null;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    int start = pos;
                    return JsonNumbers.value(s, start, number());
                }
                throw error("a JSON value");
        }
    }

    private JsonObject object() {
        enter();
        pos++; // '{'
        JsonObject obj = new JsonObject();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return obj;
        }
        while (true) {
            Object key = key();
            skipWhitespace();
            if (peek() != ':') {
                throw error("':' after an object key");
            }
            pos++;
            skipWhitespace();
            obj.putParsed(key, value());
            skipWhitespace();
            int c = peek();
            if (c == ',') {
                pos++;
                skipWhitespace();
                if (peek() == '}') { // trailing comma
                    pos++;
                    break;
                }
            } else if (c == '}') {
                pos++;
                break;
            } else {
                throw error("',' or '}' in an object");
            }
        }
        depth--;
        return obj;
    }

    private Object key() {
        int c = peek();
        if (c == '"' || c == '\'') {
            return string((char) c);
        }
        if (c == '{') {
            return object(); // fastjson's Map<MessageQueue,X> form; putParsed freezes it
        }
        int start = pos;
        if (c == '-' || (c >= '0' && c <= '9')) {
            return s.substring(start, number());
        }
        if (c >= 0 && identifierStart((char) c)) {
            pos++;
            while (pos < len && identifierPart(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }
        throw error("an object key");
    }

    private List<Object> array() {
        enter();
        pos++; // '['
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return list;
        }
        while (true) {
            list.add(value());
            skipWhitespace();
            int c = peek();
            if (c == ',') {
                pos++;
                skipWhitespace();
                if (peek() == ']') { // trailing comma
                    pos++;
                    break;
                }
            } else if (c == ']') {
                pos++;
                break;
            } else {
                throw error("',' or ']' in an array");
            }
        }
        depth--;
        return list;
    }

    private void enter() {
        if (++depth > Json.MAX_DEPTH) {
            throw new JsonException("nesting deeper than " + Json.MAX_DEPTH + " levels at offset " + pos, pos);
        }
    }

    private String string(char quote) {
        int open = pos;
        int start = ++pos;
        int hash = 0;
        for (int i = start; i < len; i++) {
            char c = s.charAt(i);
            if (c == quote) {
                pos = i + 1;
                return cachedSubstring(start, i, hash);
            }
            if (c == '\\') {
                pos = i;
                return escapedString(quote, start, open);
            }
            hash = 31 * hash + c;
        }
        pos = len;
        throw error("a closing " + quote + " (the string opened at offset " + open + ")");
    }

    /** Reuses one String per distinct short string (mostly keys), so big bodies do not hold thousands of copies. */
    private String cachedSubstring(int start, int end, int hash) {
        int n = end - start;
        if (n == 0) {
            return "";
        }
        if (n > KEY_CACHE_MAX_LENGTH) {
            return s.substring(start, end);
        }
        if (keyCache == null) {
            keyCache = new String[KEY_CACHE_SIZE];
        }
        int slot = (hash ^ (hash >>> 16)) & (KEY_CACHE_SIZE - 1);
        String cached = keyCache[slot];
        if (cached != null && cached.length() == n && s.regionMatches(start, cached, 0, n)) {
            return cached;
        }
        String fresh = s.substring(start, end);
        keyCache[slot] = fresh;
        return fresh;
    }

    private String escapedString(char quote, int start, int open) {
        StringBuilder sb = buf == null ? (buf = new StringBuilder(64)) : buf;
        sb.setLength(0);
        sb.append(s, start, pos);
        while (pos < len) {
            char c = s.charAt(pos);
            if (c == quote) {
                pos++;
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                pos++;
                continue;
            }
            pos++;
            if (pos >= len) {
                break;
            }
            char e = s.charAt(pos++);
            switch (e) {
                case '"', '\'', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 't' -> sb.append('\t');
                case 'n' -> sb.append('\n');
                case 'f', 'F' -> sb.append('\f');
                case 'r' -> sb.append('\r');
                case 'v' -> sb.append('\u000B');
                case '0', '1', '2', '3', '4', '5', '6', '7' -> sb.append((char) (e - '0'));
                case 'u' -> sb.append((char) hex(4));
                case 'x' -> sb.append((char) hex(2));
                default -> {
                    pos--;
                    throw error("a valid escape character after '\\'");
                }
            }
        }
        throw error("a closing " + quote + " (the string opened at offset " + open + ")");
    }

    private int hex(int digits) {
        int v = 0;
        for (int i = 0; i < digits; i++) {
            int d = pos < len ? hexValue(s.charAt(pos)) : -1;
            if (d < 0) {
                throw error(digits + " hex digits in a \\" + (digits == 4 ? 'u' : 'x') + " escape");
            }
            v = (v << 4) | d;
            pos++;
        }
        return v;
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Scans a number at pos, moves past it and returns its end. */
    private int number() {
        int start = pos;
        int end = JsonNumbers.scan(s, start);
        if (end < 0) {
            pos = -end - 1;
            throw error("a digit");
        }
        if (end - start > JsonNumbers.MAX_LENGTH) {
            throw new JsonException("number longer than " + JsonNumbers.MAX_LENGTH + " chars at offset " + start, start);
        }
        pos = end;
        return end;
    }

    private void literal(String word) {
        if (!s.startsWith(word, pos)) {
            throw error("'" + word + "'");
        }
        pos += word.length();
    }

    private void skipWhitespace() {
        while (pos < len) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\b') {
                pos++;
            } else {
                return;
            }
        }
    }

    private int peek() {
        return pos < len ? s.charAt(pos) : -1;
    }

    private static boolean identifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$'
                || (c >= 0x80 && Character.isLetter(c));
    }

    private static boolean identifierPart(char c) {
        return identifierStart(c) || (c >= '0' && c <= '9') || (c >= 0x80 && Character.isLetterOrDigit(c));
    }

    private JsonException error(String expected) {
        return new JsonException("expected " + expected + " at offset " + pos + ", found " + found(), pos);
    }

    private String found() {
        if (pos >= len) {
            return "end of input";
        }
        char c = s.charAt(pos);
        if (c >= 0x20 && c < 0x7F && c != '\'') {
            return "'" + c + "'";
        }
        return String.format("'\\u%04X'", (int) c);
    }
}

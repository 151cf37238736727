package io.ferrymq.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input of every kind gives a JsonException that says what was expected where, and nothing else. */
class JsonMalformedInputTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ``                 | 0 | expected a JSON value at offset 0, found empty input
            `   `              | 3 | expected a JSON value at offset 3, found end of input
            {                  | 1 | expected an object key at offset 1, found end of input
            {"a"               | 4 | expected ':' after an object key at offset 4, found end of input
            {"a" 1}            | 5 | expected ':' after an object key at offset 5, found '1'
            {"a":}             | 5 | expected a JSON value at offset 5, found '}'
            {"a":1             | 6 | expected ',' or '}' in an object at offset 6, found end of input
            {"a":1 "b":2}      | 7 | expected ',' or '}' in an object at offset 7, found '"'
            {"a"::1}           | 5 | expected a JSON value at offset 5, found ':'
            {,}                | 1 | expected an object key at offset 1, found ','
            {"a":1,,}          | 7 | expected an object key at offset 7, found ','
            {a b:1}            | 3 | expected ':' after an object key at offset 3, found 'b'
            {[1]:2}            | 1 | expected an object key at offset 1, found '['
            {true:1}x          | 8 | expected end of input after the JSON value at offset 8, found 'x'
            [1,2               | 4 | expected ',' or ']' in an array at offset 4, found end of input
            [1 2]              | 3 | expected ',' or ']' in an array at offset 3, found '2'
            [,]                | 1 | expected a JSON value at offset 1, found ','
            [1,,2]             | 3 | expected a JSON value at offset 3, found ','
            [1]]               | 3 | expected end of input after the JSON value at offset 3, found ']'
            ]                  | 0 | expected a JSON value at offset 0, found ']'
            {"a":1}}           | 7 | expected end of input after the JSON value at offset 7, found '}'
            {"a":[1}           | 7 | expected ',' or ']' in an array at offset 7, found '}'
            "abc               | 4 | expected a closing " (the string opened at offset 0) at offset 4, found end of input
            'abc"              | 5 | expected a closing ' (the string opened at offset 0) at offset 5, found end of input
            "ab\\              | 4 | expected a closing " (the string opened at offset 0) at offset 4, found end of input
            "\\q"              | 2 | expected a valid escape character after '\\' at offset 2, found 'q'
            "\\u12G4"          | 5 | expected 4 hex digits in a \\u escape at offset 5, found 'G'
            "\\u12"            | 5 | expected 4 hex digits in a \\u escape at offset 5, found '"'
            "\\x4"             | 4 | expected 2 hex digits in a \\x escape at offset 4, found '"'
            tru                | 0 | expected 'true' at offset 0, found 't'
            nul                | 0 | expected 'null' at offset 0, found 'n'
            True               | 0 | expected a JSON value at offset 0, found 'T'
            undefined          | 0 | expected a JSON value at offset 0, found 'u'
            -                  | 1 | expected a digit at offset 1, found end of input
            1.                 | 2 | expected a digit at offset 2, found end of input
            1.e5               | 2 | expected a digit at offset 2, found 'e'
            1e                 | 2 | expected a digit at offset 2, found end of input
            1e+                | 3 | expected a digit at offset 3, found end of input
            .5                 | 0 | expected a JSON value at offset 0, found '.'
            +1                 | 0 | expected a JSON value at offset 0, found '+'
            {-x:1}             | 2 | expected a digit at offset 2, found 'x'
            NaN                | 0 | expected a JSON value at offset 0, found 'N'
            /* c */ {}         | 0 | expected a JSON value at offset 0, found '/'
            """)
    void reportsWhatWasExpectedWhere(String text, int offset, String message) {
        String input = text == null ? "" : text;
        assertThatThrownBy(() -> Json.parse(input)).isInstanceOfSatisfying(JsonException.class, e -> {
            assertThat(e.getMessage()).isEqualTo(message);
            assertThat(e.offset()).isEqualTo(offset);
        });
    }

    @Test
    void nullAndWrongTopLevel() {
        assertThatThrownBy(() -> Json.parse((String) null)).isInstanceOf(JsonException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> Json.parse((byte[]) null)).isInstanceOf(JsonException.class);
        assertThatThrownBy(() -> Json.parse(new byte[0])).isInstanceOf(JsonException.class);
        assertThatThrownBy(() -> Json.parseObject("[1]")).isInstanceOf(JsonException.class)
                .hasMessage("expected a JSON object at offset 0, found an array");
        assertThatThrownBy(() -> Json.parseObject("null")).isInstanceOf(JsonException.class);
    }

    @Test
    void controlCharactersAreShownEscaped() {
        assertThatThrownBy(() -> Json.parse("[1\u0001]")).isInstanceOf(JsonException.class)
                .hasMessage("expected ',' or ']' in an array at offset 2, found '\\u0001'");
        assertThatThrownBy(() -> Json.parse("\u0000")).isInstanceOf(JsonException.class)
                .hasMessage("expected a JSON value at offset 0, found '\\u0000'");
    }

    @Test
    void everyTruncationOfARealBodyFails() {
        for (String example : List.of(JsonProtocolExamplesTest.HEARTBEAT, JsonProtocolExamplesTest.CONSUME_STATS,
                JsonProtocolExamplesTest.SEND_V2_REQUEST)) {
            String text = example.strip();
            for (int cut = 0; cut < text.length(); cut++) {
                String prefix = text.substring(0, cut);
                assertThatThrownBy(() -> Json.parse(prefix)).as(prefix).isInstanceOf(JsonException.class);
            }
        }
    }

    @Test
    void deepNestingIsCappedWithoutStackOverflow() {
        for (String deep : List.of("[".repeat(10_000), "[".repeat(10_000) + "]".repeat(10_000),
                "{\"a\":".repeat(10_000), "{".repeat(10_000), "[{\"a\":".repeat(5_000), "{{\"k\":".repeat(5_000))) {
            assertThatThrownBy(() -> Json.parse(deep)).isInstanceOf(JsonException.class)
                    .hasMessageStartingWith("nesting deeper than 512 levels at offset ");
        }
        String max = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertThat(Json.parse(max)).isInstanceOf(List.class);
        String over = "[" + max + "]";
        assertThatThrownBy(() -> Json.parse(over)).isInstanceOf(JsonException.class)
                .hasMessage("nesting deeper than 512 levels at offset 512");
    }

    @Test
    void maximumNestingFitsASmallThreadStack() throws InterruptedException {
        int half = Json.MAX_DEPTH / 2;
        List<String> deepest = List.of(
                "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH),
                "{\"a\":".repeat(Json.MAX_DEPTH - 1) + "{}" + "}".repeat(Json.MAX_DEPTH - 1),
                "{".repeat(Json.MAX_DEPTH) + "}:1".repeat(Json.MAX_DEPTH - 1) + "}", // keys inside keys
                "{\"a\":[".repeat(half) + "]}".repeat(half));
        Throwable[] failure = new Throwable[1];
        // 512 KiB: half the JVM's default thread stack (Netty's event loops use the default)
        Thread t = new Thread(null, () -> {
            try {
                for (String text : deepest) {
                    Object tree = Json.parse(text);
                    assertThat(Json.write(tree)).isEqualTo(text);
                    assertThat(Json.parse(Json.writeSorted(tree))).isEqualTo(tree).hasSameHashCodeAs(tree);
                }
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "small-stack", 512 * 1024);
        t.start();
        t.join();
        assertThat(failure[0]).isNull();
    }

    @Test
    void numberLimits() {
        assertThat(Json.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(Json.parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(Json.parse("9223372036854775808")).isEqualTo(new BigInteger("9223372036854775808"));
        assertThat(Json.parse("1e400")).isEqualTo(new BigDecimal("1e400"));
        assertThat(Json.parse("1e-400")).isEqualTo(0.0);
        assertThat(Json.parse("007")).isEqualTo(7L);
        assertThat(Json.parse("-0")).isEqualTo(0L);
        assertThat(Json.parse("1".repeat(256))).isInstanceOf(BigInteger.class);
        assertThatThrownBy(() -> Json.parse("[" + "1".repeat(257) + "]")).isInstanceOf(JsonException.class)
                .hasMessage("number longer than 256 chars at offset 1");
        assertThatThrownBy(() -> Json.parse("1e99999999999")).isInstanceOf(JsonException.class)
                .hasMessage("number out of range at offset 0");
    }

    @Test
    void garbageBytes() {
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);
            parseOrJsonException(bytes);
        }
        assertThatThrownBy(() -> Json.parse(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0})).isInstanceOf(JsonException.class);
        assertThat(Json.parse(new byte[] {'"', (byte) 0xC3, '"'})).isEqualTo("\uFFFD"); // invalid UTF-8 is replaced
    }

    @Test
    void fuzzMutationsOfRealBodies() {
        List<String> corpus = JsonProtocolExamplesTest.allExamples().toList();
        char[] interesting = "{}[]\"':,\\ 0123456789-+.eEtrufalsn\u0001\u0000\uD800\uDC00\u00E9".toCharArray();
        Random random = new Random(20_240_521L);
        int parsed = 0;
        for (int i = 0; i < 5_000; i++) {
            StringBuilder sb = new StringBuilder(corpus.get(random.nextInt(corpus.size())));
            for (int m = 1 + random.nextInt(4); m > 0 && sb.length() > 0; m--) {
                int at = random.nextInt(sb.length());
                switch (random.nextInt(6)) {
                    case 0 -> sb.setCharAt(at, interesting[random.nextInt(interesting.length)]);
                    case 1 -> sb.insert(at, interesting[random.nextInt(interesting.length)]);
                    case 2 -> sb.delete(at, Math.min(sb.length(), at + 1 + random.nextInt(8)));
                    case 3 -> sb.setLength(at);
                    case 4 -> sb.insert(at, sb.substring(at, Math.min(sb.length(), at + random.nextInt(40))));
                    default -> sb.insert(at, random.nextBoolean() ? "[".repeat(random.nextInt(600))
                            : "{{\"k\":".repeat(random.nextInt(300)));
                }
            }
            String text = sb.toString();
            if (random.nextBoolean()) {
                parsed += parseOrJsonException(text.getBytes(StandardCharsets.UTF_8)) ? 1 : 0;
            } else {
                parsed += parseOrJsonException(text) ? 1 : 0;
            }
        }
        assertThat(parsed).as("some mutations are still valid JSON").isPositive();
    }

    /** Parses; a value must survive write/parse, and any failure must be a JsonException. */
    private static boolean parseOrJsonException(Object input) {
        Object value;
        try {
            value = input instanceof String s ? Json.parse(s) : Json.parse((byte[]) input);
        } catch (JsonException expected) {
            assertThat(expected.getMessage()).isNotBlank();
            return false;
        } catch (Throwable other) {
            fail("not a JsonException for input " + describe(input), other);
            return false;
        }
        String once = Json.write(value);
        assertThat(Json.write(Json.parse(once))).as(once).isEqualTo(once);
        return true;
    }

    private static String describe(Object input) {
        String s = input instanceof String str ? str : new String((byte[]) input, StandardCharsets.ISO_8859_1);
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}

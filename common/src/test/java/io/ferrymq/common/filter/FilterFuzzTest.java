package io.ferrymq.common.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random input, fixed seeds: compile either succeeds or throws a FilterSyntaxException pointing inside the text,
 * and a compiled expression evaluates against arbitrary values without throwing, in both dialects.
 */
class FilterFuzzTest {
    private static final String[] TOKENS = {
        "a", "b", "c", "TAGS", "JMSType", "NOT", "not", "AND", "and", "OR", "BETWEEN", "IN", "LIKE", "ESCAPE", "IS",
        "NULL", "TRUE", "FALSE", "CONTAINS", "STARTSWITH", "ENDSWITH", "(", ")", "(", ")", ",", "=", "<>", "<",
        "<=", ">", ">=", "+", "-", "*", "/", "'x'", "'%'", "'_'", "'!'", "''", "'a''b'", "0", "1", "-1", "5L",
        "0x1F", "017", "0b1", "1.5", ".5", "1e3", "1.5F", "0x1p3", "9223372036854775807", "9223372036854775808",
        "2147483648", "--", "/*", "*/", "\n", "'", "!", "\"", "é", "😀"};
    private static final String CHARS = "ab()'%_!,=<>+-*/.0123456789eExXlLfFpP \t\n_$NOTANDORISé😀\"#\\";
    private static final Object[] VALUES = {
        null, "", "x", "%", "5", "05", "-1", "1.5", "1e3", "NaN", " 7 ", "true", "TRUE", "abc", "2147483648",
        "9223372036854775808", "0x1p3", "٥", "😀", 0, 5, -1, Integer.MIN_VALUE, 5L, Long.MAX_VALUE, Long.MIN_VALUE,
        (short) 3, (byte) 2, 1.5, -0.0, Double.NaN, Double.POSITIVE_INFINITY, 2.5f, true, false, 'c',
        new Object(), new byte[] {1}};
    private static final String[] NAMES = {"a", "b", "c", "TAGS", "JMSType"};

    @Test
    void randomTokenSequences() {
        Random random = new Random(20240601L);
        int compiled = 0;
        for (int n = 0; n < 6000; n++) {
            StringBuilder text = new StringBuilder();
            int count = 1 + random.nextInt(12);
            for (int i = 0; i < count; i++) {
                text.append(TOKENS[random.nextInt(TOKENS.length)]).append(random.nextInt(4) == 0 ? "" : " ");
            }
            compiled += check(text.toString(), random);
        }
        assertThat(compiled).isGreaterThan(100);
    }

    @Test
    void randomGrammaticalExpressions() {
        Random random = new Random(5L);
        int compiled = 0;
        for (int n = 0; n < 3000; n++) {
            compiled += check(condition(random, 4), random);
        }
        // Most compile in at least one dialect, so evaluation is exercised on thousands of trees.
        assertThat(compiled).isGreaterThan(2500);
    }

    private static String condition(Random random, int depth) {
        int choice = random.nextInt(depth <= 0 ? 6 : 10);
        String not = random.nextBoolean() ? "" : " NOT";
        return switch (choice) {
            case 0 -> operand(random, depth - 1) + " " + pick(random, "=", "<>", "<", "<=", ">", ">=") + " "
                    + operand(random, depth - 1);
            case 1 -> operand(random, depth - 1) + not + " BETWEEN " + operand(random, depth - 1) + " AND "
                    + operand(random, depth - 1);
            case 2 -> pick(random, NAMES) + not + " IN (" + pick(random, "'x'", "'5', 'x'", "'', '%', 'true'") + ")";
            case 3 -> pick(random, NAMES) + not + " LIKE " + pick(random, "'%x_'", "'5'", "'!%%' ESCAPE '!'", "''");
            case 4 -> operand(random, depth - 1) + " IS" + not + " NULL";
            case 5 -> pick(random, NAMES) + not + " " + pick(random, "CONTAINS", "STARTSWITH", "ENDSWITH") + " "
                    + pick(random, "'x'", "''", "'5'");
            case 6 -> "NOT " + condition(random, depth - 1);
            case 7, 8 -> "(" + condition(random, depth - 1) + " " + pick(random, "AND", "OR") + " "
                    + condition(random, depth - 1) + ")";
            default -> pick(random, NAMES);
        };
    }

    private static String operand(Random random, int depth) {
        int choice = random.nextInt(depth <= 0 ? 2 : 4);
        return switch (choice) {
            case 0 -> pick(random, NAMES);
            case 1 -> pick(random, "5", "-1", "0", "1.5", "'x'", "'5'", "TRUE", "2147483648", "0x1F", "1e3", "-0.0");
            case 2 -> "-" + operand(random, depth - 1);
            default -> "(" + operand(random, depth - 1) + " " + pick(random, "+", "-", "*", "/") + " "
                    + operand(random, depth - 1) + ")";
        };
    }

    private static String pick(Random random, String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    @Test
    void randomCharacters() {
        Random random = new Random(7L);
        for (int n = 0; n < 4000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(30);
            for (int i = 0; i < length; i++) {
                int index = random.nextInt(CHARS.length());
                text.append(Character.isHighSurrogate(CHARS.charAt(index)) ? "😀" : String.valueOf(CHARS.charAt(index)));
            }
            check(text.toString(), random);
        }
    }

    @Test
    void randomCodeUnitsIncludingLoneSurrogatesAndControls() {
        Random random = new Random(99L);
        for (int n = 0; n < 3000; n++) {
            char[] text = new char[random.nextInt(20)];
            for (int i = 0; i < text.length; i++) {
                text[i] = random.nextInt(3) == 0 ? (char) random.nextInt(0x10000) : CHARS.charAt(random.nextInt(40));
            }
            check(new String(text), random);
        }
    }

    @Test
    void mutationsOfValidExpressions() {
        String[] seeds = {
            "JMSType = 'car' AND color = 'blue' AND weight > 2500", "phone LIKE '12%3'", "age BETWEEN 15 AND 19",
            "a between 0 and 3", "TAGS IN ('A','B')", "a CONTAINS 'x' OR b NOT STARTSWITH 'y'",
            "s LIKE '\\_%' ESCAPE '\\'", "NOT (a + 1 > 2 * b) OR c IS NOT NULL", "-a / 0.0 <> 1e3 - 0x1F"};
        Random random = new Random(3L);
        for (int n = 0; n < 4000; n++) {
            StringBuilder text = new StringBuilder(seeds[random.nextInt(seeds.length)]);
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits && text.length() > 0; e++) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(3)) {
                    case 0 -> text.deleteCharAt(at);
                    case 1 -> text.insert(at, CHARS.charAt(random.nextInt(CHARS.length() - 2)));
                    default -> text.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
                }
            }
            check(text.toString(), random);
        }
    }

    /** Compiles in both dialects and evaluates what compiles; returns how many dialects compiled it. */
    private static int check(String text, Random random) {
        int compiled = 0;
        for (Dialect dialect : Dialect.values()) {
            FilterExpression expression;
            try {
                expression = FilterExpression.compile(text, dialect);
            } catch (FilterSyntaxException e) {
                assertThat(e.position()).as("position for [%s]", text).isBetween(1, text.length() + 1);
                assertThat(e.getMessage()).startsWith(e.code() + " at position " + e.position() + ": ");
                assertThat(e.reason()).isNotBlank();
                continue;
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError(dialect + " compile of [" + text + "] threw " + e, e);
            }
            compiled++;
            for (int i = 0; i < 8; i++) {
                evaluate(expression, randomProperties(random), text);
            }
            evaluate(expression, PropertySource.EMPTY, text);
        }
        return compiled;
    }

    private static void evaluate(FilterExpression expression, PropertySource properties, String text) {
        try {
            int truth = expression.evaluate(properties);
            assertThat(expression.matches(properties)).isEqualTo(truth == Truth.TRUE);
            if (expression.dialect() == Dialect.JMS && truth == Truth.ERROR) {
                fail("the JMS dialect produced ERROR for [%s]", text);
            }
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError(expression.dialect() + " evaluation of [" + text + "] threw " + e, e);
        }
    }

    private static PropertySource randomProperties(Random random) {
        Map<String, Object> map = new HashMap<>();
        List<String> names = new ArrayList<>(List.of(NAMES));
        for (String name : names) {
            if (random.nextInt(4) != 0) {
                map.put(name, VALUES[random.nextInt(VALUES.length)]);
            }
        }
        return PropertySource.of(map);
    }
}

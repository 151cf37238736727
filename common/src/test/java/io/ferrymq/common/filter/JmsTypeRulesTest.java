package io.ferrymq.common.filter;

import static io.ferrymq.common.filter.Filters.jms;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JMS dialect's type rules: numeric promotion, unlike types compare FALSE (spec 3.8.1.1: "If the comparison
 * of non-like type values is attempted, the value of the operation is false"), strings and booleans only with =
 * and <>, arithmetic with UNKNOWN for overflow, integer division by zero and non-numbers; BETWEEN and IN.
 */
class JmsTypeRulesTest {

    /** The same value 5 in every property type, and unlike types, each named after its type. */
    private static final Object[] VALUES = {
        "l", 5L, "i", 5, "sh", (short) 5, "by", (byte) 5, "d", 5.0, "fl", 5.0f,
        "s", "5", "b", true, "bd", new BigDecimal(5), "ch", '5'};

    @ParameterizedTest(name = "{0}: {1} | {2} | {3} | {4} | {5} | {6}")
    @CsvSource({
        // value, = 5,  <> 5,  > 4,   = '5', = TRUE, NOT (= 5)
        "l,  TRUE,  FALSE, TRUE,  FALSE, FALSE, FALSE",
        "i,  TRUE,  FALSE, TRUE,  FALSE, FALSE, FALSE",
        "sh, TRUE,  FALSE, TRUE,  FALSE, FALSE, FALSE",
        "by, TRUE,  FALSE, TRUE,  FALSE, FALSE, FALSE",
        "d,  TRUE,  FALSE, TRUE,  FALSE, FALSE, FALSE",
        "fl, TRUE,  FALSE, TRUE,  FALSE, FALSE, FALSE",
        "s,  FALSE, FALSE, FALSE, TRUE,  FALSE, TRUE",
        "b,  FALSE, FALSE, FALSE, FALSE, TRUE,  TRUE",
        "bd, FALSE, FALSE, FALSE, FALSE, FALSE, TRUE",
        "ch, FALSE, FALSE, FALSE, FALSE, FALSE, TRUE",
        "missing, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN"})
    void everyTypeAgainstEveryKindOfLiteral(String name, String equalsFive, String notEqualsFive,
            String greaterThanFour, String equalsStringFive, String equalsTrue, String notEqualsFiveNegated) {
        assertThat(jms(name + " = 5", VALUES)).isEqualTo(equalsFive);
        assertThat(jms(name + " = 5.0", VALUES)).isEqualTo(equalsFive);
        assertThat(jms(name + " <> 5", VALUES)).isEqualTo(notEqualsFive);
        assertThat(jms(name + " > 4", VALUES)).isEqualTo(greaterThanFour);
        assertThat(jms(name + " >= 4.5", VALUES)).isEqualTo(greaterThanFour);
        assertThat(jms("4 < " + name, VALUES)).isEqualTo(greaterThanFour);
        assertThat(jms(name + " = '5'", VALUES)).isEqualTo(equalsStringFive);
        assertThat(jms(name + " = TRUE", VALUES)).isEqualTo(equalsTrue);
        assertThat(jms("NOT (" + name + " = 5)", VALUES)).isEqualTo(notEqualsFiveNegated);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            s1 = s2        | TRUE
            s1 <> s2       | FALSE
            s1 = s3        | FALSE
            s1 <> s3       | TRUE
            s1 < s3        | FALSE
            s1 >= s2       | FALSE
            t = t          | TRUE
            t <> f         | TRUE
            t = f          | FALSE
            t > f          | FALSE
            t <= t         | FALSE
            s1 = t         | FALSE
            s1 <> t        | FALSE
            """)
    void stringsAndBooleansCompareOnlyWithEqualsAndNotEquals(String expression, String expected) {
        assertThat(jms(expression, "s1", "abc", "s2", "abc", "s3", "abd", "t", true, "f", false))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            l = d                                         | TRUE
            l < d2                                        | TRUE
            i = l                                         | TRUE
            fl = d                                        | TRUE
            9007199254740993 = 9007199254740992.0         | TRUE
            9007199254740993 = 9007199254740992           | FALSE
            nan = nan                                     | FALSE
            nan <> nan                                    | TRUE
            nan > 0 OR nan < 0 OR nan = 0                 | FALSE
            -0.0 = 0.0                                    | TRUE
            1.0 / 0 > 1e308                               | TRUE
            """)
    void numbersComparePromotedAsInJava(String expression, String expected) {
        assertThat(jms(expression, "l", 5L, "i", 5, "d", 5.0, "d2", 5.5, "fl", 5.0f, "nan", Double.NaN))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            9223372036854775807 + 1 > 0                   | UNKNOWN
            NOT (9223372036854775807 + 1 > 0)             | UNKNOWN
            -9223372036854775808 - 1 < 0                  | UNKNOWN
            big * 2 > 0                                   | UNKNOWN
            big * -3 < 0                                  | UNKNOWN
            big * -2 = -9223372036854775808               | TRUE
            (big - 1) * 2 + 2 = big * 2                   | UNKNOWN
            -9223372036854775808 / -1 > 0                 | UNKNOWN
            -min > 0                                      | UNKNOWN
            - -9223372036854775808 > 0                    | UNKNOWN
            9223372036854775807 + 1.0 > 0                 | TRUE
            big * 2.0 = 9223372036854775808.0             | TRUE
            9223372036854775807 - 1 + 1 = 9223372036854775807 | TRUE
            -9223372036854775807 - 1 = -9223372036854775808   | TRUE
            a / 0 = 0                                     | UNKNOWN
            a / 0 <> 0                                    | UNKNOWN
            a / 0.0 > 1e308                               | TRUE
            -a / 0.0 < -1e308                             | TRUE
            0 / 0.0 = 0 OR 0 / 0.0 <> 0                   | TRUE
            0 / 0.0 = 0                                   | FALSE
            a + 0.5 = 2.5                                 | TRUE
            i + a = 7                                     | TRUE
            fl * 2 = 3                                    | TRUE
            a * 1.5 = 3                                   | TRUE
            s + 1 = 2                                     | UNKNOWN
            NOT (s + 1 = 2)                               | UNKNOWN
            t * 1 = 1                                     | UNKNOWN
            +s = 1                                        | UNKNOWN
            -s = -1                                       | UNKNOWN
            +a = 2                                        | TRUE
            -fl = -1.5                                    | TRUE
            -i = -5                                       | TRUE
            """)
    void arithmeticFollowsJavaButOverflowAndIntegerDivisionByZeroAreUnknown(String expression, String expected) {
        assertThat(jms(expression, "a", 2L, "i", 5, "fl", 1.5f, "s", "1", "t", true,
                "big", 1L << 62, "min", Long.MIN_VALUE)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} with a={1} is {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', nullValues = "null", textBlock = """
            a BETWEEN 1 AND 3            | 1    | TRUE
            a BETWEEN 1 AND 3            | 3    | TRUE
            a BETWEEN 1 AND 3            | 0    | FALSE
            a BETWEEN 1 AND 3            | 4    | FALSE
            a BETWEEN 1 AND 1            | 1    | TRUE
            a BETWEEN 3 AND 1            | 2    | FALSE
            a NOT BETWEEN 3 AND 1        | 2    | TRUE
            a NOT BETWEEN 1 AND 3        | 1    | FALSE
            a NOT BETWEEN 1 AND 3        | 3    | FALSE
            a NOT BETWEEN 1 AND 3        | 0    | TRUE
            a NOT BETWEEN 1 AND 3        | 4    | TRUE
            a BETWEEN 0.5 AND 1.5        | 1    | TRUE
            a BETWEEN 1 AND 3            | null | UNKNOWN
            a NOT BETWEEN 1 AND 3        | null | UNKNOWN
            a BETWEEN lo AND 10          | 5    | UNKNOWN
            a BETWEEN lo AND 10          | 11   | FALSE
            a NOT BETWEEN lo AND 10      | 11   | TRUE
            a NOT BETWEEN lo AND 10      | 5    | UNKNOWN
            a BETWEEN 1 + 1 AND 2 * 2    | 4    | TRUE
            """)
    void betweenIsInclusiveAndNotBetweenIsItsComplementExceptForUnknown(String expression, Long a,
            String expected) {
        assertThat(jms(expression, "a", a)).isEqualTo(expected);
    }

    @Test
    void betweenOnUnlikeTypesIsFalseBothWays() {
        assertThat(jms("s BETWEEN 1 AND 10", "s", "5")).isEqualTo("FALSE");
        assertThat(jms("s NOT BETWEEN 1 AND 10", "s", "5")).isEqualTo("FALSE");
        assertThat(jms("d BETWEEN 1 AND 2", "d", 2.0)).isEqualTo("TRUE");
    }

    @ParameterizedTest(name = "{0} with s={1} is {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', nullValues = "null", textBlock = """
            s IN ('a', 'b')          | a    | TRUE
            s IN ('a', 'b')          | c    | FALSE
            s IN ('a', 'b')          | A    | FALSE
            s NOT IN ('a', 'b')      | b    | FALSE
            s NOT IN ('a', 'b')      | c    | TRUE
            s IN ('a', 'b')          | null | UNKNOWN
            s NOT IN ('a', 'b')      | null | UNKNOWN
            s IN ('it''s', '')       | it's | TRUE
            s IN ('a', 'a', 'a')     | a    | TRUE
            """)
    void inCompares(String expression, String s, String expected) {
        assertThat(jms(expression, "s", s)).isEqualTo(expected);
    }

    @Test
    void inWithAnEmptyStringAndALongList() {
        assertThat(jms("s IN ('x', '')", "s", "")).isEqualTo("TRUE");
        String list = IntStream.range(0, 200).mapToObj(i -> "'v" + i + "'").collect(Collectors.joining(","));
        assertThat(jms("s IN (" + list + ")", "s", "v199")).isEqualTo("TRUE");
        assertThat(jms("s IN (" + list + ")", "s", "v200")).isEqualTo("FALSE");
    }

    @Test
    void inOnANonStringIsFalseAndNotInTrueAsTheSpecsEquivalentOrChainSays() {
        // "x NOT IN ('a')" is defined as NOT (x = 'a'), and a number never equals a string.
        assertThat(jms("n IN ('5')", "n", 5L)).isEqualTo("FALSE");
        assertThat(jms("n NOT IN ('5')", "n", 5L)).isEqualTo("TRUE");
        assertThat(jms("b NOT IN ('true')", "b", true)).isEqualTo("TRUE");
    }
}

package io.ferrymq.common.filter;

import static io.ferrymq.common.filter.Filters.jms;
import static io.ferrymq.common.filter.Filters.rocketmq;
import static io.ferrymq.common.filter.Filters.rocketmqMatches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ROCKETMQ dialect against the behaviour of Apache RocketMQ 5's filter module (SelectorParser.jj,
 * ComparisonExpression, UnaryExpression, LogicExpression; a failed evaluation makes the broker's
 * ExpressionMessageFilter answer "no match"). ERROR below is that failure. Properties are strings, as on a broker.
 */
class RocketMqDialectTest {

    @ParameterizedTest(name = "a between 0 and 3 with a={0} is {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', nullValues = "null", textBlock = """
            0        | TRUE
            3        | TRUE
            2        | TRUE
            +2       | TRUE
            02       | TRUE
            4        | FALSE
            -1       | FALSE
            null     | UNKNOWN
            abc      | ERROR
            2.5      | ERROR
            ` 2`     | ERROR
            """)
    void betweenParsesTheStringAsTheBoundsType(String a, String expected) {
        assertThat(rocketmq("a between 0 and 3", "a", a)).isEqualTo(expected);
        assertThat(rocketmqMatches("a between 0 and 3", "a", a)).isEqualTo(expected.equals("TRUE"));
    }

    @ParameterizedTest(name = "{0} with a={1} is {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            a > 5              | 10            | TRUE
            a > 5              | 5             | FALSE
            a > 5              | 9             | TRUE
            a > 5              | 10.5          | ERROR
            a > 5              | 3000000000    | ERROR
            a > 5L             | 3000000000    | ERROR
            a > 3000000000     | 3000000001    | TRUE
            a > 5.0            | 10.5          | TRUE
            a > 5.0            | ` 10 `        | TRUE
            a > 5.0            | 1e1           | TRUE
            a > 5.0            | 0x1p4         | TRUE
            a > 5.0            | 6f            | TRUE
            a > 5.0            | NaN           | TRUE
            a < 5.0            | -Infinity     | TRUE
            a > 5.0            | ten           | ERROR
            5 < a              | 10            | TRUE
            a > -5             | -3            | TRUE
            a = 5              | 5             | TRUE
            a = 5              | 05            | TRUE
            a = 5              | ٥             | TRUE
            a = 5              | 5.0           | ERROR
            a = 5              | abc           | ERROR
            a <> 5             | abc           | ERROR
            a <> 5             | 6             | TRUE
            a = 5.0            | 5             | TRUE
            a = 0.0            | -0.0          | FALSE
            a = '5'            | 5             | TRUE
            a = '5'            | 05            | FALSE
            a = -2147483648    | -2147483648   | TRUE
            a = 2147483647     | 2147483648    | ERROR
            a = 2147483648     | 2147483648    | TRUE
            a = TRUE           | true          | TRUE
            a = TRUE           | TRUE          | TRUE
            a = TRUE           | yes           | FALSE
            a = FALSE          | yes           | TRUE
            a                  | true          | FALSE
            """)
    void aStringPropertyIsParsedAsTheLiteralsJavaType(String expression, String a, String expected) {
        assertThat(rocketmq(expression, "a", a)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} with a={1}, b={2} is {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', nullValues = "null", textBlock = """
            a = b     | 3.14  | 3.14   | TRUE
            a = b     | 3.14  | 3.140  | FALSE
            a <> b    | 3.14  | 3.141  | TRUE
            a > b     | 10    | 9      | TRUE
            a > b     | 10    | 20     | FALSE
            a >= b    | 1e1   | 10     | TRUE
            a > b     | abc   | 1      | ERROR
            a = b     | null  | null   | TRUE
            a <> b    | null  | null   | FALSE
            a > b     | null  | null   | UNKNOWN
            a = b     | x     | null   | FALSE
            a <> b    | x     | null   | TRUE
            a = b     | null  | x      | UNKNOWN
            a <> b    | null  | x      | UNKNOWN
            """)
    void twoStringsAreEqualAsStringsButOrderedAsDoublesAndNullsAreAsymmetric(String expression, String a,
            String b, String expected) {
        assertThat(rocketmq(expression, "a", a, "b", b)).isEqualTo(expected);
    }

    @Test
    void aLiteralOnTheLeftOfEqualsAgainstAMissingPropertyIsFalseNotUnknown() {
        assertThat(rocketmq("'x' = a")).isEqualTo("FALSE");
        assertThat(rocketmq("a = 'x'")).isEqualTo("UNKNOWN");
        assertThat(rocketmqMatches("'x' <> a")).isTrue();
        assertThat(rocketmqMatches("a <> 'x'")).isFalse();
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            a > 5 OR b = 'x'        | ERROR
            b = 'x' OR a > 5        | TRUE
            a > 5 AND b = 'x'       | ERROR
            b = 'y' AND a > 5       | FALSE
            b = 'x' AND a > 5       | ERROR
            missing = 1 AND a > 5   | ERROR
            missing = 1 OR a > 5    | ERROR
            NOT (a > 5)             | ERROR
            NOT NOT (a > 5)         | ERROR
            (a > 5) = TRUE          | ERROR
            (a > 5) IS NULL         | ERROR
            a between 1 and 9 OR b = 'x' | ERROR
            """)
    void aFailedConversionFailsTheWholeExpressionLeftToRightLikeRocketMqsException(String expression,
            String expected) {
        assertThat(rocketmq(expression, "a", "abc", "b", "x")).isEqualTo(expected);
        assertThat(rocketmqMatches(expression, "a", "abc", "b", "x")).isEqualTo(expected.equals("TRUE"));
    }

    @ParameterizedTest(name = "{0} with a={1} is {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', nullValues = "null", textBlock = """
            a CONTAINS 'bc'          | abcd | TRUE
            a CONTAINS 'bc'          | xyz  | FALSE
            a CONTAINS 'bc'          | null | FALSE
            a NOT CONTAINS 'bc'      | xyz  | TRUE
            a NOT CONTAINS 'bc'      | abcd | FALSE
            a NOT CONTAINS 'bc'      | null | FALSE
            a CONTAINS ''            | abcd | FALSE
            a NOT CONTAINS ''        | abcd | FALSE
            NOT (a CONTAINS 'bc')    | null | TRUE
            a STARTSWITH 'ab'        | abcd | TRUE
            a STARTSWITH 'bc'        | abcd | FALSE
            a NOT STARTSWITH 'bc'    | abcd | TRUE
            a NOT STARTSWITH 'ab'    | abcd | FALSE
            a NOT STARTSWITH 'ab'    | null | FALSE
            a ENDSWITH 'cd'          | abcd | TRUE
            a ENDSWITH 'bc'          | abcd | FALSE
            a NOT ENDSWITH 'bc'      | abcd | TRUE
            a NOT ENDSWITH 'cd'      | null | FALSE
            a contains 'BC'          | abcd | FALSE
            a StartsWith 'a' and a endswith 'd' and a not contains 'x' | abcd | TRUE
            a CONTAINS '%'           | 50%  | TRUE
            a CONTAINS '_'           | ab   | FALSE
            a like 'a_c%'            | abcd | TRUE
            """)
    void substringOperators(String expression, String a, String expected) {
        assertThat(rocketmq(expression, "a", a)).isEqualTo(expected);
    }

    @Test
    void substringOperatorsAreIdentifiersInJms() {
        assertThat(jms("contains = 1 AND startswith = 2", "contains", 1L, "startswith", 2L)).isEqualTo("TRUE");
        assertThatThrownBy(() -> FilterExpression.compile("a CONTAINS 'x'", Dialect.JMS))
                .isInstanceOf(FilterSyntaxException.class)
                .hasMessage("FMQ-FILTER-001 at position 3: expected AND, OR or end of input but found "
                        + "identifier 'CONTAINS'");
        assertThatThrownBy(() -> FilterExpression.compile("contains = 1", Dialect.ROCKETMQ))
                .isInstanceOf(FilterSyntaxException.class)
                .hasMessageStartingWith("FMQ-FILTER-001 at position 1: expected an identifier, a literal or '('");
    }

    @Test
    void tagsAndTheExamplesFromRocketMqsDocsAndTests() {
        assertThat(rocketmqMatches("TAGS IN ('A', 'B')", "TAGS", "A")).isTrue();
        assertThat(rocketmqMatches("TAGS IN ('A', 'B')", "TAGS", "C")).isFalse();
        assertThat(rocketmq("TAGS IN ('A', 'B')")).isEqualTo("UNKNOWN");
        assertThat(rocketmq("TAGS NOT IN ('A', 'B')")).isEqualTo("UNKNOWN");
        assertThat(rocketmq("TAGS NOT IN ('A', 'B')", "TAGS", "C")).isEqualTo("TRUE");
        assertThat(rocketmq("TAGS IN ('3')", "TAGS", 3)).isEqualTo("UNKNOWN");
        assertThat(rocketmq("TAGS NOT IN ('3')", "TAGS", 3)).isEqualTo("UNKNOWN");

        String and = "a=3 and b<>4 And c>5 AND d<=4";
        assertThat(rocketmq(and, "a", "3", "b", "5", "c", "6", "d", "1")).isEqualTo("TRUE");
        assertThat(rocketmq(and, "a", "4", "b", "5", "c", "6", "d", "1")).isEqualTo("FALSE");
        assertThat(rocketmq(and, "a", 3, "b", 5, "c", 6, "d", 1)).isEqualTo("TRUE");
        String or = "a=3 or b<>4 Or c>5 OR d<=4";
        assertThat(rocketmq(or, "a", "4", "b", "4", "c", "3", "d", "10")).isEqualTo("FALSE");
        assertThat(rocketmq(or, "a", "4", "b", "4", "c", "3", "d", "2")).isEqualTo("TRUE");
        assertThat(rocketmq("a is null OR a='hello'")).isEqualTo("TRUE");
        assertThat(rocketmq("a is null OR a='hello'", "a", "abc")).isEqualTo("FALSE");
        assertThat(rocketmq("TAGS is not null and TAGS='''''tag'''''", "TAGS", "''tag''")).isEqualTo("TRUE");
        assertThat(rocketmq("a > 3.1E10", "a", String.valueOf(3.1415 * Math.pow(10, 10)))).isEqualTo("TRUE");
        assertThat(rocketmq("a=TRUE OR b=FALSE", "a", "true", "b", "false")).isEqualTo("TRUE");
        assertThat(rocketmq("a=TRUE OR b=FALSE", "a", "false", "b", "true")).isEqualTo("FALSE");
        assertThat(rocketmq("a between 0 and 3 and b='name2'", "a", "1", "b", "name2")).isEqualTo("TRUE");
        assertThat(rocketmq("key is not null and key between 0 and 100", "key", "con")).isEqualTo("ERROR");
    }

    @Test
    void commentsAreSkipped() {
        assertThat(rocketmq("a = 1 -- the first\nAND /* the second */ b = 2 --", "a", "1", "b", "2"))
                .isEqualTo("TRUE");
        assertThat(rocketmq("/**/a/***/=/* ' */1", "a", "1")).isEqualTo("TRUE");
        assertThat(jms("a--1 = 2", "a", 1L)).isEqualTo("TRUE");
        assertThatThrownBy(() -> FilterExpression.compile("a = 1 /* open", Dialect.ROCKETMQ))
                .isInstanceOf(FilterSyntaxException.class)
                .hasMessage("FMQ-FILTER-001 at position 7: the comment that starts here is never closed with '*/'");
    }

    @Test
    void binaryArithmeticIsNotPartOfTheDialectButSignsAre() {
        assertThatThrownBy(() -> FilterExpression.compile("a + 1 > 2", Dialect.ROCKETMQ))
                .isInstanceOf(FilterSyntaxException.class)
                .hasMessage("FMQ-FILTER-001 at position 3: arithmetic ('+' between two operands) is not part of "
                        + "RocketMQ's SQL92 filter");
        assertThatThrownBy(() -> FilterExpression.compile("a > 2 * 3", Dialect.ROCKETMQ))
                .isInstanceOf(FilterSyntaxException.class)
                .extracting(e -> ((FilterSyntaxException) e).position()).isEqualTo(7);
        assertThat(rocketmq("a > -5 AND a < +5 AND -a < 0", "a", "3")).isEqualTo("UNKNOWN");
        assertThat(rocketmq("a > -5 AND a < +5", "a", "3")).isEqualTo("TRUE");
        assertThat(rocketmq("+a = 'x'", "a", "x")).isEqualTo("TRUE");
    }

    @Test
    void isNullTakesAnyOperand() {
        assertThat(rocketmq("'x' IS NULL")).isEqualTo("FALSE");
        assertThat(rocketmq("5 IS NOT NULL")).isEqualTo("TRUE");
        assertThatThrownBy(() -> FilterExpression.compile("5 IS NOT NULL", Dialect.JMS))
                .isInstanceOf(FilterSyntaxException.class)
                .hasMessage("FMQ-FILTER-001 at position 1: the left operand of IS NULL must be an identifier, "
                        + "not a number");
    }

    @Test
    void nonStringValuesCompareByTheirTypes() {
        assertThat(rocketmq("a = 5 AND b = 5.0 AND c = TRUE AND d > 4", "a", 5L, "b", 5.0f, "c", true, "d", 5))
                .isEqualTo("TRUE");
        assertThat(rocketmq("a = b", "a", 5, "b", 5L)).isEqualTo("TRUE");
        assertThat(rocketmq("a < b", "a", 5, "b", 5.5)).isEqualTo("TRUE");
        assertThat(rocketmq("a = 'x'", "a", new Object())).isEqualTo("FALSE");
        assertThat(rocketmq("a > 1", "a", true)).isEqualTo("FALSE");
    }
}

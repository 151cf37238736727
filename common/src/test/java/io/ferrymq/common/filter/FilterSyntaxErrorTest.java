package io.ferrymq.common.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every malformed expression gives a FilterSyntaxException that says what is wrong and where, and nothing else. */
class FilterSyntaxErrorTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            (a = 1                   | 001 | 7  | expected ')' but found end of input
            `a = `                   | 001 | 5  | expected an identifier, a literal or '(' but found end of input
            a = 1 AND                | 001 | 10 | expected an identifier, a literal or '(' but found end of input
            a = 1 AND NOT            | 001 | 14 | expected an identifier, a literal or '(' but found end of input
            ()                       | 001 | 2  | expected an identifier, a literal or '(' but found ')'
            a == 1                   | 001 | 4  | expected an identifier, a literal or '(' but found '='
            a = 1 b = 2              | 001 | 7  | expected AND, OR or end of input but found identifier 'b'
            a = 1)                   | 001 | 6  | expected AND, OR or end of input but found ')'
            a != 1                   | 001 | 3  | '!=' is not an operator here; write '<>' for not equal
            a = "x"                  | 001 | 5  | unexpected character '"'; string literals use single quotes ('text')
            a # 1                    | 001 | 3  | unexpected character '#'
            a = 'x                   | 001 | 5  | the string literal that starts here is never closed with a quote (')
            a = 'it''s               | 001 | 5  | the string literal that starts here is never closed with a quote (')
            a BETWEEN 1 OR 2         | 001 | 13 | expected AND between the bounds of BETWEEN but found keyword OR
            a IN ()                  | 001 | 7  | expected a string literal in the IN list but found ')'
            a IN ('x', 1)            | 001 | 12 | expected a string literal in the IN list but found number 1
            a IN ('x' 'y')           | 001 | 11 | expected ',' or ')' in the IN list but found string literal 'y'
            a IN 'x'                 | 001 | 6  | expected '(' after IN but found string literal 'x'
            5 IN ('a')               | 001 | 1  | the left operand of IN must be an identifier, not a number
            a LIKE b                 | 001 | 8  | expected a string literal pattern after LIKE but found identifier 'b'
            'x' LIKE 'x'             | 001 | 1  | the left operand of LIKE must be an identifier, not a string
            a LIKE 'x' ESCAPE 'ab'   | 001 | 19 | the ESCAPE character must be exactly one character, not string literal 'ab'
            a LIKE 'x' ESCAPE ''     | 001 | 19 | the ESCAPE character must be exactly one character, not string literal ''
            a LIKE 'x' ESCAPE        | 001 | 18 | expected a string literal after ESCAPE but found end of input
            a LIKE 'x!' ESCAPE '!'   | 001 | 8  | the pattern ends with its escape character
            a IS 5                   | 001 | 6  | expected NULL or NOT NULL after IS but found number 5
            a IS NOT 5               | 001 | 10 | expected NULL after IS NOT but found number 5
            a NOT = 1                | 001 | 7  | expected BETWEEN, IN or LIKE after NOT but found '='
            a = NULL                 | 001 | 5  | NULL is not a value; test for it with IS NULL or IS NOT NULL
            a = 12abc                | 001 | 5  | malformed number '12a'
            a = 1.5e3x               | 001 | 5  | malformed number '1.5e3x'
            a = 9223372036854775808  | 001 | 5  | the number 9223372036854775808 does not fit in a long (only its negative does)
            a = 99999999999999999999 | 001 | 5  | the number 99999999999999999999 does not fit in a long
            a = 0x1FFFFFFFFFFFFFFFF  | 001 | 5  | the number 0x1FFFFFFFFFFFFFFFF does not fit in a long
            a = 1e                   | 001 | 5  | the exponent of '1e' has no digits
            a = 1e999                | 001 | 5  | the number 1e999 is too large for a double
            a = 1e39f                | 001 | 5  | the number 1e39f is too large for a float
            a = 1e-999               | 001 | 5  | the number 1e-999 is too small for a double and would round to zero
            a = 09                   | 001 | 5  | '9' is not an octal digit (a number that starts with 0 is octal)
            a = 0x                   | 001 | 5  | a hexadecimal number needs digits after 0x
            a = 0x1.8                | 001 | 5  | a hexadecimal floating-point number needs a binary exponent (p)
            a = 0b                   | 001 | 5  | a binary number needs digits after 0b
            a = 1_                   | 001 | 5  | an underscore in a number must stand between digits
            a = 1__.5                | 001 | 5  | an underscore in a number must stand between digits
            'abc' > 1                | 004 | 1  | > orders numbers, and a string has no order; strings and booleans compare only with = and <>
            a >= TRUE                | 004 | 6  | >= orders numbers, and a condition has no order; strings and booleans compare only with = and <>
            a BETWEEN 'a' AND 'z'    | 004 | 11 | BETWEEN orders numbers, and a string has no order; strings and booleans compare only with = and <>
            NOT 5                    | 004 | 5  | expected a condition (a comparison, TRUE, FALSE or a boolean identifier) but found a number
            5                        | 004 | 1  | expected a condition (a comparison, TRUE, FALSE or a boolean identifier) but found a number
            'x' OR a                 | 004 | 1  | expected a condition (a comparison, TRUE, FALSE or a boolean identifier) but found a string
            a AND b + 1              | 004 | 7  | expected a condition (a comparison, TRUE, FALSE or a boolean identifier) but found a number
            a + 'x' = 1              | 004 | 5  | '+' needs a number, not a string
            (a = 1) * 2 = 2          | 004 | 2  | '*' needs a number, not a condition
            -'x' = 1                 | 004 | 2  | unary '-' needs a number, not a string
            """)
    void jmsErrorsNameThePositionAndTheCause(String text, String code, int position, String reason) {
        FilterSyntaxException e = catchThrowableOfType(FilterSyntaxException.class,
                () -> FilterExpression.compile(text, Dialect.JMS));
        assertThat(e).as(text).isNotNull();
        assertThat(e.code()).isEqualTo("FMQ-FILTER-" + code);
        assertThat(e.position()).isEqualTo(position);
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e).hasMessage("FMQ-FILTER-" + code + " at position " + position + ": " + reason);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            a NOT = 1                | 7  | expected BETWEEN, IN, LIKE, CONTAINS, STARTSWITH or ENDSWITH after NOT but found '='
            a CONTAINS b             | 12 | expected a string literal after CONTAINS but found identifier 'b'
            a STARTSWITH             | 13 | expected a string literal after STARTSWITH but found end of input
            a = 1 /* x               | 7  | the comment that starts here is never closed with '*/'
            a - 1 > 0                | 3  | arithmetic ('-' between two operands) is not part of RocketMQ's SQL92 filter
            a = 1 - 2                | 7  | arithmetic ('-' between two operands) is not part of RocketMQ's SQL92 filter
            """)
    void rocketMqErrorsNameThePositionAndTheCause(String text, int position, String reason) {
        FilterSyntaxException e = catchThrowableOfType(FilterSyntaxException.class,
                () -> FilterExpression.compile(text, Dialect.ROCKETMQ));
        assertThat(e).as(text).isNotNull();
        assertThat(e.position()).isEqualTo(position);
        assertThat(e.reason()).isEqualTo(reason);
    }

    @Test
    void aNonBreakingSpaceIsNotWhitespace() {
        assertThatThrownBy(() -> FilterExpression.compile("a\u00A0= 1", Dialect.JMS))
                .hasMessage("FMQ-FILTER-001 at position 2: unexpected character U+00A0");
    }

    @Test
    void textLongerThanTheLimitIsRejectedUpFront() {
        String longest = "a".repeat(FilterExpression.MAX_LENGTH);
        assertThat(FilterExpression.compile(longest, Dialect.JMS).identifiers()).containsExactly(longest);
        FilterSyntaxException e = catchThrowableOfType(FilterSyntaxException.class,
                () -> FilterExpression.compile(longest + " ", Dialect.JMS));
        assertThat(e.code()).isEqualTo(FilterSyntaxException.TOO_LONG);
        assertThat(e.position()).isEqualTo(FilterExpression.MAX_LENGTH + 1);
        assertThat(e).hasMessage("FMQ-FILTER-002 at position 65537: the expression is 65537 characters long; "
                + "the limit is 65536");
    }

    @Test
    void nestingBeyondTheLimitIsRejectedWithoutOverflowingTheStack() {
        int tooDeep = FilterExpression.MAX_DEPTH + 1;
        assertTooDeep("(".repeat(tooDeep) + "a = 1" + ")".repeat(tooDeep), tooDeep);
        assertTooDeep("NOT ".repeat(tooDeep) + "a", 4 * FilterExpression.MAX_DEPTH + 1);
        assertTooDeep("-".repeat(tooDeep) + "1 = 1", tooDeep);
        // Each "(NOT -" nests three levels; level 101 is the NOT of the 34th group: 33 groups of 6 chars, then 2.
        assertTooDeep("(NOT -".repeat(tooDeep) + "a", 33 * 6 + 2);
        // Far deeper than any stack would allow, within the length limit.
        assertTooDeep("(".repeat(FilterExpression.MAX_LENGTH), tooDeep);
        assertTooDeep("NOT ".repeat(FilterExpression.MAX_LENGTH / 4), 4 * FilterExpression.MAX_DEPTH + 1);
    }

    private static void assertTooDeep(String text, int position) {
        FilterSyntaxException e = catchThrowableOfType(FilterSyntaxException.class,
                () -> FilterExpression.compile(text, Dialect.JMS));
        assertThat(e.code()).isEqualTo(FilterSyntaxException.TOO_DEEP);
        assertThat(e.position()).isEqualTo(position);
        assertThat(e.reason()).isEqualTo("parentheses, NOT and signs are nested more than "
                + FilterExpression.MAX_DEPTH + " deep");
    }
}

package io.ferrymq.common.filter;

import static io.ferrymq.common.filter.Filters.jms;
import static io.ferrymq.common.filter.Filters.jmsMatches;
import static io.ferrymq.common.filter.Filters.rocketmq;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SQL's truth tables for AND, OR and NOT (JMS spec 3.8.1.1), with UNKNOWN coming from a missing property. Each
 * operand is written three ways: a boolean identifier, a comparison in the JMS dialect and one in the RocketMQ
 * dialect, so every path that produces a truth value is covered.
 */
class ThreeValuedLogicTest {

    /** Boolean identifiers: t is TRUE, f is FALSE, u is absent (UNKNOWN). */
    private static final Object[] BOOLEANS = {"t", true, "f", false};
    /** Numbers for comparisons: "(T = 1)" is TRUE, "(F = 1)" FALSE, "(U = 1)" UNKNOWN. */
    private static final Object[] JMS_NUMBERS = {"T", 1L, "F", 2L};
    private static final Object[] ROCKETMQ_STRINGS = {"T", "1", "F", "2"};

    private static String identifier(String operand) {
        return operand.toLowerCase();
    }

    private static String comparison(String operand) {
        return "(" + operand + " = 1)";
    }

    @ParameterizedTest(name = "{0} AND {1} = {2}")
    @CsvSource({
        "T, T, TRUE", "T, F, FALSE", "T, U, UNKNOWN",
        "F, T, FALSE", "F, F, FALSE", "F, U, FALSE",
        "U, T, UNKNOWN", "U, F, FALSE", "U, U, UNKNOWN"})
    void and(String x, String y, String expected) {
        assertThat(jms(identifier(x) + " AND " + identifier(y), BOOLEANS)).isEqualTo(expected);
        assertThat(jms(comparison(x) + " AND " + comparison(y), JMS_NUMBERS)).isEqualTo(expected);
        assertThat(rocketmq(comparison(x) + " AND " + comparison(y), ROCKETMQ_STRINGS)).isEqualTo(expected);
        assertThat(jmsMatches(identifier(x) + " AND " + identifier(y), BOOLEANS)).isEqualTo(expected.equals("TRUE"));
    }

    @ParameterizedTest(name = "{0} OR {1} = {2}")
    @CsvSource({
        "T, T, TRUE", "T, F, TRUE", "T, U, TRUE",
        "F, T, TRUE", "F, F, FALSE", "F, U, UNKNOWN",
        "U, T, TRUE", "U, F, UNKNOWN", "U, U, UNKNOWN"})
    void or(String x, String y, String expected) {
        assertThat(jms(identifier(x) + " OR " + identifier(y), BOOLEANS)).isEqualTo(expected);
        assertThat(jms(comparison(x) + " OR " + comparison(y), JMS_NUMBERS)).isEqualTo(expected);
        assertThat(rocketmq(comparison(x) + " OR " + comparison(y), ROCKETMQ_STRINGS)).isEqualTo(expected);
        assertThat(jmsMatches(identifier(x) + " OR " + identifier(y), BOOLEANS)).isEqualTo(expected.equals("TRUE"));
    }

    @ParameterizedTest(name = "NOT {0} = {1}")
    @CsvSource({"T, FALSE", "F, TRUE", "U, UNKNOWN"})
    void not(String x, String expected) {
        assertThat(jms("NOT " + identifier(x), BOOLEANS)).isEqualTo(expected);
        assertThat(jms("NOT " + comparison(x), JMS_NUMBERS)).isEqualTo(expected);
        assertThat(rocketmq("NOT " + comparison(x), ROCKETMQ_STRINGS)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            t AND t AND u          | UNKNOWN
            t AND u AND f          | FALSE
            f OR u OR f            | UNKNOWN
            f OR u OR t            | TRUE
            NOT (u AND f)          | TRUE
            NOT (u OR t)           | FALSE
            NOT NOT u              | UNKNOWN
            NOT NOT NOT t          | FALSE
            u IS NULL              | TRUE
            u IS NOT NULL          | FALSE
            t IS NULL              | FALSE
            NOT (u IS NULL)        | FALSE
            """)
    void chainsAndNullTests(String expression, String expected) {
        assertThat(jms(expression, BOOLEANS)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            missing = 1            | UNKNOWN
            missing <> 1           | UNKNOWN
            missing > 1            | UNKNOWN
            1 < missing            | UNKNOWN
            missing = missing      | UNKNOWN
            missing + 1 = 2        | UNKNOWN
            -missing < 0           | UNKNOWN
            missing BETWEEN 1 AND 2     | UNKNOWN
            missing NOT BETWEEN 1 AND 2 | UNKNOWN
            missing IN ('a')       | UNKNOWN
            missing NOT IN ('a')   | UNKNOWN
            missing LIKE 'a%'      | UNKNOWN
            missing NOT LIKE 'a%'  | UNKNOWN
            missing                | UNKNOWN
            """)
    void aMissingPropertyMakesTheOperationUnknown(String expression, String expected) {
        assertThat(jms(expression)).isEqualTo(expected);
    }
}

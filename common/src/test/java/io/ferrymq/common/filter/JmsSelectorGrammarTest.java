package io.ferrymq.common.filter;

import static io.ferrymq.common.filter.Filters.jms;
import static io.ferrymq.common.filter.Filters.jmsMatches;
import static io.ferrymq.common.filter.Filters.props;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The JMS 3.1 selector grammar: precedence, associativity, keywords, identifiers, literals, spec examples. */
class JmsSelectorGrammarTest {
    private static final Object[] BOOLEANS = {"t", true, "f", false};

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            t OR f AND f            | TRUE
            f AND f OR t            | TRUE
            (t OR f) AND f          | FALSE
            NOT f AND f             | FALSE
            NOT t OR t              | TRUE
            NOT (t OR t)            | FALSE
            f OR NOT f AND t        | TRUE
            NOT t = f               | TRUE
            NOT t = t               | FALSE
            t = f OR t              | TRUE
            """)
    void notBindsTighterThanAndWhichBindsTighterThanOr(String expression, String expected) {
        assertThat(jms(expression, BOOLEANS)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "1 + 2 * 3 = 7",
        "(1 + 2) * 3 = 9",
        "2 * 3 + 4 = 10",
        "10 - 2 - 3 = 5",
        "100 / 10 / 5 = 2",
        "2 * 3 / 4 = 1",
        "7 / 2 = 3",
        "-7 / 2 = -3",
        "7 / 2.0 = 3.5",
        "-2 * 3 = -6",
        "- - 2 = 2",
        "-(2 + 3) = -5",
        "+2 = 2",
        "10 - -2 = 12",
        "10--2 = 12",
        "a + 1 > 2",
        "a * 2 BETWEEN 5 AND 6",
        "1 + 1 = 2 AND 2 * 2 = 4",
        "NOT a = 4",
        "NOT a + 1 = 5",
        "NOT a BETWEEN 4 AND 5",
        "NOT s LIKE 'x%'",
        "NOT s IN ('x')",
        "NOT s IS NULL"})
    void arithmeticBindsTighterThanComparisonsAndIsLeftAssociative(String expression) {
        assertThat(jms(expression, "a", 3L, "s", "abc")).isEqualTo("TRUE");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "a between 1 and 3", "a BeTwEeN 1 AnD 3", "a not between 4 and 5", "not a = 4",
        "a = 4 or a = 2", "a = 2 and s is not null", "x iS nUlL", "s Is NoT NuLl", "s in ('abc')",
        "s nOt In ('x')", "s like 'a%'", "s LIKE 'a!%' escape '!' OR true", "s not like 'x%'", "TRUE", "true",
        "tRuE", "NOT FaLsE"})
    void keywordsAreCaseInsensitive(String expression) {
        assertThat(jms(expression, "a", 2L, "s", "abc")).isEqualTo("TRUE");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "ORDER = 1", "ISBN = 1", "NOTE = 1", "ANDROID = 1", "INDEX = 1", "NULLABLE = 1", "TRUEVALUE = 1",
        "FALSEHOOD = 1", "LIKES = 1", "BETWEENNESS = 1", "ESCAPED = 1", "OR_ = 1", "_IS = 1", "IS$ = 1",
        "$IN = 1", "contains = 1", "startswith = 1", "ENDSWITH = 1", "ın = 1", "café = 1", "日付 = 1",
        "JMSX_count = 1", "a1b2 = 1"})
    void identifiersMayStartWithOrLookLikeKeywords(String expression) {
        String name = expression.substring(0, expression.indexOf(' '));
        FilterExpression filter = FilterExpression.compile(expression, Dialect.JMS);
        assertThat(filter.identifiers()).containsExactly(name);
        assertThat(filter.matches(props(name, 1L))).isTrue();
    }

    @Test
    void identifiersAreCaseSensitive() {
        assertThat(jms("Color = 'red'", "color", "red")).isEqualTo("UNKNOWN");
        assertThat(jms("color = 'red'", "color", "red")).isEqualTo("TRUE");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "a = 31 AND 0x1F = a AND 0X1f = a AND 037 = a AND 0b11111 = a AND 0B11111L = a",
        "1_000 = 1000 AND 0x7fff_ffff = 2147483647 AND 0_17 = 15",
        "5L = 5 AND 5l = 5",
        "9223372036854775807 = 9223372036854775807L",
        "-9223372036854775808 < -9223372036854775807",
        "0xFFFFFFFFFFFFFFFF = -1 AND 0x8000000000000000 = -9223372036854775808",
        "01777777777777777777777 = -1",
        "7. = 7 AND .5 = 0.5 AND 1e3 = 1000 AND 1E-3 = 0.001 AND 1.5e+2 = 150 AND 2.5E1 = 25",
        "1d = 1 AND 1D = 1.0 AND 1.5f = 1.5 AND 1.5F = 1.5",
        "1.1F <> 1.1 AND f = 1.1F",
        "0x1.8p1 = 3 AND 0x10P-4 = 1.0 AND 0x1p0f = 1",
        "1_0.2_5 = 10.25",
        "09.5 = 9.5 AND 09e1 = 90",
        "1 = 1.0 AND 2 > 1.5 AND 1.5 < 2",
        "'it''s' = s AND '' = e AND '''' = q",
        "'ünïcödé 日本 😀' = u"})
    void literalsFollowJavaSyntax(String expression) {
        assertThat(jms(expression, "a", 31L, "f", (double) 1.1f, "s", "it's", "e", "", "q", "'",
                "u", "ünïcödé 日本 😀")).isEqualTo("TRUE");
    }

    @Test
    void theSpecsOwnExamples() {
        String car = "JMSType = 'car' AND color = 'blue' AND weight > 2500";
        assertThat(jmsMatches(car, "JMSType", "car", "color", "blue", "weight", 3000)).isTrue();
        assertThat(jmsMatches(car, "JMSType", "car", "color", "blue", "weight", 2500L)).isFalse();
        assertThat(jmsMatches(car, "JMSType", "car", "color", "red", "weight", 3000L)).isFalse();
        assertThat(jmsMatches(car, "JMSType", "car", "color", "blue")).isFalse();

        assertThat(jmsMatches("phone LIKE '12%3'", "phone", "123")).isTrue();
        assertThat(jmsMatches("phone LIKE '12%3'", "phone", "12993")).isTrue();
        assertThat(jmsMatches("phone LIKE '12%3'", "phone", "1234")).isFalse();
        assertThat(jmsMatches("phone NOT LIKE '12%3'", "phone", "1234")).isTrue();
        assertThat(jmsMatches("phone NOT LIKE '12%3'", "phone", "123")).isFalse();
        assertThat(jmsMatches("word LIKE 'l_se'", "word", "lose")).isTrue();
        assertThat(jmsMatches("word LIKE 'l_se'", "word", "loose")).isFalse();
        assertThat(jmsMatches("underscored LIKE '\\_%' ESCAPE '\\'", "underscored", "_foo")).isTrue();
        assertThat(jmsMatches("underscored LIKE '\\_%' ESCAPE '\\'", "underscored", "bar")).isFalse();

        assertThat(jmsMatches("age BETWEEN 15 AND 19", "age", 15)).isTrue();
        assertThat(jmsMatches("age BETWEEN 15 AND 19", "age", 19L)).isTrue();
        assertThat(jmsMatches("age BETWEEN 15 AND 19", "age", 14)).isFalse();
        assertThat(jmsMatches("age BETWEEN 15 AND 19", "age", 20)).isFalse();
        assertThat(jmsMatches("age NOT BETWEEN 15 AND 19", "age", 14)).isTrue();
        assertThat(jmsMatches("age NOT BETWEEN 15 AND 19", "age", 17)).isFalse();

        assertThat(jmsMatches("Country IN ('UK', 'US', 'France')", "Country", "UK")).isTrue();
        assertThat(jmsMatches("Country IN ('UK', 'US', 'France')", "Country", "Peru")).isFalse();
        assertThat(jmsMatches("Country NOT IN ('UK', 'US', 'France')", "Country", "UK")).isFalse();
        assertThat(jmsMatches("Country NOT IN ('UK', 'US', 'France')", "Country", "Peru")).isTrue();

        assertThat(jmsMatches("prop_name IS NULL")).isTrue();
        assertThat(jmsMatches("prop_name IS NOT NULL", "prop_name", "x")).isTrue();
    }

    @Test
    void aBooleanIdentifierIsACondition() {
        assertThat(jms("urgent", "urgent", true)).isEqualTo("TRUE");
        assertThat(jms("urgent", "urgent", false)).isEqualTo("FALSE");
        assertThat(jms("urgent")).isEqualTo("UNKNOWN");
        assertThat(jms("urgent", "urgent", "true")).isEqualTo("FALSE");
        assertThat(jms("urgent", "urgent", 1L)).isEqualTo("FALSE");
        assertThat(jms("urgent = TRUE", "urgent", true)).isEqualTo("TRUE");
        assertThat(jms("(a > 1) = TRUE", "a", 2L)).isEqualTo("TRUE");
        assertThat(jms("(a > 1) = (b > 1)", "a", 2L, "b", 0L)).isEqualTo("FALSE");
        assertThat(jms("(a > 1) <> (b > 1)", "a", 2L)).isEqualTo("UNKNOWN");
    }

    @Test
    void identifiersAreListedOnceInOrderOfFirstAppearance() {
        FilterExpression filter = FilterExpression.compile(
                "JMSType = 'car' AND (color = 'blue' OR weight > 2500) AND color <> 'red' AND JMSPriority > 4",
                Dialect.JMS);
        assertThat(filter.identifiers()).containsExactly("JMSType", "color", "weight", "JMSPriority");
        assertThatThrownBy(() -> filter.identifiers().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(FilterExpression.compile("TRUE", Dialect.JMS).identifiers()).isEmpty();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "\t\r\n\f  "})
    void aNullOrBlankSelectorMatchesEverything(String text) {
        for (Dialect dialect : Dialect.values()) {
            FilterExpression filter = FilterExpression.compile(text, dialect);
            assertThat(filter.isMatchAll()).isTrue();
            assertThat(filter).isSameAs(FilterExpression.matchAll(dialect));
            assertThat(filter.dialect()).isEqualTo(dialect);
            assertThat(filter.matches(PropertySource.EMPTY)).isTrue();
            assertThat(filter.matches(null)).isTrue();
            assertThat(filter.identifiers()).isEmpty();
        }
        assertThat(FilterExpression.compile("TRUE", Dialect.JMS).isMatchAll()).isFalse();
    }

    @Test
    void aNullPropertySourceHasNoValues() {
        FilterExpression filter = FilterExpression.compile("a IS NULL", Dialect.JMS);
        assertThat(filter.matches(null)).isTrue();
        assertThat(filter.text()).isEqualTo("a IS NULL");
        assertThat(filter).hasToString("JMS filter [a IS NULL]");
    }

    @Test
    void longChainsDoNotRecursePerOperand() {
        StringBuilder and = new StringBuilder("a = 1");
        StringBuilder or = new StringBuilder("a = 2");
        StringBuilder sum = new StringBuilder("1");
        while (and.length() < FilterExpression.MAX_LENGTH - 20) {
            and.append(" AND a = 1");
            or.append(" OR a = 2");
        }
        int terms = 1;
        while (sum.length() < FilterExpression.MAX_LENGTH - 20) {
            sum.append("+1");
            terms++;
        }
        or.append(" OR a = 1");
        sum.append(" = ").append(terms);
        assertThat(jms(and.toString(), "a", 1L)).isEqualTo("TRUE");
        assertThat(jms(or.toString(), "a", 1L)).isEqualTo("TRUE");
        assertThat(jms(sum.toString())).isEqualTo("TRUE");
    }

    /** The limit is chosen so its deepest expression needs well under half of Java's default 1 MiB stack. */
    @Test
    void theDeepestExpressionsCompileAndEvaluateOnAHalfSizeStack() throws InterruptedException {
        int depth = FilterExpression.MAX_DEPTH;
        List<String> deepest = List.of(
                "(".repeat(depth) + "a = 1" + ")".repeat(depth),
                "(".repeat(depth) + "a = 1" + " AND t)".repeat(depth),
                "-(".repeat(depth / 2) + "a" + ")".repeat(depth / 2) + " = 1",
                "NOT (".repeat(depth / 2) + "a = 1" + ")".repeat(depth / 2));
        List<String> outcomes = new ArrayList<>();
        Thread thread = new Thread(null, () -> {
            for (String text : deepest) {
                try {
                    outcomes.add(jms(text, "a", 1L, "t", true));
                } catch (Throwable e) {
                    outcomes.add(e.toString());
                }
            }
        }, "small-stack", 512 * 1024);
        thread.start();
        thread.join();
        assertThat(outcomes).containsExactly("TRUE", "TRUE", "TRUE", "TRUE");
    }

    @Test
    void nestingUpToTheLimitWorks() {
        int depth = FilterExpression.MAX_DEPTH;
        String parens = "(".repeat(depth) + "a = 1" + ")".repeat(depth);
        String nots = "NOT ".repeat(depth) + "a = 1";
        assertThat(jms(parens, "a", 1L)).isEqualTo("TRUE");
        assertThat(jms(nots, "a", 1L)).isEqualTo("TRUE");
        assertThat(jms("-".repeat(depth) + "a = 1", "a", 1L)).isEqualTo("TRUE");
        assertThat(jms("-".repeat(depth - 1) + "a = 1", "a", 1L)).isEqualTo("FALSE");
    }
}

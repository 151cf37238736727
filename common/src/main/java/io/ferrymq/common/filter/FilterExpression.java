package io.ferrymq.common.filter;

import java.util.Objects;
import java.util.Set;

/**
 * A compiled filter: a Jakarta Messaging message selector or an Apache RocketMQ SQL92 property filter, depending
 * on its {@link Dialect}. Compile once with {@link #compile}, then call {@link #matches} per message: evaluation
 * walks an immutable tree, never throws, and allocates nothing except boxed results of arithmetic. Three-valued
 * logic throughout: a message matches only when the expression is TRUE, never when it is FALSE or UNKNOWN (as
 * with a missing property).
 *
 * <p>Immutable and therefore safe to share between threads; one instance can serve every consumer that uses the
 * same text.
 */
public final class FilterExpression {
    /** Longest expression text accepted, in chars. */
    public static final int MAX_LENGTH = 64 * 1024;
    /**
     * Deepest nesting of parentheses, NOT and unary signs accepted, so hostile input cannot exhaust the stack.
     * The parser recurses per level and uses about 2 KiB of stack per level (measured, interpreted and JIT), so
     * the limit needs some 256 KiB, well inside Java's default 1 MiB thread stack; real selectors nest a few levels.
     */
    public static final int MAX_DEPTH = 100;

    private static final FilterExpression MATCH_ALL_JMS = matchAllOf(Dialect.JMS);
    private static final FilterExpression MATCH_ALL_ROCKETMQ = matchAllOf(Dialect.ROCKETMQ);

    private final String text;
    private final Dialect dialect;
    private final Condition root;
    private final Set<String> identifiers;

    private FilterExpression(String text, Dialect dialect, Condition root, Set<String> identifiers) {
        this.text = text;
        this.dialect = dialect;
        this.root = root;
        this.identifiers = identifiers;
    }

    private static FilterExpression matchAllOf(Dialect dialect) {
        return new FilterExpression("", dialect, new Constant(1, true), Set.of());
    }

    /**
     * Compiles {@code text}. A null, empty or whitespace-only text means "no filter" (the JMS convention, and
     * RocketMQ's for {@code bySql(null)}) and gives {@link #matchAll(Dialect)}.
     *
     * @throws FilterSyntaxException when the text is not a valid expression of {@code dialect}
     */
    public static FilterExpression compile(String text, Dialect dialect) {
        Objects.requireNonNull(dialect, "dialect");
        if (isBlank(text)) {
            return matchAll(dialect);
        }
        if (text.length() > MAX_LENGTH) {
            throw new FilterSyntaxException(FilterSyntaxException.TOO_LONG, MAX_LENGTH + 1, "the expression is "
                    + text.length() + " characters long; the limit is " + MAX_LENGTH);
        }
        Parser.Result result = Parser.parse(text, dialect);
        return new FilterExpression(text, dialect, result.condition(), result.identifiers());
    }

    /** The expression that matches every message: what a null or blank text compiles to. */
    public static FilterExpression matchAll(Dialect dialect) {
        return Objects.requireNonNull(dialect, "dialect") == Dialect.JMS ? MATCH_ALL_JMS : MATCH_ALL_ROCKETMQ;
    }

    /**
     * Whether the expression is TRUE for the values {@code properties} supplies; a null source has no values.
     * Throws only what the source itself throws.
     */
    public boolean matches(PropertySource properties) {
        return evaluate(properties) == Truth.TRUE;
    }

    /** The {@link Truth} value, for tests that tell FALSE, UNKNOWN and ERROR apart. */
    int evaluate(PropertySource properties) {
        return root.test(properties == null ? PropertySource.EMPTY : properties);
    }

    /**
     * The identifiers the expression reads, in order of first appearance; a JMS layer uses it to see which header
     * fields to supply. Unmodifiable.
     */
    public Set<String> identifiers() {
        return identifiers;
    }

    /** Whether this is the no-filter expression of a null or blank text. */
    public boolean isMatchAll() {
        return this == MATCH_ALL_JMS || this == MATCH_ALL_ROCKETMQ;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The text this was compiled from; empty for {@link #matchAll}. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return dialect + " filter [" + text + "]";
    }

    private static boolean isBlank(String text) {
        if (text == null) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!Lexer.isWhitespace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}

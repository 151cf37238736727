package io.ferrymq.common.filter;

/**
 * A filter expression that cannot be compiled: bad syntax, an operand of the wrong type where that is known
 * before evaluation, a selector longer than {@link FilterExpression#MAX_LENGTH} chars or nested deeper than
 * {@link FilterExpression#MAX_DEPTH}. It is the only exception {@link FilterExpression#compile} throws for bad
 * text, whatever the text. The message reads {@code FMQ-FILTER-001 at position 14: expected ')' but found end of
 * input}. Immutable; safe to share.
 */
public final class FilterSyntaxException extends RuntimeException {
    /** Malformed text: an unexpected token or character, a bad literal. */
    public static final String SYNTAX = "FMQ-FILTER-001";
    /** The selector is longer than {@link FilterExpression#MAX_LENGTH} chars. */
    public static final String TOO_LONG = "FMQ-FILTER-002";
    /** Parentheses, NOT or signs nested deeper than {@link FilterExpression#MAX_DEPTH}. */
    public static final String TOO_DEEP = "FMQ-FILTER-003";
    /** An operand whose type can never work with its operator, such as {@code 'abc' > 1} or {@code NOT 5}. */
    public static final String TYPE = "FMQ-FILTER-004";

    private final String code;
    private final int position;
    private final String reason;

    FilterSyntaxException(String code, int position, String reason) {
        super(code + " at position " + position + ": " + reason);
        this.code = code;
        this.position = position;
        this.reason = reason;
    }

    /** The stable error code, one of the constants of this class. */
    public String code() {
        return code;
    }

    /** 1-based char position in the expression text where the problem is; text length + 1 for end of input. */
    public int position() {
        return position;
    }

    /** What is wrong, without the code and position, e.g. {@code expected ')' but found end of input}. */
    public String reason() {
        return reason;
    }
}

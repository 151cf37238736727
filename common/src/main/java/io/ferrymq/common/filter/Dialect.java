package io.ferrymq.common.filter;

/**
 * Which language a filter expression is written in and how its values are compared. Chosen at
 * {@link FilterExpression#compile compile time}: grammar and comparison rules travel together, so an expression
 * always evaluates the way the client that wrote it expects. docs/filters.md has the full rules.
 */
public enum Dialect {
    /**
     * A Jakarta Messaging 3.1 message selector (spec section 3.8.1.1) over typed values: strings, booleans, exact
     * numbers (Byte, Short, Integer, Long, widened to long) and approximate numbers (Float, Double, widened to
     * double). Values of unlike types never compare equal or ordered: the comparison is FALSE, as the spec says;
     * a missing value makes it UNKNOWN. Integer overflow and integer division by zero give UNKNOWN.
     */
    JMS,

    /**
     * Apache RocketMQ's SQL92 property filter ({@code MessageSelector.bySql}) over message properties, which are
     * strings. Adds {@code [NOT] CONTAINS}, {@code [NOT] STARTSWITH}, {@code [NOT] ENDSWITH} and SQL comments and
     * compares as RocketMQ 5 does: a string against a number literal is parsed as that literal's Java type
     * (int when the literal fits an int, else long, or double), two strings ordered with {@code < > <= >=} are
     * parsed as doubles, and a string that does not parse makes the whole expression fail to match (RocketMQ
     * throws and drops the message). Binary arithmetic is not part of this dialect.
     */
    ROCKETMQ;

    /** Whether CONTAINS, STARTSWITH and ENDSWITH are keywords and operators. */
    boolean hasSubstringOperators() {
        return this == ROCKETMQ;
    }

    /** Whether {@code -- line} and {@code /* block *}{@code /} comments are skipped. */
    boolean allowsComments() {
        return this == ROCKETMQ;
    }

    /** Whether {@code + - * /} between two operands are allowed (unary signs always are). */
    boolean allowsBinaryArithmetic() {
        return this == JMS;
    }

    /** Whether IS [NOT] NULL needs an identifier on its left, as the JMS grammar says; RocketMQ takes any operand. */
    boolean requiresIdentifierBeforeIsNull() {
        return this == JMS;
    }

    /**
     * The run-time value of an exact numeric literal. RocketMQ narrows literals that fit an int to Integer, and
     * that type decides how a string property is parsed when compared with it; JMS treats every exact number as
     * a long.
     */
    Number exactLiteral(long value) {
        if (this == ROCKETMQ && value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            return (int) value;
        }
        return value;
    }
}

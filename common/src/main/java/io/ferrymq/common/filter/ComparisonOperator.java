package io.ferrymq.common.filter;

/** The six comparison operators, and which results of a three-way compare each accepts. */
enum ComparisonOperator {
    EQUAL("="),
    NOT_EQUAL("<>"),
    LESS("<"),
    LESS_OR_EQUAL("<="),
    GREATER(">"),
    GREATER_OR_EQUAL(">=");

    final String symbol;

    ComparisonOperator(String symbol) {
        this.symbol = symbol;
    }

    /** Whether the operator orders its operands, which only numbers support (strings and booleans: = and <>). */
    boolean isOrdering() {
        return this != EQUAL && this != NOT_EQUAL;
    }

    /** The outcome for a three-way comparison result (negative, zero or positive, as from compareTo). */
    boolean accepts(int comparison) {
        return switch (this) {
            case EQUAL -> comparison == 0;
            case NOT_EQUAL -> comparison != 0;
            case LESS -> comparison < 0;
            case LESS_OR_EQUAL -> comparison <= 0;
            case GREATER -> comparison > 0;
            case GREATER_OR_EQUAL -> comparison >= 0;
        };
    }

    /** The outcome for two doubles with Java's primitive operators, so NaN is unordered and -0.0 equals 0.0. */
    boolean accepts(double x, double y) {
        return switch (this) {
            case EQUAL -> x == y;
            case NOT_EQUAL -> x != y;
            case LESS -> x < y;
            case LESS_OR_EQUAL -> x <= y;
            case GREATER -> x > y;
            case GREATER_OR_EQUAL -> x >= y;
        };
    }
}

package io.ferrymq.common.filter;

/**
 * A comparison with Apache RocketMQ 5's rules (its filter module's ComparisonExpression), for string properties:
 * <ul>
 * <li>a string against a number is parsed as that number's Java type: {@code Integer.valueOf} for an Integer
 *     (every literal that fits an int), {@code Long.valueOf} for a Long, {@code Double.valueOf} for a Double; a
 *     string against a boolean is {@code Boolean.valueOf}. A string that does not parse is an ERROR: RocketMQ
 *     throws, and the message does not match;</li>
 * <li>two strings are equal only as strings ({@code '3.0' <> '3'}), but ordered with {@code < <= > >=} as doubles,
 *     ERROR when either does not parse;</li>
 * <li>numbers compare as RocketMQ's {@code compareTo} does, so {@code -0.0 < 0.0} and NaN equals NaN;</li>
 * <li>{@code =} with an absent left operand is UNKNOWN, with an absent right operand FALSE, with both absent TRUE;
 *     {@code <>} is its negation. An ordering with an absent operand is UNKNOWN.</li>
 * </ul>
 * Values of other types compare only among themselves; mismatches are FALSE.
 */
final class RocketMqComparison extends Comparison {
    /** {@link #compare} result for values RocketMQ cannot bring to one type. */
    private static final int INCOMPARABLE = Integer.MIN_VALUE;
    /** {@link #compare} result for a string that does not parse as the other operand's type. */
    private static final int UNPARSEABLE = Integer.MAX_VALUE;

    RocketMqComparison(ComparisonOperator operator, ValueNode left, ValueNode right) {
        super(operator, left, right);
    }

    @Override
    int test(PropertySource properties) {
        Object l = left.evaluate(properties);
        if (l == ValueNode.EVALUATION_FAILED) {
            return Truth.ERROR;
        }
        if (operator.isOrdering() && l == null) {
            return Truth.UNKNOWN; // RocketMQ returns before it evaluates the right side
        }
        Object r = right.evaluate(properties);
        if (r == ValueNode.EVALUATION_FAILED) {
            return Truth.ERROR;
        }
        if (operator.isOrdering()) {
            return r == null ? Truth.UNKNOWN : order(l, r);
        }
        int equal = equal(l, r);
        return operator == ComparisonOperator.EQUAL ? equal : Truth.not(equal);
    }

    private int equal(Object l, Object r) {
        if (l == null) {
            return r == null ? Truth.TRUE : Truth.UNKNOWN;
        }
        if (r == null) {
            return Truth.FALSE;
        }
        if (l.equals(r)) {
            return Truth.TRUE;
        }
        if (l instanceof String && r instanceof String) {
            return Truth.FALSE;
        }
        int comparison = compare(l, r);
        if (comparison == UNPARSEABLE) {
            return Truth.ERROR;
        }
        return Truth.of(comparison == 0);
    }

    private int order(Object l, Object r) {
        int comparison;
        if (l instanceof String ls && r instanceof String rs) {
            if (!JavaNumberText.isDouble(ls) || !JavaNumberText.isDouble(rs)) {
                return Truth.ERROR;
            }
            comparison = Double.compare(Double.parseDouble(ls), Double.parseDouble(rs));
        } else {
            comparison = compare(l, r);
        }
        if (comparison == UNPARSEABLE) {
            return Truth.ERROR;
        }
        return comparison == INCOMPARABLE ? Truth.FALSE : Truth.of(operator.accepts(comparison));
    }

    /** Three-way compare after RocketMQ's conversions, or {@link #INCOMPARABLE} / {@link #UNPARSEABLE}. */
    private static int compare(Object l, Object r) {
        Kind lk = Kind.of(l);
        Kind rk = Kind.of(r);
        if (lk == Kind.STRING && rk != Kind.STRING) {
            return compareParsed((String) l, rk, r);
        }
        if (rk == Kind.STRING && lk != Kind.STRING) {
            int reversed = compareParsed((String) r, lk, l);
            return reversed == INCOMPARABLE || reversed == UNPARSEABLE ? reversed : -reversed;
        }
        if (lk == rk) {
            return compareSameKind(lk, l, r);
        }
        if (lk.isNumeric() && rk.isNumeric()) {
            return compareSameKind(lk == Kind.DOUBLE || rk == Kind.DOUBLE ? Kind.DOUBLE : Kind.LONG, l, r);
        }
        return INCOMPARABLE;
    }

    /** {@code s} converted to {@code kind} with that type's valueOf, compared with {@code other}; no boxing. */
    private static int compareParsed(String s, Kind kind, Object other) {
        return switch (kind) {
            case INT -> JavaNumberText.isInt(s)
                    ? Long.compare(Integer.parseInt(s), ((Number) other).longValue()) : UNPARSEABLE;
            case LONG -> JavaNumberText.isLong(s)
                    ? Long.compare(Long.parseLong(s), ((Number) other).longValue()) : UNPARSEABLE;
            case DOUBLE -> JavaNumberText.isDouble(s)
                    ? Double.compare(Double.parseDouble(s), ((Number) other).doubleValue()) : UNPARSEABLE;
            case BOOLEAN -> Boolean.compare(Boolean.parseBoolean(s), (Boolean) other);
            case STRING, OTHER -> INCOMPARABLE;
        };
    }

    private static int compareSameKind(Kind kind, Object l, Object r) {
        return switch (kind) {
            case INT, LONG -> Long.compare(((Number) l).longValue(), ((Number) r).longValue());
            case DOUBLE -> Double.compare(((Number) l).doubleValue(), ((Number) r).doubleValue());
            case BOOLEAN -> Boolean.compare((Boolean) l, (Boolean) r);
            case STRING -> Integer.signum(((String) l).compareTo((String) r));
            case OTHER -> INCOMPARABLE;
        };
    }

    /** The types RocketMQ's conversion table distinguishes. */
    private enum Kind {
        STRING, BOOLEAN, INT, LONG, DOUBLE, OTHER;

        static Kind of(Object value) {
            if (value instanceof String) {
                return STRING;
            }
            if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
                return INT;
            }
            if (value instanceof Long) {
                return LONG;
            }
            if (Numbers.isApproximate(value)) {
                return DOUBLE;
            }
            return value instanceof Boolean ? BOOLEAN : OTHER;
        }

        boolean isNumeric() {
            return this == INT || this == LONG || this == DOUBLE;
        }
    }
}

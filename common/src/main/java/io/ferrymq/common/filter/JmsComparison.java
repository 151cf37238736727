package io.ferrymq.common.filter;

/**
 * A comparison with the Jakarta Messaging rules (spec 3.8.1.1): an absent operand makes it UNKNOWN; two numbers
 * compare after Java's binary numeric promotion (long, or double if either is approximate, with the primitive
 * operators, so NaN equals nothing); strings and booleans support only = and <>; values of unlike types (a string
 * and a number, a boolean ordered with >) make the comparison FALSE, whatever the operator, as the spec says.
 */
final class JmsComparison extends Comparison {
    JmsComparison(ComparisonOperator operator, ValueNode left, ValueNode right) {
        super(operator, left, right);
    }

    @Override
    int test(PropertySource properties) {
        Object l = left.evaluate(properties);
        Object r = right.evaluate(properties);
        if (l == null || r == null) {
            return Truth.UNKNOWN;
        }
        if (l == ValueNode.EVALUATION_FAILED || r == ValueNode.EVALUATION_FAILED) {
            return Truth.ERROR;
        }
        return compare(operator, l, r);
    }

    static int compare(ComparisonOperator operator, Object l, Object r) {
        if (Numbers.isExact(l) && Numbers.isExact(r)) {
            return Truth.of(operator.accepts(Long.compare(((Number) l).longValue(), ((Number) r).longValue())));
        }
        if (Numbers.isNumber(l) && Numbers.isNumber(r)) {
            return Truth.of(operator.accepts(((Number) l).doubleValue(), ((Number) r).doubleValue()));
        }
        boolean likeTypes = (l instanceof String && r instanceof String)
                || (l instanceof Boolean && r instanceof Boolean);
        if (!likeTypes || operator.isOrdering()) {
            return Truth.FALSE;
        }
        return Truth.of(l.equals(r) == (operator == ComparisonOperator.EQUAL));
    }
}

package io.ferrymq.common.filter;

/**
 * {@code x [NOT] LIKE 'pattern' [ESCAPE 'c']} with the pattern compiled once. An absent x is UNKNOWN; an x that
 * is not a string does not match, so LIKE is FALSE and NOT LIKE, its negation, is TRUE.
 */
final class LikeTest extends Condition {
    private final ValueNode operand;
    private final LikePattern pattern;
    private final boolean negated;

    LikeTest(int position, ValueNode operand, LikePattern pattern, boolean negated) {
        super(position);
        this.operand = operand;
        this.pattern = pattern;
        this.negated = negated;
    }

    @Override
    int test(PropertySource properties) {
        Object value = operand.evaluate(properties);
        if (value instanceof String s) {
            return Truth.of(pattern.matches(s) != negated);
        }
        if (value == null) {
            return Truth.UNKNOWN;
        }
        return value == ValueNode.EVALUATION_FAILED ? Truth.ERROR : Truth.of(negated);
    }
}

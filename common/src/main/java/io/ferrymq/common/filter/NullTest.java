package io.ferrymq.common.filter;

/** {@code x IS NULL} and {@code x IS NOT NULL}: never UNKNOWN, since absence is exactly what it asks about. */
final class NullTest extends Condition {
    private final ValueNode operand;
    private final boolean negated;

    NullTest(int position, ValueNode operand, boolean negated) {
        super(position);
        this.operand = operand;
        this.negated = negated;
    }

    @Override
    int test(PropertySource properties) {
        Object value = operand.evaluate(properties);
        if (value == ValueNode.EVALUATION_FAILED) {
            return Truth.ERROR;
        }
        return Truth.of((value == null) != negated);
    }
}

package io.ferrymq.common.filter;

import java.util.Set;

/**
 * {@code x [NOT] IN ('a', 'b', ...)}. An absent x is UNKNOWN. For an x that is not a string the dialects differ:
 * JMS defines IN as {@code x = 'a' OR x = 'b' ...} and a comparison of unlike types as FALSE, so IN is FALSE and
 * NOT IN is TRUE; RocketMQ answers UNKNOWN for both.
 */
final class InList extends Condition {
    private final ValueNode operand;
    private final Set<String> elements;
    private final boolean negated;
    private final int nonStringTruth;

    InList(int position, ValueNode operand, Set<String> elements, boolean negated, Dialect dialect) {
        super(position);
        this.operand = operand;
        this.elements = Set.copyOf(elements);
        this.negated = negated;
        this.nonStringTruth = dialect == Dialect.JMS ? Truth.of(negated) : Truth.UNKNOWN;
    }

    @Override
    int test(PropertySource properties) {
        Object value = operand.evaluate(properties);
        if (value instanceof String s) {
            return Truth.of(elements.contains(s) != negated);
        }
        if (value == null) {
            return Truth.UNKNOWN;
        }
        return value == ValueNode.EVALUATION_FAILED ? Truth.ERROR : nonStringTruth;
    }
}

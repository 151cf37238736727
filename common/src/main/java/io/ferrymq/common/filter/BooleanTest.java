package io.ferrymq.common.filter;

/**
 * An identifier used as a condition, as in {@code urgent AND ...}: TRUE or FALSE when the value is a Boolean,
 * UNKNOWN when it is absent, FALSE for any other type (a string "true" is not a boolean, in RocketMQ either).
 */
final class BooleanTest extends Condition {
    private final ValueNode operand;

    BooleanTest(ValueNode operand) {
        super(operand.position);
        this.operand = operand;
    }

    @Override
    int test(PropertySource properties) {
        Object value = operand.evaluate(properties);
        if (value instanceof Boolean b) {
            return Truth.of(b);
        }
        if (value == null) {
            return Truth.UNKNOWN;
        }
        return value == ValueNode.EVALUATION_FAILED ? Truth.ERROR : Truth.FALSE;
    }
}

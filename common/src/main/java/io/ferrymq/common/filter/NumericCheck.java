package io.ferrymq.common.filter;

/**
 * Unary plus over a non-constant operand in the JMS dialect: the value itself when it is a number, UNKNOWN
 * otherwise, because arithmetic on a non-number has no value.
 */
final class NumericCheck extends ValueNode {
    private final ValueNode operand;

    NumericCheck(int position, ValueNode operand) {
        super(position);
        this.operand = operand;
    }

    @Override
    Object evaluate(PropertySource properties) {
        Object value = operand.evaluate(properties);
        return Numbers.isNumber(value) ? value : null;
    }

    @Override
    StaticType staticType() {
        return StaticType.NUMBER;
    }
}

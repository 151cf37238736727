package io.ferrymq.common.filter;

/**
 * Unary minus over a non-constant operand (minus on a literal is folded at compile time). Keeps the operand's
 * kind: Integer/Short/Byte give Integer (RocketMQ decides string coercion by it), Long gives Long, Float/Double
 * give Double. A non-number, and the negation of Long.MIN_VALUE, which has no long result, are UNKNOWN.
 */
final class Negation extends ValueNode {
    private final ValueNode operand;

    Negation(int position, ValueNode operand) {
        super(position);
        this.operand = operand;
    }

    @Override
    Object evaluate(PropertySource properties) {
        return negate(operand.evaluate(properties));
    }

    static Object negate(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            int i = ((Number) value).intValue();
            return i == Integer.MIN_VALUE ? (Object) (-(long) i) : (Object) (-i);
        }
        if (value instanceof Long) {
            long l = (Long) value;
            return l == Long.MIN_VALUE ? null : (Object) (-l);
        }
        if (Numbers.isApproximate(value)) {
            return -((Number) value).doubleValue();
        }
        return value == EVALUATION_FAILED ? value : null;
    }

    @Override
    StaticType staticType() {
        return StaticType.NUMBER;
    }
}

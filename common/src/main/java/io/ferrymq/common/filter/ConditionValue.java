package io.ferrymq.common.filter;

/**
 * A condition used where a value is expected, as in {@code (a > 1) = TRUE}: TRUE and FALSE become Booleans,
 * UNKNOWN becomes null.
 */
final class ConditionValue extends ValueNode {
    final Condition condition;

    ConditionValue(Condition condition) {
        super(condition.position);
        this.condition = condition;
    }

    @Override
    Object evaluate(PropertySource properties) {
        return switch (condition.test(properties)) {
            case Truth.TRUE -> Boolean.TRUE;
            case Truth.FALSE -> Boolean.FALSE;
            case Truth.ERROR -> EVALUATION_FAILED;
            default -> null;
        };
    }

    @Override
    StaticType staticType() {
        return StaticType.BOOLEAN;
    }
}

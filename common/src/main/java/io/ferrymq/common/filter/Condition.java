package io.ferrymq.common.filter;

/** A node that evaluates to a {@link Truth} value: comparisons, logic, IN, LIKE, IS NULL and friends. */
abstract class Condition extends Node {

    Condition(int position) {
        super(position);
    }

    /** One of the {@link Truth} constants. Never throws. */
    abstract int test(PropertySource properties);

    @Override
    final StaticType staticType() {
        return StaticType.BOOLEAN;
    }
}

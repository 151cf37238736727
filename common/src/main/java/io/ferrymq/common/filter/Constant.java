package io.ferrymq.common.filter;

/** The literal TRUE or FALSE used as a condition, and the match-all expression of a blank selector. */
final class Constant extends Condition {
    private final int truth;

    Constant(int position, boolean value) {
        super(position);
        this.truth = Truth.of(value);
    }

    @Override
    int test(PropertySource properties) {
        return truth;
    }
}

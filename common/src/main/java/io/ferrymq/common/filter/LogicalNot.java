package io.ferrymq.common.filter;

/** {@code NOT c}: swaps TRUE and FALSE, keeps UNKNOWN (and ERROR). */
final class LogicalNot extends Condition {
    private final Condition operand;

    LogicalNot(int position, Condition operand) {
        super(position);
        this.operand = operand;
    }

    @Override
    int test(PropertySource properties) {
        return Truth.not(operand.test(properties));
    }
}

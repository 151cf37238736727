package io.ferrymq.common.filter;

/** A comparison of two values; the subclass is the dialect's rules for absent values and unlike types. */
abstract class Comparison extends Condition {
    final ComparisonOperator operator;
    final ValueNode left;
    final ValueNode right;

    Comparison(ComparisonOperator operator, ValueNode left, ValueNode right) {
        super(left.position);
        this.operator = operator;
        this.left = left;
        this.right = right;
    }

    /** The comparison with {@code dialect}'s rules. */
    static Comparison of(Dialect dialect, ComparisonOperator operator, ValueNode left, ValueNode right) {
        return dialect == Dialect.JMS ? new JmsComparison(operator, left, right)
                : new RocketMqComparison(operator, left, right);
    }
}

package io.ferrymq.common.filter;

/** A node that evaluates to a value: a literal, an identifier, arithmetic, or a condition used as a value. */
abstract class ValueNode extends Node {
    /**
     * Returned in place of a value when evaluating it failed the RocketMQ way (see {@link Truth#ERROR}); every
     * consumer turns it into ERROR. Compared by identity only.
     */
    static final Object EVALUATION_FAILED = new Object() {
        @Override
        public String toString() {
            return "EVALUATION_FAILED";
        }
    };

    ValueNode(int position) {
        super(position);
    }

    /** The value, {@code null} for SQL NULL / UNKNOWN, or {@link #EVALUATION_FAILED}. Never throws. */
    abstract Object evaluate(PropertySource properties);
}

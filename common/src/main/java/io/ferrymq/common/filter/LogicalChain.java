package io.ferrymq.common.filter;

/**
 * {@code c1 AND c2 AND ...} or {@code c1 OR c2 OR ...}, flattened into one node so a long chain evaluates in a
 * loop. Left to right, stopping at the first operand that decides the result (FALSE for AND, TRUE for OR) or at
 * an ERROR, as RocketMQ's exception would; otherwise UNKNOWN if any operand was, else TRUE for AND and FALSE for
 * OR: exactly SQL's truth tables.
 */
final class LogicalChain extends Condition {
    private final Condition[] operands;
    private final int decisive;
    private final int otherwise;

    private LogicalChain(Condition[] operands, int decisive, int otherwise) {
        super(operands[0].position);
        this.operands = operands;
        this.decisive = decisive;
        this.otherwise = otherwise;
    }

    static LogicalChain and(Condition... operands) {
        return new LogicalChain(operands, Truth.FALSE, Truth.TRUE);
    }

    static LogicalChain or(Condition... operands) {
        return new LogicalChain(operands, Truth.TRUE, Truth.FALSE);
    }

    @Override
    int test(PropertySource properties) {
        boolean unknown = false;
        for (Condition operand : operands) {
            int truth = operand.test(properties);
            if (truth == decisive || truth == Truth.ERROR) {
                return truth;
            }
            unknown |= truth == Truth.UNKNOWN;
        }
        return unknown ? Truth.UNKNOWN : otherwise;
    }
}

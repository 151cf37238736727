package io.ferrymq.common.filter;

/**
 * A left-associative run of one precedence level, {@code a + b - c} or {@code a * b / c}, evaluated in a loop so
 * a long chain cannot overflow the stack. Java's binary numeric promotion decides the arithmetic: two exact
 * numbers give a long, anything with an approximate number gives a double (IEEE semantics, so x / 0.0 is an
 * infinity or NaN). Where Java's long arithmetic would wrap around or throw, the result is UNKNOWN instead: an
 * overflowing +, -, * or /, and integer division by zero. A non-number operand is UNKNOWN too. Results are
 * boxed; this is the one evaluation path that allocates.
 */
final class ArithmeticChain extends ValueNode {
    private final ValueNode[] operands;
    /** operators[i] combines the running result with operands[i + 1]: one of '+', '-', '*', '/'. */
    private final char[] operators;

    ArithmeticChain(ValueNode[] operands, char[] operators) {
        super(operands[0].position);
        if (operators.length != operands.length - 1) {
            throw new IllegalArgumentException(operands.length + " operands need " + (operands.length - 1)
                    + " operators, not " + operators.length);
        }
        this.operands = operands;
        this.operators = operators;
    }

    @Override
    Object evaluate(PropertySource properties) {
        Object result = operands[0].evaluate(properties);
        for (int i = 0; i < operators.length && result != null; i++) {
            result = apply(operators[i], result, operands[i + 1].evaluate(properties));
        }
        return result;
    }

    static Object apply(char operator, Object left, Object right) {
        if (Numbers.isExact(left) && Numbers.isExact(right)) {
            return exact(operator, ((Number) left).longValue(), ((Number) right).longValue());
        }
        if (Numbers.isNumber(left) && Numbers.isNumber(right)) {
            return approximate(operator, ((Number) left).doubleValue(), ((Number) right).doubleValue());
        }
        return null;
    }

    private static Long exact(char operator, long x, long y) {
        long r;
        switch (operator) {
            case '+' -> {
                r = x + y;
                if (((x ^ r) & (y ^ r)) < 0) {
                    return null;
                }
            }
            case '-' -> {
                r = x - y;
                if (((x ^ y) & (x ^ r)) < 0) {
                    return null;
                }
            }
            case '*' -> {
                r = x * y;
                if (Math.multiplyHigh(x, y) != (r >> 63)) {
                    return null;
                }
            }
            case '/' -> {
                if (y == 0 || (x == Long.MIN_VALUE && y == -1)) {
                    return null;
                }
                r = x / y;
            }
            default -> throw new IllegalStateException("not an arithmetic operator: " + operator);
        }
        return r;
    }

    private static Double approximate(char operator, double x, double y) {
        return switch (operator) {
            case '+' -> x + y;
            case '-' -> x - y;
            case '*' -> x * y;
            case '/' -> x / y;
            default -> throw new IllegalStateException("not an arithmetic operator: " + operator);
        };
    }

    @Override
    StaticType staticType() {
        return StaticType.NUMBER;
    }
}

package io.ferrymq.common.filter;

/**
 * The truth values a condition evaluates to, as plain ints so evaluation allocates nothing. TRUE, FALSE and
 * UNKNOWN are SQL's three values; ERROR is RocketMQ's evaluation failure (a property that does not parse as the
 * number it is compared with), which, like the exception RocketMQ throws, passes through NOT and ends AND/OR at
 * once, so the expression does not match. Only the ROCKETMQ dialect produces ERROR. Stateless.
 */
final class Truth {
    static final int FALSE = 0;
    static final int TRUE = 1;
    static final int UNKNOWN = 2;
    static final int ERROR = 3;

    private Truth() {
    }

    static int of(boolean value) {
        return value ? TRUE : FALSE;
    }

    static int not(int truth) {
        if (truth == TRUE) {
            return FALSE;
        }
        return truth == FALSE ? TRUE : truth;
    }

    static String name(int truth) {
        return switch (truth) {
            case FALSE -> "FALSE";
            case TRUE -> "TRUE";
            case UNKNOWN -> "UNKNOWN";
            case ERROR -> "ERROR";
            default -> throw new IllegalArgumentException("not a truth value: " + truth);
        };
    }
}

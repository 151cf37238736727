package io.ferrymq.common.filter;

/**
 * Classifies run-time values as the selector spec does: exact numbers (Byte, Short, Integer, Long, handled as
 * long) and approximate numbers (Float, Double, handled as double). Other Number types (BigDecimal, atomics) are
 * not message property types and count as neither. Stateless.
 */
final class Numbers {
    private Numbers() {
    }

    static boolean isExact(Object value) {
        return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
    }

    static boolean isApproximate(Object value) {
        return value instanceof Double || value instanceof Float;
    }

    static boolean isNumber(Object value) {
        return isExact(value) || isApproximate(value);
    }
}

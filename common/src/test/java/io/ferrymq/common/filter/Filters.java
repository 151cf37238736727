package io.ferrymq.common.filter;

import java.util.HashMap;
import java.util.Map;

/** Test shorthand: compile, evaluate against name/value pairs, and name the truth value. */
final class Filters {
    private Filters() {
    }

    /** Properties from alternating names and values: {@code props("a", 1L, "b", "x")}. */
    static PropertySource props(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must pair up");
        }
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return PropertySource.of(map);
    }

    /** TRUE, FALSE, UNKNOWN or ERROR. */
    static String truth(Dialect dialect, String expression, Object... namesAndValues) {
        return Truth.name(FilterExpression.compile(expression, dialect).evaluate(props(namesAndValues)));
    }

    static String jms(String expression, Object... namesAndValues) {
        return truth(Dialect.JMS, expression, namesAndValues);
    }

    static String rocketmq(String expression, Object... namesAndValues) {
        return truth(Dialect.ROCKETMQ, expression, namesAndValues);
    }

    static boolean jmsMatches(String expression, Object... namesAndValues) {
        return FilterExpression.compile(expression, Dialect.JMS).matches(props(namesAndValues));
    }

    static boolean rocketmqMatches(String expression, Object... namesAndValues) {
        return FilterExpression.compile(expression, Dialect.ROCKETMQ).matches(props(namesAndValues));
    }
}

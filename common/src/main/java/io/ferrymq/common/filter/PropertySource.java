package io.ferrymq.common.filter;

import java.util.Map;

/**
 * Where a {@link FilterExpression} reads the values its identifiers name: message properties, and for JMS the
 * header fields a selector may reference. {@code null} means the value is absent, which the expression treats as
 * SQL NULL (UNKNOWN in comparisons).
 *
 * <p>Values the engine understands: {@link String}, {@link Boolean}, {@link Byte}, {@link Short},
 * {@link Integer}, {@link Long}, {@link Float} and {@link Double}. Any other type never compares equal to
 * anything. An implementation is called on the thread that calls {@link FilterExpression#matches}; it may be
 * called several times for the same name during one evaluation.
 */
@FunctionalInterface
public interface PropertySource {

    /** A source with no values at all. */
    PropertySource EMPTY = name -> null;

    /** The value of {@code name}, or {@code null} when the message has none. */
    Object get(String name);

    /** A source backed by {@code properties}; the map is read, never copied, at evaluation time. */
    static PropertySource of(Map<String, ?> properties) {
        return properties::get;
    }
}

package io.ferrymq.common.message;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Encodes and parses the properties string of a record: {@code name \u0001 value \u0002} per entry.
 * Stateless; safe from any thread.
 */
public final class MessageProperties {
    public static final char NAME_VALUE_SEPARATOR = '\u0001';
    public static final char PROPERTY_SEPARATOR = '\u0002';

    private MessageProperties() {
    }

    public static String encode(Map<String, String> properties) {
        if (properties == null || properties.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(properties.size() * 16);
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                continue;
            }
            sb.append(e.getKey()).append(NAME_VALUE_SEPARATOR).append(e.getValue()).append(PROPERTY_SEPARATOR);
        }
        return sb.toString();
    }

    /**
     * {@code properties} ending with a separator, so more entries can be appended: RocketMQ 5 clients send the
     * string without the trailing one, and appending to that would glue the next name to the last value.
     */
    public static String terminated(String properties) {
        if (properties == null || properties.isEmpty()) {
            return "";
        }
        return properties.charAt(properties.length() - 1) == PROPERTY_SEPARATOR ? properties
                : properties + PROPERTY_SEPARATOR;
    }

    /** Parses leniently, as the official clients do: fragments without a separator are skipped. */
    public static Map<String, String> decode(String properties) {
        Map<String, String> map = new LinkedHashMap<>();
        if (properties == null || properties.isEmpty()) {
            return map;
        }
        int start = 0;
        int len = properties.length();
        while (start < len) {
            int end = properties.indexOf(PROPERTY_SEPARATOR, start);
            if (end < 0) {
                end = len;
            }
            int sep = properties.indexOf(NAME_VALUE_SEPARATOR, start);
            if (sep > start && sep < end) {
                map.put(properties.substring(start, sep), properties.substring(sep + 1, end));
            }
            start = end + 1;
        }
        return map;
    }

    /** Finds one property without building a map; used on the append path. */
    public static String find(String properties, String name) {
        if (properties == null || properties.isEmpty()) {
            return null;
        }
        int from = 0;
        int len = properties.length();
        while (from < len) {
            int end = properties.indexOf(PROPERTY_SEPARATOR, from);
            if (end < 0) {
                end = len;
            }
            int nameEnd = from + name.length();
            if (nameEnd < end && properties.charAt(nameEnd) == NAME_VALUE_SEPARATOR
                    && properties.startsWith(name, from)) {
                return properties.substring(nameEnd + 1, end);
            }
            from = end + 1;
        }
        return null;
    }
}

package io.ferrymq.common.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Binds seed-style properties ({@code key=value}) onto typed configuration objects. Every non-static,
 * non-transient field of a target is a key, named exactly as the field. Values that do not parse fail
 * with a {@link ConfigException} naming the key and the expected type; keys no target knows are
 * returned so the caller can report them. Stateless; safe from any thread.
 */
public final class ConfigBinder {

    private ConfigBinder() {
    }

    /**
     * Binds {@code properties} onto {@code targets}; a key known to several targets is set on all of them.
     *
     * @return the keys none of the targets knows, sorted
     */
    public static Set<String> bind(Properties properties, Object... targets) {
        Map<String, List<Binding>> bindings = new LinkedHashMap<>();
        for (Object target : targets) {
            for (Field field : keysOf(target.getClass())) {
                bindings.computeIfAbsent(field.getName(), k -> new ArrayList<>()).add(new Binding(target, field));
            }
        }
        Set<String> unknown = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            List<Binding> targetsOfKey = bindings.get(key.trim());
            if (targetsOfKey == null) {
                unknown.add(key);
                continue;
            }
            String raw = properties.getProperty(key).trim();
            for (Binding binding : targetsOfKey) {
                binding.set(raw);
            }
        }
        return unknown;
    }

    /** Renders a target as {@code key=value} lines, the same form {@link #bind} reads. */
    public static Properties toProperties(Object target) {
        Properties p = new Properties();
        for (Field field : keysOf(target.getClass())) {
            try {
                Object value = field.get(target);
                if (value != null) {
                    p.setProperty(field.getName(), String.valueOf(value));
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return p;
    }

    private static List<Field> keysOf(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                int mod = f.getModifiers();
                if (Modifier.isStatic(mod) || Modifier.isTransient(mod) || f.isSynthetic()) {
                    continue;
                }
                f.setAccessible(true);
                fields.add(f);
            }
        }
        return fields;
    }

    private record Binding(Object target, Field field) {
        void set(String raw) {
            Object value = parse(field.getName(), field.getType(), raw);
            try {
                field.set(target, value);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object parse(String key, Class<?> type, String raw) {
        try {
            if (type == String.class) {
                return raw;
            } else if (type == int.class || type == Integer.class) {
                return Integer.parseInt(raw);
            } else if (type == long.class || type == Long.class) {
                return Long.parseLong(raw);
            } else if (type == double.class || type == Double.class) {
                return Double.parseDouble(raw);
            } else if (type == boolean.class || type == Boolean.class) {
                if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
                    return Boolean.parseBoolean(raw);
                }
                throw new IllegalArgumentException("not true/false");
            } else if (type.isEnum()) {
                return Enum.valueOf((Class<Enum>) type, raw.toUpperCase(Locale.ROOT));
            }
        } catch (IllegalArgumentException e) {
            String expected = type.isEnum() ? "one of " + java.util.Arrays.toString(type.getEnumConstants())
                    : type.getSimpleName();
            throw new ConfigException("FMQ-CFG-002 config key '" + key + "' has value '" + raw
                    + "', expected " + expected);
        }
        throw new IllegalStateException("config field " + key + " has unsupported type " + type);
    }
}

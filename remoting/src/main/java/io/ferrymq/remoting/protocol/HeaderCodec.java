package io.ferrymq.remoting.protocol;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps typed header classes to and from a command's string ext fields, as RocketMQ does: every
 * non-static field (superclasses included) under its Java name, values as {@code toString()} text.
 * A {@link Required} field that is absent or does not parse makes decoding fail with a message naming
 * the field; an optional field that does not parse keeps its default. Field tables are cached per
 * class; safe from any thread.
 */
public final class HeaderCodec {
    private static final Map<Class<?>, HeaderField[]> FIELDS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, Constructor<?>> CONSTRUCTORS = new ConcurrentHashMap<>();

    private HeaderCodec() {
    }

    private record HeaderField(Field field, String name, Class<?> type, boolean required) {
    }

    static void encodeInto(Object header, RemotingCommand command) {
        if (header == null) {
            return;
        }
        HashMap<String, String> ext = command.extFields();
        if (ext == null) {
            ext = new HashMap<>();
            command.extFields(ext);
        }
        for (HeaderField f : fieldsOf(header.getClass())) {
            try {
                Object value = f.field().get(header);
                if (value != null) {
                    ext.put(f.name(), value.toString());
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static <T> T decode(Map<String, String> ext, Class<T> type) throws RemotingCommandException {
        T header = instantiate(type);
        for (HeaderField f : fieldsOf(type)) {
            String raw = ext == null ? null : ext.get(f.name());
            if (raw == null) {
                if (f.required()) {
                    throw new RemotingCommandException("the custom field <" + f.name() + "> is null");
                }
                continue;
            }
            Object value;
            try {
                value = parse(f.type(), raw.trim());
            } catch (IllegalArgumentException e) {
                if (f.required()) {
                    throw new RemotingCommandException("the custom field <" + f.name() + "> has value '"
                            + abbreviate(raw) + "', expected " + f.type().getSimpleName());
                }
                continue;
            }
            try {
                f.field().set(header, value);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return header;
    }

    private static String abbreviate(String raw) {
        return raw.length() <= 64 ? raw : raw.substring(0, 64) + "...";
    }

    private static Object parse(Class<?> type, String raw) {
        if (type == String.class) {
            return raw;
        } else if (type == Integer.class || type == int.class) {
            return Integer.parseInt(raw);
        } else if (type == Long.class || type == long.class) {
            return Long.parseLong(raw);
        } else if (type == Boolean.class || type == boolean.class) {
            return Boolean.parseBoolean(raw);
        } else if (type == Short.class || type == short.class) {
            return Short.parseShort(raw);
        } else if (type == Double.class || type == double.class) {
            return Double.parseDouble(raw);
        }
        throw new IllegalStateException("unsupported header field type " + type);
    }

    @SuppressWarnings("unchecked")
    private static <T> T instantiate(Class<T> type) {
        Constructor<?> c = CONSTRUCTORS.computeIfAbsent(type, t -> {
            try {
                Constructor<?> ctor = t.getDeclaredConstructor();
                ctor.setAccessible(true);
                return ctor;
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("header class " + t + " needs a no-argument constructor", e);
            }
        });
        try {
            return (T) c.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create header " + type, e);
        }
    }

    private static HeaderField[] fieldsOf(Class<?> type) {
        return FIELDS.computeIfAbsent(type, t -> {
            List<HeaderField> fields = new ArrayList<>();
            for (Class<?> c = t; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic() || f.getName().startsWith("this")) {
                        continue;
                    }
                    f.setAccessible(true);
                    fields.add(new HeaderField(f, f.getName(), f.getType(), f.isAnnotationPresent(Required.class)));
                }
            }
            return fields.toArray(new HeaderField[0]);
        });
    }
}

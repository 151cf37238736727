package io.ferrymq.common.json;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A JSON object: an insertion-ordered map from keys to tree values, with typed getters for hand-written body
 * mapping. Values are what {@link Json#parse(String)} produces ({@code JsonObject}, {@code List<Object>},
 * {@code String}, {@code Long}/{@code BigInteger}, {@code Double}/{@code BigDecimal}, {@code Boolean}, null)
 * or anything {@link Json#write(Object)} can write.
 *
 * <p>Keys are normally {@code String}s. fastjson writes a {@code Map<MessageQueue,X>} with a JSON object as the
 * key ({@code {{"brokerName":"b","queueId":0,"topic":"t"}:100}}); such a key is a {@code JsonObject}. A
 * {@code JsonObject} used as a key is <em>frozen</em>: it and the objects and lists inside it become immutable,
 * so its hash cannot change while a map holds it. Numbers, booleans, characters and enums given as keys are
 * stored as their text ({@code put(0, x)} stores key {@code "0"}, as the parser does for {@code {0:x}}).
 *
 * <p>Equality is by content, order-insensitive (like {@code Map.equals}); hashes are keyed per process (see
 * {@code JsonHash}) so object keys from the network cannot be made to collide.
 *
 * <p>Not thread-safe for writers: fill it in one thread. Once published safely, a tree that nobody modifies any
 * more (such as a freshly parsed one) may be read from any number of threads. A frozen instance is immutable.
 */
public final class JsonObject {
    private Map<Object, Object> map = Collections.emptyMap();
    private boolean frozen;
    private long hash; // set by freeze(), before the object can be shared

    public JsonObject() {
    }

    public int size() {
        return map.size();
    }

    public boolean isEmpty() {
        return map.isEmpty();
    }

    /** Whether {@code key} is present (with any value, JSON null included). Keys are matched as in {@link #get}. */
    public boolean containsKey(Object key) {
        return map.containsKey(lookupKey(key));
    }

    /**
     * The raw value under {@code key}, or null if absent or JSON null. The key is a String or a JsonObject;
     * numbers, booleans, chars and enums are looked up by their text ({@code get(0)} finds {@code {0:"a"}}).
     */
    public Object get(Object key) {
        return map.get(lookupKey(key));
    }

    /**
     * Stores {@code value} under {@code key} and returns this object. An existing key keeps its position.
     *
     * @throws IllegalArgumentException if the key is null or of an unsupported type, or the value cannot be written
     * @throws UnsupportedOperationException if this object is frozen (it is, or is inside, a map key)
     */
    public JsonObject put(Object key, Object value) {
        if (frozen) {
            throw new UnsupportedOperationException("a JsonObject used as a map key is immutable");
        }
        Object k = normalizeKey(key);
        Object v = normalizeValue(value);
        if (map.isEmpty() && !(map instanceof LinkedHashMap)) {
            map = new LinkedHashMap<>();
        }
        map.put(k, v);
        return this;
    }

    /** Removes {@code key}; returns its previous value or null. */
    public Object remove(Object key) {
        if (frozen) {
            throw new UnsupportedOperationException("a JsonObject used as a map key is immutable");
        }
        return map.isEmpty() ? null : map.remove(lookupKey(key));
    }

    /** Read-only view of the entries in insertion order. */
    public Set<Map.Entry<Object, Object>> entries() {
        return Collections.unmodifiableMap(map).entrySet();
    }

    /** Read-only view of the keys in insertion order. */
    public Set<Object> keys() {
        return Collections.unmodifiableSet(map.keySet());
    }

    /** Read-only view of the whole object as a map. */
    public Map<Object, Object> asMap() {
        return Collections.unmodifiableMap(map);
    }

    /** True once this object is (or is inside) a map key; it can then no longer change. */
    public boolean isFrozen() {
        return frozen;
    }

    /** The string under {@code key}; numbers and booleans are given as their text. Null if absent or null. */
    public String getString(String key) {
        return getString(key, null);
    }

    public String getString(String key, String defaultValue) {
        Object v = map.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Number || v instanceof Boolean || v instanceof Character) {
            return v.toString();
        }
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        throw wrongType(key, "a string", v);
    }

    /**
     * The value under {@code key} as a long. Accepts integral numbers, numbers with an integral value
     * ({@code 10.0}) and strings holding a JSON number ({@code "12"}, as in extFields). Absent, null,
     * {@code ""} and {@code "null"} give {@code defaultValue}.
     *
     * @throws JsonException for another type, a fraction or a value outside the long range
     */
    public long getLong(String key, long defaultValue) {
        Number n = number(key);
        return n == null ? defaultValue : JsonNumbers.toLong(n, key);
    }

    /** Like {@link #getLong(String, long)} with the int range. */
    public int getInt(String key, int defaultValue) {
        Number n = number(key);
        if (n == null) {
            return defaultValue;
        }
        long l = JsonNumbers.toLong(n, key);
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            throw new JsonException("key \"" + key + "\": " + l + " is outside the int range");
        }
        return (int) l;
    }

    /** The value under {@code key} as a double; numbers or numeric strings. */
    public double getDouble(String key, double defaultValue) {
        Number n = number(key);
        return n == null ? defaultValue : n.doubleValue();
    }

    /**
     * The value under {@code key} as a boolean. Accepts {@code true}/{@code false}, the strings
     * {@code "true"}/{@code "false"} (any case) and {@code "1"}/{@code "0"}, and the numbers 1 and 0, as fastjson
     * does. Absent, null, {@code ""} and {@code "null"} give {@code defaultValue}.
     */
    public boolean getBoolean(String key, boolean defaultValue) {
        Object v = map.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            if (s.isEmpty() || s.equals("null")) {
                return defaultValue;
            }
            if (s.equalsIgnoreCase("true") || s.equals("1")) {
                return true;
            }
            if (s.equalsIgnoreCase("false") || s.equals("0")) {
                return false;
            }
        } else if (v instanceof Number n && (n.doubleValue() == 0 || n.doubleValue() == 1)) {
            return n.doubleValue() == 1;
        }
        throw wrongType(key, "a boolean", v);
    }

    /** The object under {@code key}, or null if absent or null. */
    public JsonObject getObject(String key) {
        Object v = map.get(key);
        if (v == null || v instanceof JsonObject) {
            return (JsonObject) v;
        }
        throw wrongType(key, "an object", v);
    }

    /** The array under {@code key}, or null if absent or null. */
    @SuppressWarnings("unchecked")
    public List<Object> getArray(String key) {
        Object v = map.get(key);
        if (v == null || v instanceof List) {
            return (List<Object>) v;
        }
        throw wrongType(key, "an array", v);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof JsonObject other)) {
            return false;
        }
        if (frozen && other.frozen && hash != other.hash) {
            return false;
        }
        return map.equals(other.map);
    }

    @Override
    public int hashCode() {
        long h = hash64();
        return (int) (h ^ (h >>> 32));
    }

    /** The JSON text of this object (insertion order). */
    @Override
    public String toString() {
        return Json.write(this);
    }

    /** Deep keyed hash; computed once when frozen, on every call otherwise. */
    long hash64() {
        return frozen ? hash : JsonHash.ofEntries(map);
    }

    /** Package-private: the parser's insert, which skips value normalization (parsed values are already fine). */
    void putParsed(Object key, Object value) {
        if (key instanceof JsonObject o) {
            o.freeze();
        }
        if (map.isEmpty() && !(map instanceof LinkedHashMap)) {
            map = new LinkedHashMap<>();
        }
        map.put(key, value);
    }

    Map<Object, Object> map() {
        return map;
    }

    /**
     * Makes this object and the objects and lists in its values immutable. Keys are already frozen and frozen
     * objects are not visited again, so freezing a whole parsed tree costs time linear in its size.
     */
    void freeze() {
        if (frozen) {
            return;
        }
        for (Map.Entry<Object, Object> e : map.entrySet()) {
            Object v = e.getValue();
            if (v instanceof JsonObject o) {
                o.freeze();
            } else if (v instanceof List<?> list) {
                e.setValue(frozenList(list));
            }
        }
        hash = JsonHash.ofEntries(map); // nested objects are frozen now and answer from their cached hash
        frozen = true;
    }

    private static List<Object> frozenList(List<?> list) {
        List<Object> copy = new ArrayList<>(list.size());
        for (Object element : list) {
            if (element instanceof JsonObject o) {
                o.freeze();
                copy.add(o);
            } else if (element instanceof List<?> inner) {
                copy.add(frozenList(inner));
            } else {
                copy.add(element);
            }
        }
        return Collections.unmodifiableList(copy);
    }

    private Number number(String key) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n;
        }
        if (v instanceof String s) {
            if (s.isEmpty() || s.equals("null")) {
                return null;
            }
            Number n = JsonNumbers.parse(s);
            if (n != null) {
                return n;
            }
        }
        throw wrongType(key, "a number", v);
    }

    private static JsonException wrongType(String key, String expected, Object found) {
        return new JsonException("key \"" + key + "\": expected " + expected + ", found " + describe(found));
    }

    static String describe(Object v) {
        if (v instanceof JsonObject) {
            return "an object";
        }
        if (v instanceof List) {
            return "an array";
        }
        if (v instanceof String s) {
            return s.length() <= 32 ? "the string \"" + s + "\"" : "a string of " + s.length() + " chars";
        }
        return v instanceof Boolean || v instanceof Number ? String.valueOf(v) : v.getClass().getSimpleName();
    }

    /** Scalar keys become their text, as the parser stores {@code {0:"a"}} under "0"; other keys stay as given. */
    private static Object lookupKey(Object key) {
        if (key instanceof Number || key instanceof Boolean || key instanceof Character
                || (key instanceof CharSequence && !(key instanceof String))) {
            return key.toString();
        }
        return key instanceof Enum<?> e ? e.name() : key;
    }

    private static Object normalizeKey(Object key) {
        Object k = lookupKey(key);
        if (k instanceof String) {
            return k;
        }
        if (k instanceof JsonObject o) {
            o.freeze();
            return o;
        }
        throw new IllegalArgumentException(key == null ? "null key" : "unsupported key type " + key.getClass().getName());
    }

    private static Object normalizeValue(Object v) {
        if (v == null || v instanceof String || v instanceof Long || v instanceof Boolean || v instanceof JsonObject
                || v instanceof Double || v instanceof List) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte
                || v instanceof AtomicInteger || v instanceof AtomicLong) {
            return ((Number) v).longValue();
        }
        if (v instanceof CharSequence) {
            return v.toString();
        }
        if (v instanceof Number || v instanceof Character || v instanceof Enum
                || v instanceof Map || v instanceof Collection || v.getClass().isArray()) {
            return v;
        }
        throw new IllegalArgumentException("cannot hold a " + v.getClass().getName() + " in a JsonObject");
    }
}

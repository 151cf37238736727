package io.ferrymq.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JMS map message: named typed values read back with the conversions of spec 3.11.3. Readable at any time; writable
 * until received, and again after {@link #clearBody()}. Not thread-safe (see {@link FerryMessage}).
 */
public class FerryMapMessage extends FerryMessage implements MapMessage {
    private Map<String, Object> entries = new LinkedHashMap<>();

    public FerryMapMessage() {
    }

    /** A message holding these entries (owned from now on), as received: read-only. */
    FerryMapMessage(Map<String, Object> entries) {
        this.entries = entries;
        bodyReadOnly = true;
    }

    /** The entries, for the codec; not to be changed. */
    Map<String, Object> bodyEntries() {
        return entries;
    }

    @Override
    public void clearBody() throws JMSException {
        super.clearBody();
        entries = new LinkedHashMap<>();
    }

    // ---------------------------------------------------------------- reading

    @Override
    public boolean getBoolean(String name) throws JMSException {
        return ValueConversions.toBoolean(entries.get(name));
    }

    @Override
    public byte getByte(String name) throws JMSException {
        return ValueConversions.toByte(entries.get(name));
    }

    @Override
    public short getShort(String name) throws JMSException {
        return ValueConversions.toShort(entries.get(name));
    }

    @Override
    public char getChar(String name) throws JMSException {
        return ValueConversions.toChar(entries.get(name));
    }

    @Override
    public int getInt(String name) throws JMSException {
        return ValueConversions.toInt(entries.get(name));
    }

    @Override
    public long getLong(String name) throws JMSException {
        return ValueConversions.toLong(entries.get(name));
    }

    @Override
    public float getFloat(String name) throws JMSException {
        return ValueConversions.toFloat(entries.get(name));
    }

    @Override
    public double getDouble(String name) throws JMSException {
        return ValueConversions.toDouble(entries.get(name));
    }

    @Override
    public String getString(String name) throws JMSException {
        return ValueConversions.toText(entries.get(name));
    }

    @Override
    public byte[] getBytes(String name) throws JMSException {
        return ValueConversions.toBytes(entries.get(name));
    }

    /** The value as set; a byte[] comes back as a copy. */
    @Override
    public Object getObject(String name) {
        Object v = entries.get(name);
        return v instanceof byte[] bytes ? bytes.clone() : v;
    }

    @Override
    public Enumeration<String> getMapNames() {
        return Collections.enumeration(new ArrayList<>(entries.keySet()));
    }

    @Override
    public boolean itemExists(String name) {
        return entries.containsKey(name);
    }

    // ---------------------------------------------------------------- writing

    @Override
    public void setBoolean(String name, boolean value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setByte(String name, byte value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setShort(String name, short value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setChar(String name, char value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setInt(String name, int value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setLong(String name, long value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setFloat(String name, float value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setDouble(String name, double value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setString(String name, String value) throws JMSException {
        put(name, value);
    }

    /** Stores a copy of the array; null stores a null value. */
    @Override
    public void setBytes(String name, byte[] value) throws JMSException {
        put(name, value == null ? null : value.clone());
    }

    @Override
    public void setBytes(String name, byte[] value, int offset, int length) throws JMSException {
        if (offset < 0 || length < 0 || offset > value.length - length) {
            throw new IndexOutOfBoundsException("offset " + offset + " and length " + length
                    + " do not fit an array of " + value.length);
        }
        byte[] slice = new byte[length];
        System.arraycopy(value, offset, slice, 0, length);
        put(name, slice);
    }

    /** Takes the wrapper types, String, byte[] (copied) and null. */
    @Override
    public void setObject(String name, Object value) throws JMSException {
        checkName(name);
        checkBodyWriteable();
        entries.put(name, ValueConversions.checkedBodyValue(value));
    }

    private void put(String name, Object value) throws JMSException {
        checkName(name);
        checkBodyWriteable();
        entries.put(name, value);
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("FMQ-JMS-315 a map entry name must not be null or empty");
        }
    }

    // ---------------------------------------------------------------- getBody

    @Override
    boolean hasBody() {
        return !entries.isEmpty();
    }

    @Override
    Class<?> bodyClass() {
        return Map.class;
    }

    /** A new map the caller may change; byte[] values are copied. */
    @Override
    Object bodyValue() {
        Map<String, Object> copy = new LinkedHashMap<>(entries);
        copy.replaceAll((name, v) -> v instanceof byte[] bytes ? bytes.clone() : v);
        return copy;
    }
}

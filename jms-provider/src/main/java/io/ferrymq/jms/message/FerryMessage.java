package io.ferrymq.jms.message;

import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JMS message without a body, and the headers, properties and acknowledgement every FerryMQ message shares.
 *
 * <p>Not thread-safe, as JMS messages are not: one thread uses a message at a time (the session's thread on receipt,
 * the application's after it).
 *
 * <p>Methods outside {@link Message} ({@link #makeReadOnly()}, {@link #setAcknowledger}, {@link #setJMSXDeliveryCount},
 * {@link #setJMSXUserID}) are for the provider's sessions and codec, not for applications.
 */
public class FerryMessage implements Message {
    private static final String PROPERTY_TYPES = "Boolean, Byte, Short, Integer, Long, Float, Double, String and null";

    private String messageId;
    private long timestamp;
    /** A String, or a byte[] set through setJMSCorrelationIDAsBytes; null when unset. */
    private Object correlationId;
    private Destination replyTo;
    private Destination destination;
    private int deliveryMode = DEFAULT_DELIVERY_MODE;
    private boolean redelivered;
    private String type;
    private long expiration;
    private long deliveryTime;
    private int priority = DEFAULT_PRIORITY;

    private final Map<String, Object> properties = new LinkedHashMap<>();
    private boolean propertiesReadOnly;
    /** True while the body may not be written: received messages, and bytes and stream messages after reset(). */
    boolean bodyReadOnly;
    private MessageAcknowledger acknowledger = MessageAcknowledger.IGNORED;

    // ---------------------------------------------------------------- headers (spec 3.4)

    @Override
    public String getJMSMessageID() {
        return messageId;
    }

    /** Set by the provider on send; ids it assigns start with {@code ID:}. Null when ids are disabled. */
    @Override
    public void setJMSMessageID(String id) {
        this.messageId = id;
    }

    @Override
    public long getJMSTimestamp() {
        return timestamp;
    }

    @Override
    public void setJMSTimestamp(long timestamp) {
        this.timestamp = timestamp;
    }

    /** The correlation id as bytes: those given to {@link #setJMSCorrelationIDAsBytes}, or the UTF-8 of a String id. */
    @Override
    public byte[] getJMSCorrelationIDAsBytes() {
        if (correlationId instanceof byte[] bytes) {
            return bytes.clone();
        }
        return correlationId == null ? null : ((String) correlationId).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void setJMSCorrelationIDAsBytes(byte[] correlationID) {
        this.correlationId = correlationID == null ? null : correlationID.clone();
    }

    @Override
    public void setJMSCorrelationID(String correlationID) {
        this.correlationId = correlationID;
    }

    /** The correlation id; one set as bytes reads as their UTF-8 decoding. */
    @Override
    public String getJMSCorrelationID() {
        if (correlationId instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return (String) correlationId;
    }

    /** True if the correlation id was set as bytes, which the wire keeps as bytes. */
    boolean correlationIdIsBytes() {
        return correlationId instanceof byte[];
    }

    @Override
    public Destination getJMSReplyTo() {
        return replyTo;
    }

    @Override
    public void setJMSReplyTo(Destination replyTo) {
        this.replyTo = replyTo;
    }

    @Override
    public Destination getJMSDestination() {
        return destination;
    }

    @Override
    public void setJMSDestination(Destination destination) {
        this.destination = destination;
    }

    @Override
    public int getJMSDeliveryMode() {
        return deliveryMode;
    }

    /** @throws JMSException unless the mode is {@link DeliveryMode#PERSISTENT} or {@link DeliveryMode#NON_PERSISTENT} */
    @Override
    public void setJMSDeliveryMode(int deliveryMode) throws JMSException {
        if (deliveryMode != DeliveryMode.PERSISTENT && deliveryMode != DeliveryMode.NON_PERSISTENT) {
            throw new JMSException("FMQ-JMS-307 delivery mode " + deliveryMode + " is neither PERSISTENT ("
                    + DeliveryMode.PERSISTENT + ") nor NON_PERSISTENT (" + DeliveryMode.NON_PERSISTENT + ")",
                    "FMQ-JMS-307");
        }
        this.deliveryMode = deliveryMode;
    }

    @Override
    public boolean getJMSRedelivered() {
        return redelivered;
    }

    @Override
    public void setJMSRedelivered(boolean redelivered) {
        this.redelivered = redelivered;
    }

    @Override
    public String getJMSType() {
        return type;
    }

    @Override
    public void setJMSType(String type) {
        this.type = type;
    }

    @Override
    public long getJMSExpiration() {
        return expiration;
    }

    @Override
    public void setJMSExpiration(long expiration) {
        this.expiration = expiration;
    }

    @Override
    public long getJMSDeliveryTime() {
        return deliveryTime;
    }

    @Override
    public void setJMSDeliveryTime(long deliveryTime) {
        this.deliveryTime = deliveryTime;
    }

    @Override
    public int getJMSPriority() {
        return priority;
    }

    /** @throws JMSException unless 0 &lt;= priority &lt;= 9 */
    @Override
    public void setJMSPriority(int priority) throws JMSException {
        if (priority < 0 || priority > 9) {
            throw new JMSException("FMQ-JMS-308 priority " + priority + " is outside 0..9", "FMQ-JMS-308");
        }
        this.priority = priority;
    }

    // ---------------------------------------------------------------- properties (spec 3.5)

    @Override
    public void clearProperties() {
        properties.clear();
        propertiesReadOnly = false;
    }

    @Override
    public boolean propertyExists(String name) {
        return properties.containsKey(name);
    }

    @Override
    public boolean getBooleanProperty(String name) throws JMSException {
        return ValueConversions.toBoolean(properties.get(name));
    }

    @Override
    public byte getByteProperty(String name) throws JMSException {
        return ValueConversions.toByte(properties.get(name));
    }

    @Override
    public short getShortProperty(String name) throws JMSException {
        return ValueConversions.toShort(properties.get(name));
    }

    @Override
    public int getIntProperty(String name) throws JMSException {
        return ValueConversions.toInt(properties.get(name));
    }

    @Override
    public long getLongProperty(String name) throws JMSException {
        return ValueConversions.toLong(properties.get(name));
    }

    @Override
    public float getFloatProperty(String name) throws JMSException {
        return ValueConversions.toFloat(properties.get(name));
    }

    @Override
    public double getDoubleProperty(String name) throws JMSException {
        return ValueConversions.toDouble(properties.get(name));
    }

    @Override
    public String getStringProperty(String name) throws JMSException {
        return ValueConversions.toText(properties.get(name));
    }

    @Override
    public Object getObjectProperty(String name) {
        return properties.get(name);
    }

    @Override
    public Enumeration<String> getPropertyNames() {
        return Collections.enumeration(new ArrayList<>(properties.keySet()));
    }

    @Override
    public void setBooleanProperty(String name, boolean value) throws JMSException {
        setCheckedProperty(name, value);
    }

    @Override
    public void setByteProperty(String name, byte value) throws JMSException {
        setCheckedProperty(name, value);
    }

    @Override
    public void setShortProperty(String name, short value) throws JMSException {
        setCheckedProperty(name, value);
    }

    @Override
    public void setIntProperty(String name, int value) throws JMSException {
        setCheckedProperty(name, value);
    }

    @Override
    public void setLongProperty(String name, long value) throws JMSException {
        setCheckedProperty(name, value);
    }

    @Override
    public void setFloatProperty(String name, float value) throws JMSException {
        setCheckedProperty(name, value);
    }

    @Override
    public void setDoubleProperty(String name, double value) throws JMSException {
        setCheckedProperty(name, value);
    }

    @Override
    public void setStringProperty(String name, String value) throws JMSException {
        setCheckedProperty(name, value);
    }

    /** Accepts the property types and null; a null value exists but reads as null (or as valueOf(null)). */
    @Override
    public void setObjectProperty(String name, Object value) throws JMSException {
        if (value != null && !isPropertyValue(value)) {
            throw MessageErrors.unsupportedValue(value, PROPERTY_TYPES);
        }
        setCheckedProperty(name, value);
    }

    private void setCheckedProperty(String name, Object value) throws JMSException {
        if (propertiesReadOnly) {
            throw MessageErrors.propertiesNotWriteable();
        }
        PropertyNames.checkApplicationName(name);
        if (name.equals(PropertyNames.JMSX_GROUP_ID) && value != null && !(value instanceof String)) {
            throw new MessageFormatException("FMQ-JMS-203 " + PropertyNames.JMSX_GROUP_ID + " must be a String",
                    "FMQ-JMS-203");
        }
        if (name.equals(PropertyNames.JMSX_GROUP_SEQ) && !(value instanceof Integer)) {
            throw new MessageFormatException("FMQ-JMS-203 " + PropertyNames.JMSX_GROUP_SEQ + " must be an int",
                    "FMQ-JMS-203");
        }
        properties.put(name, value);
    }

    static boolean isPropertyValue(Object value) {
        return value instanceof String || value instanceof Integer || value instanceof Long
                || value instanceof Boolean || value instanceof Double || value instanceof Float
                || value instanceof Short || value instanceof Byte;
    }

    /** Set by the provider on receipt: how many times this message has been delivered, 1 the first time. */
    public void setJMSXDeliveryCount(int count) {
        properties.put(PropertyNames.JMSX_DELIVERY_COUNT, count);
    }

    /** Set by the provider on send when the connection knows its user. */
    public void setJMSXUserID(String userId) {
        if (userId == null) {
            properties.remove(PropertyNames.JMSX_USER_ID);
        } else {
            properties.put(PropertyNames.JMSX_USER_ID, userId);
        }
    }

    /** The properties as stored, for the codec; not to be changed through this view. */
    Map<String, Object> propertyMap() {
        return Collections.unmodifiableMap(properties);
    }

    /** Puts a property read from the wire, whose name and type the codec has checked. */
    void putDecodedProperty(String name, Object value) {
        properties.put(name, value);
    }

    // ---------------------------------------------------------------- read-only state and acknowledgement

    /** Puts the message in the state of a received one: properties and body read-only, bodies positioned to read. */
    public void makeReadOnly() {
        propertiesReadOnly = true;
        bodyReadOnly = true;
    }

    public boolean isPropertiesReadOnly() {
        return propertiesReadOnly;
    }

    public boolean isBodyReadOnly() {
        return bodyReadOnly;
    }

    final void checkBodyWriteable() throws JMSException {
        if (bodyReadOnly) {
            throw MessageErrors.bodyNotWriteable();
        }
    }

    /** Installed by the session that delivers the message; messages the application created ignore acknowledge(). */
    public void setAcknowledger(MessageAcknowledger acknowledger) {
        this.acknowledger = acknowledger == null ? MessageAcknowledger.IGNORED : acknowledger;
    }

    @Override
    public void acknowledge() throws JMSException {
        acknowledger.acknowledge(this);
    }

    // ---------------------------------------------------------------- body (spec 3.11, Message.getBody)

    /** Clears the body; it becomes writable (and, for bytes and stream messages, write-only). */
    @Override
    public void clearBody() throws JMSException {
        bodyReadOnly = false;
    }

    /** False for a body-less message, a null text or object, an empty map, an empty bytes body. */
    boolean hasBody() {
        return false;
    }

    /** The type getBody(Class) promises: String, byte[], Map or the object's class. Only called when hasBody(). */
    Class<?> bodyClass() throws JMSException {
        return Object.class;
    }

    /** The body as getBody(Class) returns it, a copy where the body is mutable. Only called when hasBody(). */
    Object bodyValue() throws JMSException {
        return null;
    }

    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        if (!hasBody()) {
            return null;
        }
        Class<?> bodyClass = bodyClass();
        if (c == null || !c.isAssignableFrom(bodyClass)) {
            throw new MessageFormatException("FMQ-JMS-309 the body of this " + getClass().getSimpleName() + " is a "
                    + bodyClass.getName() + " and cannot be returned as " + (c == null ? "null" : c.getName()),
                    "FMQ-JMS-309");
        }
        return c.cast(bodyValue());
    }

    @Override
    public boolean isBodyAssignableTo(@SuppressWarnings("rawtypes") Class c) throws JMSException {
        if (!hasBody()) {
            return true;
        }
        Class<?> target = c;
        return target != null && target.isAssignableFrom(bodyClass());
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + messageId + ", destination=" + destination + "]";
    }
}

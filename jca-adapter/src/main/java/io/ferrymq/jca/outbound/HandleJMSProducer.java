package io.ferrymq.jca.outbound;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;

import java.io.Serializable;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The simplified API's producer for a {@link HandleJMSContext}: options and properties kept here and applied to each
 * send through one provider producer of the context's session. The properties live in a provider message, so their
 * name checks and type conversions are exactly a message's. One thread at a time.
 */
final class HandleJMSProducer implements JMSProducer {
    private final HandleJMSContext context;
    private final Message properties;
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private int priority = Message.DEFAULT_PRIORITY;
    private long timeToLive = Message.DEFAULT_TIME_TO_LIVE;
    private long deliveryDelay = Message.DEFAULT_DELIVERY_DELAY;
    private boolean disableMessageID;
    private boolean disableMessageTimestamp;
    private CompletionListener completionListener;
    private String correlationID;
    private byte[] correlationIDBytes;
    private String type;
    private Destination replyTo;

    HandleJMSProducer(HandleJMSContext context) {
        this.context = context;
        this.properties = context.createMessage();
    }

    @Override
    public JMSProducer send(Destination destination, Message message) {
        RuntimeErrors.uncheckedRun(() -> {
            if (message == null) {
                throw new jakarta.jms.MessageFormatException("FMQ-JCA-160 the message to send is null", "FMQ-JCA-160");
            }
            apply(message);
            MessageProducer p = context.producer();
            p.setDeliveryDelay(deliveryDelay);
            p.setDisableMessageID(disableMessageID);
            p.setDisableMessageTimestamp(disableMessageTimestamp);
            if (completionListener == null) {
                p.send(destination, message, deliveryMode, priority, timeToLive);
            } else {
                p.send(destination, message, deliveryMode, priority, timeToLive, completionListener);
            }
        });
        return this;
    }

    private void apply(Message message) throws JMSException {
        for (String name : Collections.list(castNames(properties.getPropertyNames()))) {
            message.setObjectProperty(name, properties.getObjectProperty(name));
        }
        if (correlationIDBytes != null) {
            message.setJMSCorrelationIDAsBytes(correlationIDBytes);
        } else if (correlationID != null) {
            message.setJMSCorrelationID(correlationID);
        }
        if (type != null) {
            message.setJMSType(type);
        }
        if (replyTo != null) {
            message.setJMSReplyTo(replyTo);
        }
    }

    @SuppressWarnings("unchecked")
    private static java.util.Enumeration<String> castNames(java.util.Enumeration<?> names) {
        return (java.util.Enumeration<String>) names;
    }

    @Override
    public JMSProducer send(Destination destination, String body) {
        return send(destination, context.createTextMessage(body));
    }

    @Override
    public JMSProducer send(Destination destination, Map<String, Object> body) {
        MapMessage m = context.createMapMessage();
        if (body != null) {
            RuntimeErrors.uncheckedRun(() -> {
                for (Map.Entry<String, Object> e : body.entrySet()) {
                    m.setObject(e.getKey(), e.getValue());
                }
            });
        }
        return send(destination, m);
    }

    @Override
    public JMSProducer send(Destination destination, byte[] body) {
        BytesMessage m = context.createBytesMessage();
        if (body != null) {
            RuntimeErrors.uncheckedRun(() -> m.writeBytes(body));
        }
        return send(destination, m);
    }

    @Override
    public JMSProducer send(Destination destination, Serializable body) {
        return send(destination, context.createObjectMessage(body));
    }

    // ------------------------------------------------------------------ options

    @Override
    public JMSProducer setDisableMessageID(boolean value) {
        disableMessageID = value;
        return this;
    }

    @Override
    public boolean getDisableMessageID() {
        return disableMessageID;
    }

    @Override
    public JMSProducer setDisableMessageTimestamp(boolean value) {
        disableMessageTimestamp = value;
        return this;
    }

    @Override
    public boolean getDisableMessageTimestamp() {
        return disableMessageTimestamp;
    }

    @Override
    public JMSProducer setDeliveryMode(int deliveryMode) {
        if (deliveryMode != DeliveryMode.PERSISTENT && deliveryMode != DeliveryMode.NON_PERSISTENT) {
            throw new jakarta.jms.JMSRuntimeException("FMQ-JCA-161 unknown delivery mode " + deliveryMode,
                    "FMQ-JCA-161");
        }
        this.deliveryMode = deliveryMode;
        return this;
    }

    @Override
    public int getDeliveryMode() {
        return deliveryMode;
    }

    @Override
    public JMSProducer setPriority(int priority) {
        if (priority < 0 || priority > 9) {
            throw new jakarta.jms.JMSRuntimeException("FMQ-JCA-162 priority " + priority + " is not 0..9",
                    "FMQ-JCA-162");
        }
        this.priority = priority;
        return this;
    }

    @Override
    public int getPriority() {
        return priority;
    }

    @Override
    public JMSProducer setTimeToLive(long timeToLive) {
        this.timeToLive = timeToLive;
        return this;
    }

    @Override
    public long getTimeToLive() {
        return timeToLive;
    }

    @Override
    public JMSProducer setDeliveryDelay(long deliveryDelay) {
        this.deliveryDelay = deliveryDelay;
        return this;
    }

    @Override
    public long getDeliveryDelay() {
        return deliveryDelay;
    }

    @Override
    public JMSProducer setAsync(CompletionListener completionListener) {
        this.completionListener = completionListener;
        return this;
    }

    @Override
    public CompletionListener getAsync() {
        return completionListener;
    }

    // ------------------------------------------------------------------ properties

    @Override
    public JMSProducer setProperty(String name, boolean value) {
        RuntimeErrors.uncheckedRun(() -> properties.setBooleanProperty(name, value));
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, byte value) {
        RuntimeErrors.uncheckedRun(() -> properties.setByteProperty(name, value));
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, short value) {
        RuntimeErrors.uncheckedRun(() -> properties.setShortProperty(name, value));
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, int value) {
        RuntimeErrors.uncheckedRun(() -> properties.setIntProperty(name, value));
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, long value) {
        RuntimeErrors.uncheckedRun(() -> properties.setLongProperty(name, value));
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, float value) {
        RuntimeErrors.uncheckedRun(() -> properties.setFloatProperty(name, value));
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, double value) {
        RuntimeErrors.uncheckedRun(() -> properties.setDoubleProperty(name, value));
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, String value) {
        RuntimeErrors.uncheckedRun(() -> properties.setStringProperty(name, value));
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, Object value) {
        RuntimeErrors.uncheckedRun(() -> properties.setObjectProperty(name, value));
        return this;
    }

    @Override
    public JMSProducer clearProperties() {
        RuntimeErrors.uncheckedRun(properties::clearProperties);
        return this;
    }

    @Override
    public boolean propertyExists(String name) {
        return RuntimeErrors.unchecked(() -> properties.propertyExists(name));
    }

    @Override
    public boolean getBooleanProperty(String name) {
        return RuntimeErrors.unchecked(() -> properties.getBooleanProperty(name));
    }

    @Override
    public byte getByteProperty(String name) {
        return RuntimeErrors.unchecked(() -> properties.getByteProperty(name));
    }

    @Override
    public short getShortProperty(String name) {
        return RuntimeErrors.unchecked(() -> properties.getShortProperty(name));
    }

    @Override
    public int getIntProperty(String name) {
        return RuntimeErrors.unchecked(() -> properties.getIntProperty(name));
    }

    @Override
    public long getLongProperty(String name) {
        return RuntimeErrors.unchecked(() -> properties.getLongProperty(name));
    }

    @Override
    public float getFloatProperty(String name) {
        return RuntimeErrors.unchecked(() -> properties.getFloatProperty(name));
    }

    @Override
    public double getDoubleProperty(String name) {
        return RuntimeErrors.unchecked(() -> properties.getDoubleProperty(name));
    }

    @Override
    public String getStringProperty(String name) {
        return RuntimeErrors.unchecked(() -> properties.getStringProperty(name));
    }

    @Override
    public Object getObjectProperty(String name) {
        return RuntimeErrors.unchecked(() -> properties.getObjectProperty(name));
    }

    @Override
    public Set<String> getPropertyNames() {
        return RuntimeErrors.unchecked(() -> {
            Set<String> names = new HashSet<>(Collections.list(castNames(properties.getPropertyNames())));
            return Collections.unmodifiableSet(names);
        });
    }

    // ------------------------------------------------------------------ headers

    @Override
    public JMSProducer setJMSCorrelationIDAsBytes(byte[] correlationID) {
        this.correlationIDBytes = correlationID == null ? null : correlationID.clone();
        this.correlationID = null;
        return this;
    }

    @Override
    public byte[] getJMSCorrelationIDAsBytes() {
        return correlationIDBytes == null ? null : correlationIDBytes.clone();
    }

    @Override
    public JMSProducer setJMSCorrelationID(String correlationID) {
        this.correlationID = correlationID;
        this.correlationIDBytes = null;
        return this;
    }

    @Override
    public String getJMSCorrelationID() {
        return correlationID;
    }

    @Override
    public JMSProducer setJMSType(String type) {
        this.type = type;
        return this;
    }

    @Override
    public String getJMSType() {
        return type;
    }

    @Override
    public JMSProducer setJMSReplyTo(Destination replyTo) {
        this.replyTo = replyTo;
        return this;
    }

    @Override
    public Destination getJMSReplyTo() {
        return replyTo;
    }
}

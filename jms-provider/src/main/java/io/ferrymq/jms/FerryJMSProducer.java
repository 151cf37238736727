package io.ferrymq.jms;

import io.ferrymq.jms.message.FerryMessage;
import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.MessageProducer;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The simplified API's producer: fluent settings, message properties applied to every message it sends, and sends of
 * bodies as they are (String, Map, byte[], Serializable). Properties live in a scratch message, so names and the
 * conversion table are exactly a message's. Same threading rules as its context.
 */
final class FerryJMSProducer implements JMSProducer {
    private final JMSContext context;
    /** Opens the producer it sends through, on the first send. */
    private final SimplifiedApi.ProducerSource source;
    private final FerryMessage properties = new FerryMessage();
    private MessageProducer producer;
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private int priority = Message.DEFAULT_PRIORITY;
    private long timeToLive = Message.DEFAULT_TIME_TO_LIVE;
    private long deliveryDelay = Message.DEFAULT_DELIVERY_DELAY;
    private boolean disableMessageId;
    private boolean disableMessageTimestamp;
    private CompletionListener completionListener;
    private String correlationId;
    private byte[] correlationIdBytes;
    private String type;
    private Destination replyTo;

    FerryJMSProducer(FerryJMSContext context) {
        this(context, () -> context.session().createProducer(null));
    }

    /** A producer of {@code context} sending through what {@code source} opens (an unidentified MessageProducer). */
    FerryJMSProducer(JMSContext context, SimplifiedApi.ProducerSource source) {
        this.context = context;
        this.source = source;
    }

    private MessageProducer producer() throws JMSException {
        if (producer == null) {
            producer = source.open();
        }
        return producer;
    }

    @Override
    public JMSProducer send(Destination destination, Message message) {
        if (message == null) {
            throw new MessageFormatRuntimeException("FMQ-JMS-691 the message must not be null", "FMQ-JMS-691");
        }
        return JmsErrors.unchecked(() -> {
            for (String name : Collections.list(properties.getPropertyNames())) {
                message.setObjectProperty(name, properties.getObjectProperty(name));
            }
            if (correlationIdBytes != null) {
                message.setJMSCorrelationIDAsBytes(correlationIdBytes);
            } else if (correlationId != null) {
                message.setJMSCorrelationID(correlationId);
            }
            if (type != null) {
                message.setJMSType(type);
            }
            if (replyTo != null) {
                message.setJMSReplyTo(replyTo);
            }
            MessageProducer p = producer();
            p.setDisableMessageID(disableMessageId);
            p.setDisableMessageTimestamp(disableMessageTimestamp);
            p.setDeliveryDelay(deliveryDelay);
            if (completionListener != null) {
                p.send(destination, message, deliveryMode, priority, timeToLive, completionListener);
            } else {
                p.send(destination, message, deliveryMode, priority, timeToLive);
            }
            return this;
        });
    }

    @Override
    public JMSProducer send(Destination destination, String body) {
        return send(destination, context.createTextMessage(body));
    }

    @Override
    public JMSProducer send(Destination destination, Map<String, Object> body) {
        MapMessage m = context.createMapMessage();
        if (body != null) {
            JmsErrors.unchecked(() -> {
                for (Map.Entry<String, Object> e : body.entrySet()) {
                    m.setObject(e.getKey(), e.getValue());
                }
                return null;
            });
        }
        return send(destination, m);
    }

    @Override
    public JMSProducer send(Destination destination, byte[] body) {
        BytesMessage m = context.createBytesMessage();
        if (body != null) {
            JmsErrors.unchecked(() -> {
                m.writeBytes(body);
                return null;
            });
        }
        return send(destination, m);
    }

    @Override
    public JMSProducer send(Destination destination, Serializable body) {
        return send(destination, context.createObjectMessage(body));
    }

    @Override
    public JMSProducer setDisableMessageID(boolean value) {
        disableMessageId = value;
        return this;
    }

    @Override
    public boolean getDisableMessageID() {
        return disableMessageId;
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
            throw new JMSRuntimeException("FMQ-JMS-651 delivery mode must be PERSISTENT (2) or NON_PERSISTENT (1), not "
                    + deliveryMode, "FMQ-JMS-651");
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
            throw new JMSRuntimeException("FMQ-JMS-652 priority must be 0..9, not " + priority, "FMQ-JMS-652");
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
        if (deliveryDelay < 0) {
            throw new JMSRuntimeException("FMQ-JMS-650 a delivery delay must not be negative: " + deliveryDelay,
                    "FMQ-JMS-650");
        }
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

    private JMSProducer property(JmsErrors.JmsCall<Void> set) {
        JmsErrors.unchecked(set);
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, boolean value) {
        return property(() -> { properties.setBooleanProperty(name, value); return null; });
    }

    @Override
    public JMSProducer setProperty(String name, byte value) {
        return property(() -> { properties.setByteProperty(name, value); return null; });
    }

    @Override
    public JMSProducer setProperty(String name, short value) {
        return property(() -> { properties.setShortProperty(name, value); return null; });
    }

    @Override
    public JMSProducer setProperty(String name, int value) {
        return property(() -> { properties.setIntProperty(name, value); return null; });
    }

    @Override
    public JMSProducer setProperty(String name, long value) {
        return property(() -> { properties.setLongProperty(name, value); return null; });
    }

    @Override
    public JMSProducer setProperty(String name, float value) {
        return property(() -> { properties.setFloatProperty(name, value); return null; });
    }

    @Override
    public JMSProducer setProperty(String name, double value) {
        return property(() -> { properties.setDoubleProperty(name, value); return null; });
    }

    @Override
    public JMSProducer setProperty(String name, String value) {
        return property(() -> { properties.setStringProperty(name, value); return null; });
    }

    @Override
    public JMSProducer setProperty(String name, Object value) {
        return property(() -> { properties.setObjectProperty(name, value); return null; });
    }

    @Override
    public JMSProducer clearProperties() {
        properties.clearProperties();
        return this;
    }

    @Override
    public boolean propertyExists(String name) {
        return properties.propertyExists(name);
    }

    @Override
    public boolean getBooleanProperty(String name) {
        return JmsErrors.unchecked(() -> properties.getBooleanProperty(name));
    }

    @Override
    public byte getByteProperty(String name) {
        return JmsErrors.unchecked(() -> properties.getByteProperty(name));
    }

    @Override
    public short getShortProperty(String name) {
        return JmsErrors.unchecked(() -> properties.getShortProperty(name));
    }

    @Override
    public int getIntProperty(String name) {
        return JmsErrors.unchecked(() -> properties.getIntProperty(name));
    }

    @Override
    public long getLongProperty(String name) {
        return JmsErrors.unchecked(() -> properties.getLongProperty(name));
    }

    @Override
    public float getFloatProperty(String name) {
        return JmsErrors.unchecked(() -> properties.getFloatProperty(name));
    }

    @Override
    public double getDoubleProperty(String name) {
        return JmsErrors.unchecked(() -> properties.getDoubleProperty(name));
    }

    @Override
    public String getStringProperty(String name) {
        return JmsErrors.unchecked(() -> properties.getStringProperty(name));
    }

    @Override
    public Object getObjectProperty(String name) {
        return properties.getObjectProperty(name);
    }

    @Override
    public Set<String> getPropertyNames() {
        return new TreeSet<>(Collections.list(properties.getPropertyNames()));
    }

    @Override
    public JMSProducer setJMSCorrelationIDAsBytes(byte[] correlationID) {
        if (correlationID == null || correlationID.length == 0) {
            throw new JMSRuntimeException("FMQ-JMS-692 a correlation id as bytes must not be empty", "FMQ-JMS-692");
        }
        this.correlationIdBytes = correlationID.clone();
        this.correlationId = null;
        return this;
    }

    @Override
    public byte[] getJMSCorrelationIDAsBytes() {
        return correlationIdBytes == null ? null : correlationIdBytes.clone();
    }

    @Override
    public JMSProducer setJMSCorrelationID(String correlationID) {
        this.correlationId = correlationID;
        this.correlationIdBytes = null;
        return this;
    }

    @Override
    public String getJMSCorrelationID() {
        return correlationId;
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

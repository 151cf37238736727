package io.ferrymq.jms.message;

import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.common.jms.JmsWireNames;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.jms.FerryDestination;

import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns JMS messages into FerryMQ client messages (body bytes and string properties) and back, losslessly: every
 * header, property type, null value and body survives the round trip. The mapping is described in
 * {@code docs/jms-messages.md}; property naming is in {@link WirePropertyNames}, value forms in {@link WireValues}.
 *
 * <p>Decoding treats its input as hostile: anything malformed ends in a {@link JMSException}, never another exception,
 * and no length read from the input allocates more than the input's size. Immutable; safe from any thread.
 */
public final class JmsWireCodec {
    /**
     * The largest size, in UTF-8 bytes, of the properties a JMS message may put on the wire. The record format stores
     * at most 32767; the rest is kept for the client's own (UNIQ_KEY, WAIT, delay and transaction markers).
     */
    public static final int MAX_PROPERTIES_BYTES = 30 * 1024;

    static final String KIND_MESSAGE = "message";
    static final String KIND_TEXT = "text";
    static final String KIND_TEXT_NULL = "text-null";
    static final String KIND_TEXT_MUTF8 = "text-mutf8";
    static final String KIND_BYTES = "bytes";
    static final String KIND_MAP = "map";
    static final String KIND_STREAM = "stream";
    static final String KIND_OBJECT = "object";

    private static final String ID_PREFIX = JmsWireNames.ID_PREFIX;
    private static final String PERSISTENT = JmsWireNames.PERSISTENT;
    private static final String NON_PERSISTENT = JmsWireNames.NON_PERSISTENT;
    private static final byte[] EMPTY = new byte[0];

    private final TrustedPackages trustedPackages;

    /** @param trustedPackages installed on the object messages this codec decodes */
    public JmsWireCodec(TrustedPackages trustedPackages) {
        this.trustedPackages = trustedPackages;
    }

    public JmsWireCodec() {
        this(TrustedPackages.defaults());
    }

    // ================================================================ encoding

    /**
     * The wire form of a message, of this provider or another.
     *
     * @throws JMSException if its properties exceed {@link #MAX_PROPERTIES_BYTES}, its id cannot be stored, or its
     *                      reply-to or destination is neither a queue nor a topic
     */
    public WireMessage encode(Message message) throws JMSException {
        FerryMessage m = message instanceof FerryMessage ferry ? ferry : ForeignMessages.toFerryMessage(message);
        Map<String, String> props = new LinkedHashMap<>();
        Map<String, Character> types = new LinkedHashMap<>();
        byte[] body = encodeBody(m, props);
        encodeHeaders(m, props, types);
        for (Map.Entry<String, Object> p : m.propertyMap().entrySet()) {
            String name = p.getKey();
            if (name.equals(PropertyNames.JMSX_DELIVERY_COUNT)) {
                continue; // set on receipt from the broker's redelivery count
            }
            putValue(props, types, WirePropertyNames.wireName(name), name, p.getValue());
        }
        if (!types.isEmpty()) {
            props.put(WirePropertyNames.VALUE_TYPES, WireValues.formatTypeList(types));
        }
        checkSize(props);
        return new WireMessage(body, props);
    }

    /** A client message for the message's JMSDestination, ready for {@code Producer.send}. */
    public io.ferrymq.client.Message toClientMessage(Message message) throws JMSException {
        Destination destination = message.getJMSDestination();
        if (destination == null) {
            throw new InvalidDestinationException("FMQ-JMS-106 the message has no JMSDestination to send to",
                    "FMQ-JMS-106");
        }
        WireMessage wire = encode(message);
        io.ferrymq.client.Message out = new io.ferrymq.client.Message(
                FerryDestination.from(destination).topicName(), wire.body());
        wire.properties().forEach(out::putProperty);
        return out;
    }

    private static void encodeHeaders(FerryMessage m, Map<String, String> props, Map<String, Character> types)
            throws JMSException {
        String id = m.getJMSMessageID();
        if (id != null) {
            String uniqueKey = id.startsWith(ID_PREFIX) ? id.substring(ID_PREFIX.length()) : id;
            if (uniqueKey.isEmpty() || WireValues.needsEscape(uniqueKey)) {
                throw new JMSException("FMQ-JMS-503 JMSMessageID '" + id + "' cannot be stored as a RocketMQ unique"
                        + " key (empty, or holding U+0001, U+0002 or an unpaired surrogate)", "FMQ-JMS-503");
            }
            props.put(WirePropertyNames.MESSAGE_ID, uniqueKey);
        }
        if (m.getJMSDestination() != null) {
            putValue(props, types, WirePropertyNames.JMS_DESTINATION, WirePropertyNames.JMS_DESTINATION,
                    FerryDestination.from(m.getJMSDestination()).toWireString());
        }
        props.put(WirePropertyNames.JMS_DELIVERY_MODE,
                m.getJMSDeliveryMode() == DeliveryMode.NON_PERSISTENT ? NON_PERSISTENT : PERSISTENT);
        props.put(WirePropertyNames.JMS_PRIORITY, Integer.toString(m.getJMSPriority()));
        props.put(WirePropertyNames.JMS_TIMESTAMP, Long.toString(m.getJMSTimestamp()));
        if (m.getJMSExpiration() != 0) {
            props.put(WirePropertyNames.JMS_EXPIRATION, Long.toString(m.getJMSExpiration()));
        }
        if (m.getJMSDeliveryTime() != 0) {
            props.put(WirePropertyNames.JMS_DELIVERY_TIME, Long.toString(m.getJMSDeliveryTime()));
        }
        if (m.getJMSType() != null) {
            putValue(props, types, WirePropertyNames.JMS_TYPE, WirePropertyNames.JMS_TYPE, m.getJMSType());
        }
        if (m.correlationIdIsBytes()) {
            props.put(WirePropertyNames.JMS_CORRELATION_ID,
                    Base64.getEncoder().encodeToString(m.getJMSCorrelationIDAsBytes()));
            types.put(WirePropertyNames.JMS_CORRELATION_ID, WireValues.BASE64_BYTES);
        } else if (m.getJMSCorrelationID() != null) {
            putValue(props, types, WirePropertyNames.JMS_CORRELATION_ID, WirePropertyNames.JMS_CORRELATION_ID,
                    m.getJMSCorrelationID());
        }
        if (m.getJMSReplyTo() != null) {
            putValue(props, types, WirePropertyNames.JMS_REPLY_TO, WirePropertyNames.JMS_REPLY_TO,
                    FerryDestination.from(m.getJMSReplyTo()).toWireString());
        }
    }

    private static void putValue(Map<String, String> props, Map<String, Character> types, String wireName,
            String jmsName, Object value) {
        char code = WireValues.typeCode(value);
        if (code != 0) {
            types.put(jmsName, code);
        }
        if (value != null) {
            props.put(wireName, WireValues.toWire(value, code));
        }
    }

    private static byte[] encodeBody(FerryMessage m, Map<String, String> props) {
        String kind;
        byte[] body;
        if (m instanceof FerryTextMessage t) {
            String text = t.getText();
            if (text == null) {
                kind = KIND_TEXT_NULL;
                body = EMPTY;
            } else if (WireValues.hasUnpairedSurrogate(text)) {
                // UTF-8 cannot carry it; modified UTF-8 can.
                kind = KIND_TEXT_MUTF8;
                body = ModifiedUtf8.encode(text);
            } else {
                kind = KIND_TEXT;
                body = text.getBytes(StandardCharsets.UTF_8);
            }
        } else if (m instanceof FerryBytesMessage b) {
            kind = KIND_BYTES;
            body = b.bodyBytes();
        } else if (m instanceof FerryMapMessage map) {
            kind = KIND_MAP;
            body = TypedBodyFormat.encodeMap(map.bodyEntries());
        } else if (m instanceof FerryStreamMessage s) {
            kind = KIND_STREAM;
            body = TypedBodyFormat.encodeStream(s.bodyValues());
        } else if (m instanceof FerryObjectMessage o) {
            kind = KIND_OBJECT;
            body = o.serializedBody() == null ? EMPTY : o.serializedBody();
        } else {
            kind = KIND_MESSAGE;
            body = EMPTY;
        }
        props.put(WirePropertyNames.BODY_KIND, kind);
        return body;
    }

    private static void checkSize(Map<String, String> props) throws JMSException {
        String encoded = MessageProperties.encode(props);
        // Three bytes per char at most: count exactly only when it could matter.
        if (encoded.length() * 3L > MAX_PROPERTIES_BYTES) {
            int bytes = encoded.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_PROPERTIES_BYTES) {
                throw new MessageFormatException("FMQ-JMS-502 the message's headers and properties take " + bytes
                        + " bytes on the wire; at most " + MAX_PROPERTIES_BYTES + " fit. Move large values into the"
                        + " body", "FMQ-JMS-502");
            }
        }
    }

    // ================================================================ decoding

    /**
     * The JMS message a received client message carries, read-only as received messages are. JMSMessageID falls back
     * to the broker's offset id, JMSTimestamp to the born time when the sender set none (non-JMS producers), and
     * JMSRedelivered and JMSXDeliveryCount come from the broker's reconsume count.
     */
    public FerryMessage decode(ReceivedMessage received) throws JMSException {
        FerryMessage m = decode(received.body(), received.properties());
        if (m.getJMSMessageID() == null && received.offsetMsgId() != null) {
            m.setJMSMessageID(ID_PREFIX + received.offsetMsgId());
        }
        if (received.property(WirePropertyNames.JMS_TIMESTAMP) == null) {
            m.setJMSTimestamp(received.bornTimestamp());
        }
        int reconsumeTimes = Math.max(0, received.reconsumeTimes());
        m.setJMSRedelivered(reconsumeTimes > 0);
        m.setJMSXDeliveryCount(reconsumeTimes == Integer.MAX_VALUE ? reconsumeTimes : reconsumeTimes + 1);
        return m;
    }

    /**
     * The JMS message carried by a body and wire properties, read-only as received messages are, delivered once
     * (JMSXDeliveryCount 1). Properties without the JMS body marker come from non-JMS producers: such a message
     * becomes a BytesMessage of the raw body with its selector-usable properties as String properties.
     *
     * @throws JMSException (a {@link MessageFormatException}) if the input is malformed
     */
    public FerryMessage decode(byte[] body, Map<String, String> properties) throws JMSException {
        byte[] bytes = body == null ? EMPTY : body;
        Map<String, String> props = properties == null ? Map.of() : properties;
        Map<String, Character> types = WireValues.parseTypeList(props.get(WirePropertyNames.VALUE_TYPES));
        FerryMessage m = decodeBody(props.get(WirePropertyNames.BODY_KIND), bytes);
        decodeHeaders(m, props, types);
        for (Map.Entry<String, String> p : props.entrySet()) {
            String name = WirePropertyNames.propertyName(p.getKey());
            if (name == null) {
                continue;
            }
            Character code = types.remove(name);
            if (code != null && (code == WireValues.NULL || code == WireValues.BASE64_BYTES)) {
                throw MessageErrors.malformed(name + " is typed '" + code + "', which no property with a value has");
            }
            m.putDecodedProperty(name, checkedJmsxValue(name,
                    WireValues.fromWire(p.getValue(), code == null ? 0 : code, name)));
        }
        for (Map.Entry<String, Character> leftover : types.entrySet()) {
            String name = leftover.getKey();
            if (leftover.getValue() != WireValues.NULL || !name.equals(WirePropertyNames.propertyName(
                    WirePropertyNames.wireName(name)))) {
                throw MessageErrors.malformed("the type list names " + name + ", which the message does not carry");
            }
            m.putDecodedProperty(name, checkedJmsxValue(name, null));
        }
        m.setJMSXDeliveryCount(1);
        m.makeReadOnly();
        return m;
    }

    /** JMSX properties must hold their spec types, whatever a sender wrote. */
    private static Object checkedJmsxValue(String name, Object value) throws MessageFormatException {
        boolean ok = switch (name) {
            case PropertyNames.JMSX_GROUP_SEQ -> value instanceof Integer;
            case PropertyNames.JMSX_GROUP_ID, PropertyNames.JMSX_USER_ID -> value == null || value instanceof String;
            default -> true;
        };
        if (!ok) {
            throw MessageErrors.malformed(name + " has a value of the wrong type");
        }
        return value;
    }

    private static void decodeHeaders(FerryMessage m, Map<String, String> props, Map<String, Character> types)
            throws JMSException {
        String uniqueKey = props.get(WirePropertyNames.MESSAGE_ID);
        if (uniqueKey != null) {
            m.setJMSMessageID(ID_PREFIX + uniqueKey);
        }
        String destination = headerString(props, types, WirePropertyNames.JMS_DESTINATION);
        if (destination != null) {
            m.setJMSDestination(parseDestination(destination, WirePropertyNames.JMS_DESTINATION));
        }
        String mode = props.get(WirePropertyNames.JMS_DELIVERY_MODE);
        if (mode != null) {
            if (!mode.equals(PERSISTENT) && !mode.equals(NON_PERSISTENT)) {
                throw MessageErrors.malformed("JMSDeliveryMode '" + mode + "' is neither PERSISTENT nor NON_PERSISTENT");
            }
            m.setJMSDeliveryMode(mode.equals(PERSISTENT) ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
        }
        String priority = props.get(WirePropertyNames.JMS_PRIORITY);
        if (priority != null) {
            long value = headerLong(priority, WirePropertyNames.JMS_PRIORITY);
            if (value < 0 || value > 9) {
                throw MessageErrors.malformed("JMSPriority " + value + " is outside 0..9");
            }
            m.setJMSPriority((int) value);
        }
        m.setJMSTimestamp(headerLong(props.get(WirePropertyNames.JMS_TIMESTAMP), WirePropertyNames.JMS_TIMESTAMP));
        m.setJMSExpiration(headerLong(props.get(WirePropertyNames.JMS_EXPIRATION), WirePropertyNames.JMS_EXPIRATION));
        m.setJMSDeliveryTime(headerLong(props.get(WirePropertyNames.JMS_DELIVERY_TIME),
                WirePropertyNames.JMS_DELIVERY_TIME));
        m.setJMSType(headerString(props, types, WirePropertyNames.JMS_TYPE));
        Character correlationCode = types.get(WirePropertyNames.JMS_CORRELATION_ID);
        if (correlationCode != null && correlationCode == WireValues.BASE64_BYTES) {
            types.remove(WirePropertyNames.JMS_CORRELATION_ID);
            String wire = props.get(WirePropertyNames.JMS_CORRELATION_ID);
            if (wire == null) {
                throw MessageErrors.malformed("JMSCorrelationID is typed as bytes but missing");
            }
            m.setJMSCorrelationIDAsBytes((byte[]) WireValues.fromWire(wire, WireValues.BASE64_BYTES,
                    WirePropertyNames.JMS_CORRELATION_ID));
        } else {
            m.setJMSCorrelationID(headerString(props, types, WirePropertyNames.JMS_CORRELATION_ID));
        }
        String replyTo = headerString(props, types, WirePropertyNames.JMS_REPLY_TO);
        if (replyTo != null) {
            m.setJMSReplyTo(parseDestination(replyTo, WirePropertyNames.JMS_REPLY_TO));
        }
    }

    /** A string header, unescaped if the type list says so; only X may type a string header. */
    private static String headerString(Map<String, String> props, Map<String, Character> types, String name)
            throws MessageFormatException {
        Character code = types.remove(name);
        String wire = props.get(name);
        if (code == null) {
            return wire;
        }
        if (code != WireValues.ESCAPED_STRING || wire == null) {
            throw MessageErrors.malformed("header " + name + " has type '" + code + "' or no value");
        }
        return WireValues.unescape(wire, name);
    }

    private static long headerLong(String wire, String name) throws MessageFormatException {
        if (wire == null) {
            return 0;
        }
        try {
            return Long.parseLong(wire);
        } catch (NumberFormatException e) {
            throw MessageErrors.malformed("header " + name + " '" + wire + "' is not a number");
        }
    }

    private static FerryDestination parseDestination(String wire, String header) throws MessageFormatException {
        try {
            return FerryDestination.parse(wire);
        } catch (InvalidDestinationException e) {
            throw MessageErrors.malformed(header + ": " + e.getMessage());
        }
    }

    private FerryMessage decodeBody(String kind, byte[] body) throws JMSException {
        if (kind == null) {
            return new FerryBytesMessage(body);
        }
        return switch (kind) {
            case KIND_MESSAGE -> {
                expectEmpty(body, kind);
                yield new FerryMessage();
            }
            case KIND_TEXT -> new FerryTextMessage(strictUtf8(body));
            case KIND_TEXT_MUTF8 -> new FerryTextMessage(ModifiedUtf8.decode(body, 0, body.length));
            case KIND_TEXT_NULL -> {
                expectEmpty(body, kind);
                yield new FerryTextMessage();
            }
            case KIND_BYTES -> new FerryBytesMessage(body);
            case KIND_MAP -> new FerryMapMessage(TypedBodyFormat.decodeMap(body));
            case KIND_STREAM -> new FerryStreamMessage(TypedBodyFormat.decodeStream(body));
            case KIND_OBJECT -> new FerryObjectMessage(body.length == 0 ? null : body, trustedPackages);
            default -> throw MessageErrors.malformed("body kind '" + kind + "' is unknown");
        };
    }

    private static void expectEmpty(byte[] body, String kind) throws MessageFormatException {
        if (body.length != 0) {
            throw MessageErrors.malformed("a '" + kind + "' message carries a body of " + body.length + " bytes");
        }
    }

    private static String strictUtf8(byte[] body) throws MessageFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw MessageErrors.malformed("the text body is not valid UTF-8");
        }
    }
}

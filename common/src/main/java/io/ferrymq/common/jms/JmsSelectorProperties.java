package io.ferrymq.common.jms;

import io.ferrymq.common.filter.JavaNumberText;
import io.ferrymq.common.filter.PropertySource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The values a JMS message selector ({@code Dialect.JMS}) sees, read from a message's wire form
 * ({@code docs/jms-messages.md}): the same values, of the same Java types, that the JMS provider's decoded message
 * would return, so a selector gives one answer in the broker and in the client.
 *
 * <ul>
 *   <li>Application and JMSX properties get their JMS type back from {@value JmsWireNames#VALUE_TYPES} (an int stays
 *       an {@code Integer}, a boolean a {@code Boolean}, ...); a property typed null reads as absent; an escaped String
 *       is unescaped. A name RocketMQ reserves ({@code KEYS}, {@code DELAY}, ...) is read under
 *       {@value JmsWireNames#ESCAPED_PROPERTY_PREFIX}{@code <name>}.</li>
 *   <li>Headers: {@code JMSMessageID} is {@code ID:} + {@code UNIQ_KEY}; {@code JMSDeliveryMode} the String
 *       {@code PERSISTENT} or {@code NON_PERSISTENT}; {@code JMSPriority} an Integer; {@code JMSTimestamp} a Long;
 *       {@code JMSCorrelationID} and {@code JMSType} Strings. Missing ones read as the provider's decoder fills them:
 *       PERSISTENT, 4, the born timestamp, the offset message id.</li>
 *   <li>{@code JMSXDeliveryCount} is the redelivery count + 1. Every other name starting with {@code JMS} is absent:
 *       it is either a header a selector cannot use or one of FerryMQ's own entries.</li>
 * </ul>
 *
 * <p>Never throws, whatever the wire holds: a type-list entry that does not fit its name (an unknown code, a code no
 * value of that name can have) is ignored and the value reads as its plain String; a value that does not parse as
 * its declared type reads as absent (so comparisons on it are UNKNOWN). The JMS provider refuses such messages when
 * it decodes them; the broker must simply not choke on them.
 *
 * <p>Reads only what a lookup needs, through the {@link WireSource}; {@link #wireNames} tells which names those are
 * for an expression's identifiers. Holds no state of its own: as thread-safe as its source.
 */
public final class JmsSelectorProperties implements PropertySource {
    /**
     * The subscription expression type under which FerryMQ's broker evaluates a JMS selector with these values: a
     * FerryMQ extension next to RocketMQ's {@code TAG} and {@code SQL92}, which official clients never send.
     */
    public static final String EXPRESSION_TYPE = "JMS";

    /** A message's wire form as this source reads it. */
    @FunctionalInterface
    public interface WireSource {
        /** The wire string of the property {@code wireName}, or null if the message has none. */
        String property(String wireName);

        /** How often the broker has redelivered the message (its reconsume times); 0 if not known. */
        default int reconsumeTimes() {
            return 0;
        }

        /** The message's born timestamp, JMSTimestamp for a message that carries none; 0 if not known. */
        default long bornTimestamp() {
            return 0;
        }

        /** The broker's offset message id, JMSMessageID for a message without UNIQ_KEY; null if not known. */
        default String offsetMessageId() {
            return null;
        }
    }

    private final WireSource source;

    private JmsSelectorProperties(WireSource source) {
        this.source = source;
    }

    /** The selector's view of a message read through {@code source}. */
    public static JmsSelectorProperties over(WireSource source) {
        return new JmsSelectorProperties(source);
    }

    /**
     * The selector's view of a received message's wire properties (read, never copied), as the JMS provider's
     * {@code decode(body, properties)} sees it: delivered once, JMSTimestamp 0 and no JMSMessageID if the wire has
     * none. For the broker's redelivery count, born time and offset id, use {@link #over}.
     */
    public static JmsSelectorProperties of(Map<String, String> wireProperties) {
        return new JmsSelectorProperties(wireProperties::get);
    }

    /**
     * The wire property names a selector with these identifiers may read, in a stable order: each identifier's wire
     * name, {@code UNIQ_KEY} for JMSMessageID, and {@value JmsWireNames#VALUE_TYPES} when a value may be typed.
     */
    public static List<String> wireNames(Collection<String> identifiers) {
        Set<String> names = new LinkedHashSet<>();
        boolean typed = false;
        for (String identifier : identifiers) {
            switch (identifier) {
                case JmsWireNames.JMS_MESSAGE_ID -> names.add(JmsWireNames.MESSAGE_ID);
                case JmsWireNames.JMS_DELIVERY_MODE, JmsWireNames.JMS_PRIORITY, JmsWireNames.JMS_TIMESTAMP ->
                        names.add(identifier);
                case JmsWireNames.JMS_TYPE, JmsWireNames.JMS_CORRELATION_ID -> {
                    names.add(identifier);
                    typed = true;
                }
                default -> {
                    if (!identifier.startsWith("JMS") || JmsWireNames.isJmsxOnTheWire(identifier)) {
                        names.add(JmsWireNames.wireName(identifier));
                        typed = true;
                    }
                }
            }
        }
        if (typed) {
            names.add(JmsWireNames.VALUE_TYPES);
        }
        return List.copyOf(names);
    }

    @Override
    public Object get(String name) {
        return switch (name) {
            case JmsWireNames.JMS_MESSAGE_ID -> messageId();
            case JmsWireNames.JMS_DELIVERY_MODE -> deliveryMode(source.property(name));
            case JmsWireNames.JMS_PRIORITY -> priority(source.property(name));
            case JmsWireNames.JMS_TIMESTAMP -> timestamp(source.property(name));
            case JmsWireNames.JMS_TYPE -> stringHeader(name, false);
            case JmsWireNames.JMS_CORRELATION_ID -> stringHeader(name, true);
            case JmsWireNames.JMSX_DELIVERY_COUNT -> deliveryCount(source.reconsumeTimes());
            case JmsWireNames.JMSX_GROUP_SEQ -> property(name) instanceof Integer seq ? seq : null;
            case JmsWireNames.JMSX_GROUP_ID, JmsWireNames.JMSX_USER_ID ->
                    property(name) instanceof String s ? s : null;
            default -> name.startsWith("JMS") ? null : property(name);
        };
    }

    private String messageId() {
        String uniqueKey = source.property(JmsWireNames.MESSAGE_ID);
        if (uniqueKey != null) {
            return JmsWireNames.ID_PREFIX + uniqueKey;
        }
        String offsetId = source.offsetMessageId();
        return offsetId == null ? null : JmsWireNames.ID_PREFIX + offsetId;
    }

    private static String deliveryMode(String wire) {
        if (wire == null || wire.equals(JmsWireNames.PERSISTENT)) {
            return JmsWireNames.PERSISTENT;
        }
        return wire.equals(JmsWireNames.NON_PERSISTENT) ? JmsWireNames.NON_PERSISTENT : null;
    }

    private static Integer priority(String wire) {
        if (wire == null) {
            return JmsWireNames.DEFAULT_PRIORITY;
        }
        if (!JavaNumberText.isLong(wire)) {
            return null;
        }
        long priority = Long.parseLong(wire);
        return priority >= 0 && priority <= 9 ? (int) priority : null;
    }

    private Long timestamp(String wire) {
        if (wire == null) {
            return source.bornTimestamp();
        }
        return JavaNumberText.isLong(wire) ? Long.parseLong(wire) : null;
    }

    private static Integer deliveryCount(int reconsumeTimes) {
        int times = Math.max(0, reconsumeTimes);
        return times == Integer.MAX_VALUE ? times : times + 1;
    }

    /** JMSType or JMSCorrelationID: a plain or escaped String; a correlation id set as bytes reads as their UTF-8. */
    private String stringHeader(String name, boolean mayBeBytes) {
        String wire = source.property(name);
        if (wire == null) {
            return null;
        }
        char code = JmsWireValues.typeCodeOf(source.property(JmsWireNames.VALUE_TYPES), name);
        if (code == JmsWireValues.ESCAPED_STRING) {
            return JmsWireValues.unescape(wire);
        }
        if (code == JmsWireValues.BASE64_BYTES && mayBeBytes) {
            return base64Utf8(wire);
        }
        return wire;
    }

    private static String base64Utf8(String wire) {
        try {
            return new String(Base64.getDecoder().decode(wire), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** An application or JMSX property, typed by the type list. */
    private Object property(String name) {
        String wire = source.property(JmsWireNames.wireName(name));
        char code = JmsWireValues.typeCodeOf(source.property(JmsWireNames.VALUE_TYPES), name);
        if (code == JmsWireValues.NULL || wire == null) {
            return null;
        }
        return typed(wire, code);
    }

    private static Object typed(String wire, char code) {
        switch (code) {
            case JmsWireValues.ESCAPED_STRING:
                return JmsWireValues.unescape(wire);
            case JmsWireValues.BOOLEAN:
                return wire.equals("true") ? Boolean.TRUE : wire.equals("false") ? Boolean.FALSE : null;
            case JmsWireValues.BYTE:
            case JmsWireValues.SHORT:
            case JmsWireValues.INT:
                if (!JavaNumberText.isInt(wire)) {
                    return null;
                }
                int i = Integer.parseInt(wire);
                if (code == JmsWireValues.INT) {
                    return i;
                }
                if (code == JmsWireValues.SHORT) {
                    return i >= Short.MIN_VALUE && i <= Short.MAX_VALUE ? (Object) (short) i : null;
                }
                return i >= Byte.MIN_VALUE && i <= Byte.MAX_VALUE ? (Object) (byte) i : null;
            case JmsWireValues.LONG:
                return JavaNumberText.isLong(wire) ? (Object) Long.parseLong(wire) : null;
            case JmsWireValues.FLOAT:
                // Float.parseFloat takes exactly the strings Double.parseDouble takes.
                return JavaNumberText.isDouble(wire) ? (Object) Float.parseFloat(wire) : null;
            case JmsWireValues.DOUBLE:
                return JavaNumberText.isDouble(wire) ? (Object) Double.parseDouble(wire) : null;
            default:
                // Untyped, or a code no property value has (Y, an unknown letter): the plain String.
                return wire;
        }
    }
}

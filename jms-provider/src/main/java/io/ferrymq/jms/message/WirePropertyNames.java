package io.ferrymq.jms.message;

import io.ferrymq.common.jms.JmsWireNames;

import java.util.List;

/**
 * Names of the wire properties that carry a JMS message, and how application property names map onto them. Stateless.
 *
 * <p>Headers travel under their JMS names ({@code JMSType}, {@code JMSPriority}, ...), so a broker-side SQL92 filter
 * sees them as a selector does; JMSMessageID travels as RocketMQ's {@code UNIQ_KEY} without its {@code ID:} prefix.
 * FerryMQ's own entries start with {@code JMS_FMQ_}, a prefix applications cannot use. An application property keeps
 * its name, unless that name is one RocketMQ gives a meaning to ({@link #isRocketMqReserved}): then it travels as
 * {@value #ESCAPED_PROPERTY_PREFIX} + name, so a property called {@code DELAY} or {@code KEYS} cannot delay the message
 * or re-key it.
 *
 * <p>The names themselves, the reserved set and the mapping live in {@link JmsWireNames} (module common), which the
 * broker shares to evaluate JMS selectors; this class adds what only the provider needs.
 */
public final class WirePropertyNames {
    public static final String JMS_TYPE = JmsWireNames.JMS_TYPE;
    public static final String JMS_CORRELATION_ID = JmsWireNames.JMS_CORRELATION_ID;
    public static final String JMS_REPLY_TO = JmsWireNames.JMS_REPLY_TO;
    public static final String JMS_DESTINATION = JmsWireNames.JMS_DESTINATION;
    public static final String JMS_PRIORITY = JmsWireNames.JMS_PRIORITY;
    public static final String JMS_DELIVERY_MODE = JmsWireNames.JMS_DELIVERY_MODE;
    public static final String JMS_EXPIRATION = JmsWireNames.JMS_EXPIRATION;
    public static final String JMS_DELIVERY_TIME = JmsWireNames.JMS_DELIVERY_TIME;
    public static final String JMS_TIMESTAMP = JmsWireNames.JMS_TIMESTAMP;
    /** JMSMessageID without {@code ID:}, in RocketMQ's unique-id property, so query-by-id finds JMS messages. */
    public static final String MESSAGE_ID = JmsWireNames.MESSAGE_ID;

    /** The body kind: message, text, text-null, text-mutf8, bytes, map, stream or object. */
    public static final String BODY_KIND = JmsWireNames.BODY_KIND;
    /** The types of the entries whose wire string is not a plain String value (see {@link WireValues}). */
    public static final String VALUE_TYPES = JmsWireNames.VALUE_TYPES;
    /** Prefix of application properties whose own name RocketMQ reserves. */
    public static final String ESCAPED_PROPERTY_PREFIX = JmsWireNames.ESCAPED_PROPERTY_PREFIX;

    /** The headers that travel under their own names. */
    public static final List<String> HEADERS = List.of(JMS_DESTINATION, JMS_DELIVERY_MODE, JMS_PRIORITY, JMS_TIMESTAMP,
            JMS_EXPIRATION, JMS_DELIVERY_TIME, JMS_TYPE, JMS_CORRELATION_ID, JMS_REPLY_TO);

    private WirePropertyNames() {
    }

    /**
     * True for names RocketMQ interprets: its MessageConst names, and every name starting with {@code __} (RocketMQ's
     * prefix for internal ones such as {@code __transactionId__} and {@code __STARTDELIVERTIME}, kept for new ones).
     */
    public static boolean isRocketMqReserved(String name) {
        return JmsWireNames.isRocketMqReserved(name);
    }

    /** The wire name of an application or JMSX property. */
    public static String wireName(String propertyName) {
        return JmsWireNames.wireName(propertyName);
    }

    /**
     * The JMS property a wire property carries, or null if it carries none: headers, FerryMQ's and RocketMQ's own
     * entries, JMSX properties set on receipt, and names no selector could use (from non-JMS producers) are not
     * properties.
     */
    static String propertyName(String wireName) {
        if (wireName.startsWith(ESCAPED_PROPERTY_PREFIX)) {
            String name = wireName.substring(ESCAPED_PROPERTY_PREFIX.length());
            return isRocketMqReserved(name) && PropertyNames.isSelectorIdentifier(name) ? name : null;
        }
        if (wireName.startsWith("JMS")) {
            return JmsWireNames.isJmsxOnTheWire(wireName) ? wireName : null;
        }
        return isRocketMqReserved(wireName) || !PropertyNames.isSelectorIdentifier(wireName) ? null : wireName;
    }
}

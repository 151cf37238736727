package io.ferrymq.jms.message;

import io.ferrymq.common.message.MessageConst;

import java.util.List;
import java.util.Set;

/**
 * Names of the wire properties that carry a JMS message, and how application property names map onto them. Stateless.
 *
 * <p>Headers travel under their JMS names ({@code JMSType}, {@code JMSPriority}, ...), so a broker-side SQL92 filter
 * sees them as a selector does; JMSMessageID travels as RocketMQ's {@code UNIQ_KEY} without its {@code ID:} prefix.
 * FerryMQ's own entries start with {@code JMS_FMQ_}, a prefix applications cannot use. An application property keeps
 * its name, unless that name is one RocketMQ gives a meaning to ({@link #isRocketMqReserved}): then it travels as
 * {@value #ESCAPED_PROPERTY_PREFIX} + name, so a property called {@code DELAY} or {@code KEYS} cannot delay the message
 * or re-key it.
 */
public final class WirePropertyNames {
    public static final String JMS_TYPE = "JMSType";
    public static final String JMS_CORRELATION_ID = "JMSCorrelationID";
    public static final String JMS_REPLY_TO = "JMSReplyTo";
    public static final String JMS_DESTINATION = "JMSDestination";
    public static final String JMS_PRIORITY = "JMSPriority";
    public static final String JMS_DELIVERY_MODE = "JMSDeliveryMode";
    public static final String JMS_EXPIRATION = "JMSExpiration";
    public static final String JMS_DELIVERY_TIME = "JMSDeliveryTime";
    public static final String JMS_TIMESTAMP = "JMSTimestamp";
    /** JMSMessageID without {@code ID:}, in RocketMQ's unique-id property, so query-by-id finds JMS messages. */
    public static final String MESSAGE_ID = MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX;

    /** The body kind: message, text, text-null, text-mutf8, bytes, map, stream or object. */
    public static final String BODY_KIND = "JMS_FMQ_Body";
    /** The types of the entries whose wire string is not a plain String value (see {@link WireValues}). */
    public static final String VALUE_TYPES = "JMS_FMQ_Types";
    /** Prefix of application properties whose own name RocketMQ reserves. */
    public static final String ESCAPED_PROPERTY_PREFIX = "JMS_FMQ_P_";

    /** The headers that travel under their own names. */
    public static final List<String> HEADERS = List.of(JMS_DESTINATION, JMS_DELIVERY_MODE, JMS_PRIORITY, JMS_TIMESTAMP,
            JMS_EXPIRATION, JMS_DELIVERY_TIME, JMS_TYPE, JMS_CORRELATION_ID, JMS_REPLY_TO);

    /** Property names RocketMQ brokers and clients interpret (its MessageConst), as of RocketMQ 5.3. */
    private static final Set<String> ROCKETMQ_RESERVED = Set.of("KEYS", "TAGS", "WAIT", "DELAY", "RETRY_TOPIC",
            "REAL_TOPIC", "REAL_QID", "TRAN_MSG", "PGROUP", "MIN_OFFSET", "MAX_OFFSET", "BUYER_ID",
            "ORIGIN_MESSAGE_ID", "TRANSFER_FLAG", "CORRECTION_FLAG", "MQ2_FLAG", "RECONSUME_TIME", "MSG_REGION",
            "TRACE_ON", "UNIQ_KEY", "EXTEND_UNIQ_INFO", "MAX_RECONSUME_TIMES", "CONSUME_START_TIME", "INNER_NUM",
            "INNER_BASE", "DUP_INFO", "CHECK_IMMUNITY_TIME_IN_SECONDS", "TRAN_PREPARED_QUEUE_OFFSET",
            "TRANSACTION_CHECK_TIMES", "INSTANCE_ID", "CORRELATION_ID", "REPLY_TO_CLIENT", "TTL", "ARRIVE_TIME",
            "PUSH_REPLY_TIME", "CLUSTER", "MSG_TYPE", "POP_CK", "POP_CK_OFFSET", "1ST_POP_TIME",
            "PROPERTY_FORWARD_QUEUE_ID", "REDIRECT", "INNER_MULTI_DISPATCH", "INNER_MULTI_QUEUE_OFFSET",
            "TRACE_CONTEXT", "TIMER_DELAY_SEC", "TIMER_DELIVER_MS", "BORN_TIMESTAMP", "TIMER_ENQUEUE_MS",
            "TIMER_DEQUEUE_MS", "TIMER_ROLL_TIMES", "TIMER_OUT_MS", "TIMER_DEL_UNIQKEY", "TIMER_DELAY_LEVEL");

    private WirePropertyNames() {
    }

    /**
     * True for names RocketMQ interprets: its MessageConst names, and every name starting with {@code __} (RocketMQ's
     * prefix for internal ones such as {@code __transactionId__} and {@code __STARTDELIVERTIME}, kept for new ones).
     */
    public static boolean isRocketMqReserved(String name) {
        return name.startsWith("__") || ROCKETMQ_RESERVED.contains(name);
    }

    /** The wire name of an application or JMSX property. */
    public static String wireName(String propertyName) {
        return isRocketMqReserved(propertyName) ? ESCAPED_PROPERTY_PREFIX + propertyName : propertyName;
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
            return wireName.equals(PropertyNames.JMSX_GROUP_ID) || wireName.equals(PropertyNames.JMSX_GROUP_SEQ)
                    || wireName.equals(PropertyNames.JMSX_USER_ID) ? wireName : null;
        }
        return isRocketMqReserved(wireName) || !PropertyNames.isSelectorIdentifier(wireName) ? null : wireName;
    }
}

package io.ferrymq.common.jms;

import io.ferrymq.common.message.MessageConst;

import java.util.Set;

/**
 * Names of the wire properties that carry a JMS message ({@code docs/jms-messages.md}), shared by the JMS provider,
 * which writes and reads them, and by the broker, which evaluates JMS selectors on them. Stateless.
 *
 * <p>Headers travel under their JMS names, except JMSMessageID, which travels as RocketMQ's {@code UNIQ_KEY} without
 * its {@code ID:} prefix. FerryMQ's own entries start with {@code JMS_FMQ_}. An application property keeps its name
 * unless RocketMQ gives that name a meaning ({@link #isRocketMqReserved}); then it travels as
 * {@value #ESCAPED_PROPERTY_PREFIX} + name, so a property called {@code DELAY} or {@code KEYS} cannot delay the
 * message or re-key it.
 */
public final class JmsWireNames {
    public static final String JMS_MESSAGE_ID = "JMSMessageID";
    public static final String JMS_TYPE = "JMSType";
    public static final String JMS_CORRELATION_ID = "JMSCorrelationID";
    public static final String JMS_REPLY_TO = "JMSReplyTo";
    public static final String JMS_DESTINATION = "JMSDestination";
    public static final String JMS_PRIORITY = "JMSPriority";
    public static final String JMS_DELIVERY_MODE = "JMSDeliveryMode";
    public static final String JMS_EXPIRATION = "JMSExpiration";
    public static final String JMS_DELIVERY_TIME = "JMSDeliveryTime";
    public static final String JMS_TIMESTAMP = "JMSTimestamp";

    public static final String JMSX_GROUP_ID = "JMSXGroupID";
    public static final String JMSX_GROUP_SEQ = "JMSXGroupSeq";
    public static final String JMSX_DELIVERY_COUNT = "JMSXDeliveryCount";
    public static final String JMSX_USER_ID = "JMSXUserID";

    /** JMSMessageID without {@link #ID_PREFIX}, in RocketMQ's unique-id property, so query-by-id finds JMS messages. */
    public static final String MESSAGE_ID = MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX;
    /** What every JMSMessageID starts with; the wire leaves it out. */
    public static final String ID_PREFIX = "ID:";

    /** JMSDeliveryMode on the wire, spelled as a selector compares it. */
    public static final String PERSISTENT = "PERSISTENT";
    public static final String NON_PERSISTENT = "NON_PERSISTENT";
    /** What a message without a JMSDeliveryMode or JMSPriority property has (the JMS defaults). */
    public static final String DEFAULT_DELIVERY_MODE = PERSISTENT;
    public static final int DEFAULT_PRIORITY = 4;

    /** The body kind: message, text, text-null, text-mutf8, bytes, map, stream or object. */
    public static final String BODY_KIND = "JMS_FMQ_Body";
    /** The types of the entries whose wire string is not a plain String value (see {@link JmsWireValues}). */
    public static final String VALUE_TYPES = "JMS_FMQ_Types";
    /** Prefix of application properties whose own name RocketMQ reserves. */
    public static final String ESCAPED_PROPERTY_PREFIX = "JMS_FMQ_P_";

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

    private JmsWireNames() {
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
     * True if a name starting with {@code JMS} can still be a property on the wire: the JMSX properties that travel
     * ({@link #JMSX_GROUP_ID}, {@link #JMSX_GROUP_SEQ}, {@link #JMSX_USER_ID}). Every other {@code JMS} name is a
     * header, one of FerryMQ's own entries, or a JMSX property set on receipt.
     */
    public static boolean isJmsxOnTheWire(String name) {
        return name.equals(JMSX_GROUP_ID) || name.equals(JMSX_GROUP_SEQ) || name.equals(JMSX_USER_ID);
    }
}

package io.ferrymq.common.message;

/**
 * Names of the retry, dead-letter and delay topics and of the properties FerryMQ adds to retried and
 * dead-lettered messages (RocketMQ's own names are in {@link MessageConst}). Constants only.
 *
 * <p>The {@code FMQ_*} properties are FerryMQ extensions: other brokers never set them and clients that do
 * not know them see plain string properties.
 */
public final class DeliveryConst {
    public static final String RETRY_GROUP_TOPIC_PREFIX = "%RETRY%";
    public static final String DLQ_GROUP_TOPIC_PREFIX = "%DLQ%";
    /** Where messages with a delay level wait, one queue per level (queue id = level - 1). */
    public static final String SCHEDULE_TOPIC = "SCHEDULE_TOPIC_XXXX";
    /** Where messages with an exact delivery time wait (one queue). */
    public static final String TIMER_TOPIC = "rmq_sys_wheel_timer";

    /** Why a message went to the dead-letter queue: {@link #CAUSE_MAX_RECONSUME} or {@link #CAUSE_REJECTED}. */
    public static final String PROPERTY_DEATH_CAUSE = "FMQ_DEATH_CAUSE";
    /** The failure reason the consumer gave with its last failure (FerryMQ's client sends one; others do not). */
    public static final String PROPERTY_FAILURE_REASON = "FMQ_FAILURE_REASON";
    /** How many deliveries of the message failed. */
    public static final String PROPERTY_FAILURE_COUNT = "FMQ_FAILURE_COUNT";
    /** When the first delivery failed, ms since the epoch (broker clock). */
    public static final String PROPERTY_FIRST_FAILURE_MS = "FMQ_FIRST_FAILURE_MS";
    /** When the last delivery failed, ms since the epoch (broker clock). */
    public static final String PROPERTY_LAST_FAILURE_MS = "FMQ_LAST_FAILURE_MS";
    /** When the message entered the dead-letter queue; its expiry counts from here. */
    public static final String PROPERTY_DEAD_AT_MS = "FMQ_DEAD_AT_MS";
    /** Set on a dead letter sent back to its topic: the dead-letter topic it came from. */
    public static final String PROPERTY_REDRIVEN_FROM = "FMQ_REDRIVEN_FROM";
    /**
     * Broker-internal: marks a record the delay service delivered ({@code <level>:<queueOffset>} or
     * {@code T:<queueOffset>}), so a restart can tell delivered from pending. Stripped from anything a client
     * stores.
     */
    public static final String PROPERTY_DELAY_SOURCE = "FMQ_DELAY_SOURCE";
    /**
     * On a half message: the XA branch (its Xid as text) whose prepare stores it. The back-check never asks a producer
     * about such a half; the branch's commit or rollback settles it (docs/xa.md).
     */
    public static final String PROPERTY_XA_BRANCH = "FMQ_XA_BRANCH";

    public static final String CAUSE_MAX_RECONSUME = "MAX_RECONSUME_TIMES_REACHED";
    public static final String CAUSE_REJECTED = "REJECTED_BY_CONSUMER";

    private DeliveryConst() {
    }

    public static String retryTopic(String group) {
        return RETRY_GROUP_TOPIC_PREFIX + group;
    }

    public static String dlqTopic(String group) {
        return DLQ_GROUP_TOPIC_PREFIX + group;
    }

    public static boolean isDeadLetterTopic(String topic) {
        return topic.startsWith(DLQ_GROUP_TOPIC_PREFIX);
    }
}

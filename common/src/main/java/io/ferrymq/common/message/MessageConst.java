package io.ferrymq.common.message;

/**
 * Names of the message properties the broker and clients interpret, spelled as RocketMQ spells them.
 * Constants only.
 */
public final class MessageConst {
    public static final String PROPERTY_TAGS = "TAGS";
    public static final String PROPERTY_KEYS = "KEYS";
    public static final String PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX = "UNIQ_KEY";
    public static final String PROPERTY_WAIT_STORE_MSG_OK = "WAIT";
    public static final String PROPERTY_DELAY_TIME_LEVEL = "DELAY";
    public static final String PROPERTY_TRANSACTION_PREPARED = "TRAN_MSG";
    public static final String PROPERTY_PRODUCER_GROUP = "PGROUP";
    public static final String PROPERTY_REAL_TOPIC = "REAL_TOPIC";
    public static final String PROPERTY_REAL_QUEUE_ID = "REAL_QID";
    public static final String PROPERTY_RETRY_TOPIC = "RETRY_TOPIC";
    public static final String PROPERTY_ORIGIN_MESSAGE_ID = "ORIGIN_MESSAGE_ID";
    public static final String PROPERTY_CLUSTER = "CLUSTER";
    public static final String PROPERTY_TRANSACTION_ID = "__transactionId__";
    public static final String PROPERTY_RECONSUME_TIME = "RECONSUME_TIME";
    public static final String PROPERTY_MAX_RECONSUME_TIMES = "MAX_RECONSUME_TIMES";
    public static final String PROPERTY_DLQ_ORIGIN_TOPIC = "DLQ_ORIGIN_TOPIC";
    public static final String PROPERTY_DLQ_ORIGIN_MESSAGE_ID = "DLQ_ORIGIN_MESSAGE_ID";
    /** RocketMQ 5 timer messages: absolute delivery time (ms since the epoch). */
    public static final String PROPERTY_TIMER_DELIVER_MS = "TIMER_DELIVER_MS";
    /** RocketMQ 5 timer messages: delay relative to the send, in seconds. */
    public static final String PROPERTY_TIMER_DELAY_SEC = "TIMER_DELAY_SEC";
    /** RocketMQ 5 timer messages: delay relative to the send, in ms. */
    public static final String PROPERTY_TIMER_DELAY_MS = "TIMER_DELAY_MS";
    /** RocketMQ 5 timer bookkeeping: the delivery time the broker computed. */
    public static final String PROPERTY_TIMER_OUT_MS = "TIMER_OUT_MS";

    /** Separates the keys inside the KEYS property. */
    public static final String KEY_SEPARATOR = " ";

    private MessageConst() {
    }
}

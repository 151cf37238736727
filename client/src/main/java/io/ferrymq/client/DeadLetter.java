package io.ferrymq.client;

import io.ferrymq.common.message.DeliveryConst;
import io.ferrymq.common.message.MessageConst;

/**
 * A message in a group's dead-letter queue and the story of how it died, as FerryMQ's broker records it
 * (letters written by other brokers lack the FerryMQ fields: they read as null or -1). Immutable.
 *
 * @param message      the letter as stored in {@code %DLQ%<group>}
 * @param originTopic  the topic the message was first sent to
 * @param cause        {@code MAX_RECONSUME_TIMES_REACHED} or {@code REJECTED_BY_CONSUMER}
 * @param reason       the consumer's last failure reason, when it gave one
 * @param failureCount how many deliveries failed
 */
public record DeadLetter(ReceivedMessage message, String originTopic, String cause, String reason, int failureCount,
                         long firstFailureMillis, long lastFailureMillis, long deadAtMillis) {

    static DeadLetter of(ReceivedMessage m) {
        String origin = m.property(MessageConst.PROPERTY_DLQ_ORIGIN_TOPIC);
        return new DeadLetter(m, origin != null ? origin : m.property(MessageConst.PROPERTY_RETRY_TOPIC),
                m.property(DeliveryConst.PROPERTY_DEATH_CAUSE), m.property(DeliveryConst.PROPERTY_FAILURE_REASON),
                (int) number(m, DeliveryConst.PROPERTY_FAILURE_COUNT, m.reconsumeTimes()),
                number(m, DeliveryConst.PROPERTY_FIRST_FAILURE_MS, -1), number(m, DeliveryConst.PROPERTY_LAST_FAILURE_MS, -1),
                number(m, DeliveryConst.PROPERTY_DEAD_AT_MS, m.storeTimestamp()));
    }

    private static long number(ReceivedMessage m, String property, long absent) {
        String v = m.property(property);
        try {
            return v == null ? absent : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return absent;
        }
    }

    /** The client id (UNIQ_KEY) the message was sent with. */
    public String msgId() {
        return message.msgId();
    }
}

package io.ferrymq.broker.retry;

import io.ferrymq.common.message.DeliveryConst;
import io.ferrymq.common.message.MessageConst;

import java.util.Map;

/**
 * The bookkeeping properties a failed message carries from retry to retry and into the dead-letter queue:
 * how often and when it failed, the consumer's last reason, and (in the DLQ) why and when it died.
 * Stateless.
 */
final class FailureRecord {
    /** Reasons longer than this are cut: properties share a 32 KiB budget with the user's own. */
    static final int MAX_REASON_CHARS = 1_024;

    private FailureRecord() {
    }

    /**
     * Notes one more failed delivery: the first failure time (kept from earlier retries), the last one, the
     * count and, when the consumer gave one, its reason.
     */
    static void noteFailure(Map<String, String> p, int reconsumeTimes, String reason, long now) {
        p.putIfAbsent(DeliveryConst.PROPERTY_FIRST_FAILURE_MS, Long.toString(now));
        p.put(DeliveryConst.PROPERTY_LAST_FAILURE_MS, Long.toString(now));
        p.put(DeliveryConst.PROPERTY_FAILURE_COUNT, Integer.toString(reconsumeTimes + 1));
        String clean = sanitize(reason);
        if (clean != null) {
            p.put(DeliveryConst.PROPERTY_FAILURE_REASON, clean);
        }
    }

    /** Turns the properties of a failed message into those of a dead letter. */
    static void markDead(Map<String, String> p, String originTopic, int reconsumeTimes, int maxReconsumeTimes,
                         String cause, long now) {
        p.remove(MessageConst.PROPERTY_DELAY_TIME_LEVEL);
        p.put(MessageConst.PROPERTY_DLQ_ORIGIN_TOPIC, originTopic);
        String uniq = p.get(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        if (uniq != null) {
            p.put(MessageConst.PROPERTY_DLQ_ORIGIN_MESSAGE_ID, uniq);
        }
        p.put(MessageConst.PROPERTY_RECONSUME_TIME, Integer.toString(reconsumeTimes));
        p.put(MessageConst.PROPERTY_MAX_RECONSUME_TIMES, Integer.toString(maxReconsumeTimes));
        p.put(DeliveryConst.PROPERTY_DEATH_CAUSE, cause);
        p.put(DeliveryConst.PROPERTY_DEAD_AT_MS, Long.toString(now));
    }

    /** Drops what only made sense while the message was waiting or failing; used when it is sent again. */
    static void clearForRedrive(Map<String, String> p) {
        for (String name : new String[] {MessageConst.PROPERTY_DELAY_TIME_LEVEL, MessageConst.PROPERTY_REAL_TOPIC,
                MessageConst.PROPERTY_REAL_QUEUE_ID, MessageConst.PROPERTY_TIMER_DELIVER_MS,
                MessageConst.PROPERTY_TIMER_DELAY_MS, MessageConst.PROPERTY_TIMER_DELAY_SEC,
                MessageConst.PROPERTY_TIMER_OUT_MS, MessageConst.PROPERTY_DLQ_ORIGIN_TOPIC,
                MessageConst.PROPERTY_DLQ_ORIGIN_MESSAGE_ID, MessageConst.PROPERTY_RECONSUME_TIME,
                MessageConst.PROPERTY_MAX_RECONSUME_TIMES, DeliveryConst.PROPERTY_DEATH_CAUSE,
                DeliveryConst.PROPERTY_DEAD_AT_MS, DeliveryConst.PROPERTY_FAILURE_COUNT,
                DeliveryConst.PROPERTY_FAILURE_REASON, DeliveryConst.PROPERTY_FIRST_FAILURE_MS,
                DeliveryConst.PROPERTY_LAST_FAILURE_MS, DeliveryConst.PROPERTY_DELAY_SOURCE}) {
            p.remove(name);
        }
    }

    /** The reason as a property value: separators of the properties encoding replaced, length capped. */
    static String sanitize(String reason) {
        if (reason == null || reason.isBlank()) {
            return null;
        }
        StringBuilder sb = new StringBuilder(Math.min(reason.length(), MAX_REASON_CHARS));
        for (int i = 0; i < reason.length() && sb.length() < MAX_REASON_CHARS; i++) {
            char c = reason.charAt(i);
            sb.append(c == '\u0001' || c == '\u0002' ? ' ' : c);
        }
        return sb.toString();
    }
}

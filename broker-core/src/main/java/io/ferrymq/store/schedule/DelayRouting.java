package io.ferrymq.store.schedule;

import io.ferrymq.common.message.DeliveryConst;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.store.MessageToAppend;

import java.time.Clock;
import java.util.Map;

/**
 * The append path's view of delays: a message with a delay level ({@code DELAY}) is stored in
 * {@code SCHEDULE_TOPIC_XXXX} queue level - 1, one with an exact delivery time ({@code TIMER_DELIVER_MS},
 * {@code TIMER_DELAY_MS}, {@code TIMER_DELAY_SEC}) in the timer topic, both remembering the real topic and
 * queue in {@code REAL_TOPIC}/{@code REAL_QID}, so no consumer can read them before they are due. Also strips
 * the delay service's internal delivery mark from whatever a client stores. Immutable; safe from any thread.
 */
public final class DelayRouting {
    private final DelayLevels levels;
    private final long timerMaxDelayMillis;
    private final Clock clock;

    /** The message to append, or why it is refused. */
    public record Routed(MessageToAppend message, String refusal) {
        static Routed ok(MessageToAppend m) {
            return new Routed(m, null);
        }

        static Routed refused(String why) {
            return new Routed(null, why);
        }
    }

    public DelayRouting(DelayLevels levels, long timerMaxDelaySec, Clock clock) {
        this.levels = levels;
        this.timerMaxDelayMillis = timerMaxDelaySec * 1_000L;
        this.clock = clock;
    }

    public DelayLevels levels() {
        return levels;
    }

    /** Where a single message is stored. The common case (no delay property at all) allocates nothing. */
    public Routed route(MessageToAppend m) {
        String props = m.properties();
        if (!mentionsDelay(props)) {
            return Routed.ok(m);
        }
        Map<String, String> p = MessageProperties.decode(props);
        p.remove(DeliveryConst.PROPERTY_DELAY_SOURCE);
        int txType = MessageSysFlag.transactionType(m.sysFlag());
        boolean deliverable = txType == MessageSysFlag.TRANSACTION_NOT_TYPE || txType == MessageSysFlag.TRANSACTION_COMMIT_TYPE;
        if (!deliverable) {
            // Half messages wait for their commit; the commit record is delayed then.
            return Routed.ok(withProperties(m, m.topic(), m.queueId(), p));
        }
        String delay = p.get(MessageConst.PROPERTY_DELAY_TIME_LEVEL);
        if (delay != null) {
            int level;
            try {
                level = Integer.parseInt(delay.trim());
            } catch (NumberFormatException e) {
                return Routed.refused("FMQ-STORE-130 DELAY must be a delay level number (1.." + levels.maxLevel()
                        + "), not '" + delay + "'");
            }
            if (level > 0) {
                // A level wins over exact times, as in RocketMQ.
                p.remove(MessageConst.PROPERTY_TIMER_DELIVER_MS);
                p.remove(MessageConst.PROPERTY_TIMER_DELAY_MS);
                p.remove(MessageConst.PROPERTY_TIMER_DELAY_SEC);
                level = levels.clamp(level);
                p.put(MessageConst.PROPERTY_DELAY_TIME_LEVEL, Integer.toString(level));
                p.put(MessageConst.PROPERTY_REAL_TOPIC, m.topic());
                p.put(MessageConst.PROPERTY_REAL_QUEUE_ID, Integer.toString(m.queueId()));
                return Routed.ok(withProperties(m, DeliveryConst.SCHEDULE_TOPIC, level - 1, p));
            }
            p.remove(MessageConst.PROPERTY_DELAY_TIME_LEVEL);
        }
        long now = clock.millis();
        long deliverAt;
        try {
            deliverAt = deliveryTime(p, now);
        } catch (NumberFormatException e) {
            return Routed.refused("FMQ-STORE-131 TIMER_DELIVER_MS, TIMER_DELAY_MS and TIMER_DELAY_SEC must be whole "
                    + "numbers: " + e.getMessage());
        }
        if (deliverAt <= now) {
            return Routed.ok(withProperties(m, m.topic(), m.queueId(), p));
        }
        if (deliverAt - now > timerMaxDelayMillis) {
            return Routed.refused("FMQ-STORE-132 delivery time " + deliverAt + " is " + (deliverAt - now) / 1000
                    + " s ahead, more than timerMaxDelaySec " + timerMaxDelayMillis / 1000
                    + "; deliver sooner or raise timerMaxDelaySec");
        }
        p.put(MessageConst.PROPERTY_TIMER_OUT_MS, Long.toString(deliverAt));
        p.put(MessageConst.PROPERTY_REAL_TOPIC, m.topic());
        p.put(MessageConst.PROPERTY_REAL_QUEUE_ID, Integer.toString(m.queueId()));
        return Routed.ok(withProperties(m, DeliveryConst.TIMER_TOPIC, 0, p));
    }

    /** Batches are stored as they are: a delayed element is refused rather than delivered early. */
    public String refusalInBatch(MessageToAppend m) {
        String props = m.properties();
        if (!mentionsDelay(props)) {
            return null;
        }
        Map<String, String> p = MessageProperties.decode(props);
        if (p.containsKey(DeliveryConst.PROPERTY_DELAY_SOURCE)) {
            return "FMQ-STORE-133 property " + DeliveryConst.PROPERTY_DELAY_SOURCE + " is reserved for the broker";
        }
        String level = p.get(MessageConst.PROPERTY_DELAY_TIME_LEVEL);
        boolean delayed = (level != null && !level.trim().equals("0"))
                || p.containsKey(MessageConst.PROPERTY_TIMER_DELIVER_MS)
                || p.containsKey(MessageConst.PROPERTY_TIMER_DELAY_MS)
                || p.containsKey(MessageConst.PROPERTY_TIMER_DELAY_SEC);
        return delayed ? "FMQ-STORE-134 a batch cannot carry delayed messages; send them one by one" : null;
    }

    private static long deliveryTime(Map<String, String> p, long now) {
        String at = p.get(MessageConst.PROPERTY_TIMER_DELIVER_MS);
        if (at != null) {
            return Long.parseLong(at.trim());
        }
        String ms = p.get(MessageConst.PROPERTY_TIMER_DELAY_MS);
        if (ms != null) {
            return now + Long.parseLong(ms.trim());
        }
        String sec = p.get(MessageConst.PROPERTY_TIMER_DELAY_SEC);
        if (sec != null) {
            return now + Long.parseLong(sec.trim()) * 1_000L;
        }
        return now;
    }

    /**
     * True when a name the router cares about may be present: one scan of the string, no allocation. A
     * false positive (the name inside a value) only costs a full decode.
     */
    static boolean mentionsDelay(String props) {
        return props.indexOf(MessageConst.PROPERTY_DELAY_TIME_LEVEL + MessageProperties.NAME_VALUE_SEPARATOR) >= 0
                || props.indexOf("TIMER_") >= 0
                || props.indexOf(DeliveryConst.PROPERTY_DELAY_SOURCE) >= 0;
    }

    static MessageToAppend withProperties(MessageToAppend m, String topic, int queueId, Map<String, String> p) {
        return new MessageToAppend(topic, queueId, m.flag(), m.body(), MessageProperties.encode(p), m.sysFlag(),
                m.bornTimestamp(), m.bornHost(), m.storeHost(), m.reconsumeTimes(), m.preparedTransactionOffset());
    }
}

package io.ferrymq.store;

import io.ferrymq.common.message.DeliveryConst;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.store.schedule.DelayLevels;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What the dispatcher takes from one CommitLog record to build the ConsumeQueue entry and index keys.
 * Immutable. The properties string is decoded only when the record has properties.
 */
record DispatchRequest(String topic, int queueId, long commitLogOffset, int size, long queueOffset, int sysFlag,
                       long storeTimestamp, long tagsCode, String keys, String uniqKey) {

    /** Reads the record at {@code pos} of {@code buf}; the record was validated by the caller. */
    static DispatchRequest read(ByteBuffer buf, int pos) {
        return read(buf, pos, null);
    }

    /**
     * Like {@link #read(ByteBuffer, int)}, taking the topic String from {@code topics} (dispatcher thread)
     * when it is not null.
     */
    static DispatchRequest read(ByteBuffer buf, int pos, DispatchTopicCache topics) {
        return read(buf, pos, topics, null);
    }

    /**
     * As {@link #read(ByteBuffer, int, DispatchTopicCache)}; with {@code levels}, entries of the delay topics
     * get their delivery time as tagsCode, as in RocketMQ: store time + the level's delay for
     * SCHEDULE_TOPIC_XXXX, the computed TIMER_OUT_MS for the timer topic.
     */
    static DispatchRequest read(ByteBuffer buf, int pos, DispatchTopicCache topics, DelayLevels levels) {
        int size = buf.getInt(pos);
        int magic = buf.getInt(pos + MessageRecord.MAGIC_POSITION);
        int queueId = buf.getInt(pos + MessageRecord.QUEUE_ID_POSITION);
        long queueOffset = buf.getLong(pos + MessageRecord.QUEUE_OFFSET_POSITION);
        long physicalOffset = buf.getLong(pos + MessageRecord.PHYSICAL_OFFSET_POSITION);
        int sysFlag = buf.getInt(pos + MessageRecord.SYSFLAG_POSITION);
        long storeTimestamp = buf.getLong(pos + MessageRecord.storeTimestampPosition(sysFlag));
        int bodyLengthPos = pos + MessageRecord.bodyLengthPosition(sysFlag);
        int topicPos = bodyLengthPos + 4 + buf.getInt(bodyLengthPos);
        int topicLength;
        if (magic == MessageRecord.MAGIC_V1) {
            topicLength = buf.get(topicPos) & 0xFF;
            topicPos += 1;
        } else {
            topicLength = buf.getShort(topicPos) & 0xFFFF;
            topicPos += 2;
        }
        String topic = topics != null ? topics.topic(buf, topicPos, topicLength) : string(buf, topicPos, topicLength);
        int propsPos = topicPos + topicLength;
        int propsLength = buf.getShort(propsPos);
        String properties = propsLength > 0 ? string(buf, propsPos + 2, propsLength) : "";
        String tags = MessageProperties.find(properties, MessageConst.PROPERTY_TAGS);
        long tagsCode = tags == null || tags.isEmpty() ? 0 : tags.hashCode();
        if (levels != null && topic.equals(DeliveryConst.SCHEDULE_TOPIC)) {
            tagsCode = storeTimestamp + levels.delayMillis(queueId + 1);
        } else if (levels != null && topic.equals(DeliveryConst.TIMER_TOPIC)) {
            tagsCode = timerOut(properties, storeTimestamp);
        }
        return new DispatchRequest(topic, queueId, physicalOffset, size, queueOffset, sysFlag, storeTimestamp, tagsCode,
                MessageProperties.find(properties, MessageConst.PROPERTY_KEYS),
                MessageProperties.find(properties, MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX));
    }

    private static long timerOut(String properties, long fallback) {
        String out = MessageProperties.find(properties, MessageConst.PROPERTY_TIMER_OUT_MS);
        try {
            return out == null ? fallback : Long.parseLong(out);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String string(ByteBuffer buf, int pos, int length) {
        byte[] bytes = new byte[length];
        buf.get(pos, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

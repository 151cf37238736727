package io.ferrymq.client;

import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.DeliveryConst;
import io.ferrymq.common.message.MessageConst;

import java.util.Map;

/** A message as a consumer receives it: the stored record's values and the queue it came from. Immutable. */
public record ReceivedMessage(DecodedMessage record, MessageQueue queue) {

    /**
     * The topic the message was sent to: for a retried message (read from {@code %RETRY%<group>}) its original
     * topic, as RocketMQ's client shows it.
     */
    public String topic() {
        String stored = record.topic();
        if (stored.startsWith(DeliveryConst.RETRY_GROUP_TOPIC_PREFIX)) {
            String original = record.property(MessageConst.PROPERTY_RETRY_TOPIC);
            if (original != null) {
                return original;
            }
        }
        return stored;
    }

    public byte[] body() {
        return record.body();
    }

    public String tag() {
        return record.property(MessageConst.PROPERTY_TAGS);
    }

    public String keys() {
        return record.property(MessageConst.PROPERTY_KEYS);
    }

    public String property(String name) {
        return record.property(name);
    }

    public Map<String, String> properties() {
        return record.properties();
    }

    /** The client-assigned unique id (UNIQ_KEY). */
    public String msgId() {
        return record.property(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
    }

    public String offsetMsgId() {
        return record.offsetMessageId();
    }

    public long queueOffset() {
        return record.queueOffset();
    }

    public int reconsumeTimes() {
        return record.reconsumeTimes();
    }

    public long storeTimestamp() {
        return record.storeTimestamp();
    }

    public long bornTimestamp() {
        return record.bornTimestamp();
    }
}

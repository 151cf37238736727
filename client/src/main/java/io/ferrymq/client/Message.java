package io.ferrymq.client;

import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A message to send: topic, body, tag, keys and user properties. Not thread-safe; build, then send. */
public final class Message {
    private final String topic;
    private final byte[] body;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private int flag;

    public Message(String topic, byte[] body) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.body = Objects.requireNonNull(body, "body");
    }

    public Message(String topic, String tag, String keys, byte[] body) {
        this(topic, body);
        if (tag != null) {
            setTag(tag);
        }
        if (keys != null) {
            setKeys(keys);
        }
    }

    public String topic() {
        return topic;
    }

    public byte[] body() {
        return body;
    }

    public int flag() {
        return flag;
    }

    public Message setFlag(int flag) {
        this.flag = flag;
        return this;
    }

    public Message setTag(String tag) {
        properties.put(MessageConst.PROPERTY_TAGS, tag);
        return this;
    }

    public String tag() {
        return properties.get(MessageConst.PROPERTY_TAGS);
    }

    /** Space-separated keys, indexed by the broker for query by key. */
    public Message setKeys(String keys) {
        properties.put(MessageConst.PROPERTY_KEYS, keys);
        return this;
    }

    public String keys() {
        return properties.get(MessageConst.PROPERTY_KEYS);
    }

    /**
     * Delivers the message after the broker's delay {@code level} (1 = the first of {@code messageDelayLevel},
     * {@code 1s 5s 10s 30s 1m ...} by default).
     */
    public Message setDelayLevel(int level) {
        properties.put(MessageConst.PROPERTY_DELAY_TIME_LEVEL, Integer.toString(level));
        return this;
    }

    /** Delivers the message at {@code epochMillis} (the broker's clock), not before. */
    public Message setDeliverTimeMs(long epochMillis) {
        properties.put(MessageConst.PROPERTY_TIMER_DELIVER_MS, Long.toString(epochMillis));
        return this;
    }

    /** Delivers the message {@code delayMillis} after the broker stores it, not before. */
    public Message setDelayTimeMs(long delayMillis) {
        properties.put(MessageConst.PROPERTY_TIMER_DELAY_MS, Long.toString(delayMillis));
        return this;
    }

    public Message putProperty(String name, String value) {
        properties.put(name, value);
        return this;
    }

    public String property(String name) {
        return properties.get(name);
    }

    public Map<String, String> properties() {
        return properties;
    }

    public String encodedProperties() {
        return MessageProperties.encode(properties);
    }
}

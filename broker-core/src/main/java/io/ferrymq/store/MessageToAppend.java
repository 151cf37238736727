package io.ferrymq.store;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A message as handed to the store: everything of the stored record except what the store assigns
 * (queue offset, commit-log offset, store time, body CRC). Immutable; the body array must not change
 * after construction.
 */
public record MessageToAppend(
        String topic,
        int queueId,
        int flag,
        byte[] body,
        String properties,
        int sysFlag,
        long bornTimestamp,
        InetSocketAddress bornHost,
        InetSocketAddress storeHost,
        int reconsumeTimes,
        long preparedTransactionOffset) {

    public MessageToAppend {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(bornHost, "bornHost");
        Objects.requireNonNull(storeHost, "storeHost");
        properties = properties == null ? "" : properties;
    }

    /** A plain message: no flags, born now at {@code host}, stored at {@code host}. */
    public static MessageToAppend of(String topic, int queueId, byte[] body, String properties,
                                     InetSocketAddress host) {
        return new MessageToAppend(topic, queueId, 0, body, properties, 0, System.currentTimeMillis(), host, host,
                0, 0L);
    }
}

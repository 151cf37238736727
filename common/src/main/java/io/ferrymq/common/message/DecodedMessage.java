package io.ferrymq.common.message;

import java.net.InetSocketAddress;
import java.util.Map;

/** A stored record decoded into plain values. Immutable (the body array is not copied on access). */
public record DecodedMessage(
        int totalSize,
        int bodyCrc,
        int queueId,
        int flag,
        long queueOffset,
        long physicalOffset,
        int sysFlag,
        long bornTimestamp,
        InetSocketAddress bornHost,
        long storeTimestamp,
        InetSocketAddress storeHost,
        int reconsumeTimes,
        long preparedTransactionOffset,
        byte[] body,
        String topic,
        String propertiesString) {

    public Map<String, String> properties() {
        return MessageProperties.decode(propertiesString);
    }

    public String property(String name) {
        return MessageProperties.find(propertiesString, name);
    }

    /** The broker's offset message id: store host plus commit-log offset. */
    public String offsetMessageId() {
        return MessageIds.offsetMessageId(storeHost, physicalOffset);
    }
}

package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.protocol.Required;

/** QUERY_CONSUMER_OFFSET (14) and UPDATE_CONSUMER_OFFSET (15) request header. */
public class ConsumerOffsetRequestHeader {
    @Required
    public String consumerGroup;
    @Required
    public String topic;
    @Required
    public Integer queueId;
    public Long commitOffset;
    public Boolean setZeroIfNotFound;
}

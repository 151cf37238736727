package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.protocol.Required;

/** QUERY_MESSAGE (12) request header. */
public class QueryMessageRequestHeader {
    @Required
    public String topic;
    @Required
    public String key;
    @Required
    public Integer maxNum;
    @Required
    public Long beginTimestamp;
    @Required
    public Long endTimestamp;
}

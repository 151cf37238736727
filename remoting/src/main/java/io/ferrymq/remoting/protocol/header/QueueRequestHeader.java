package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.protocol.Required;

/** Requests about one queue: GET_MAX_OFFSET, GET_MIN_OFFSET, GET_EARLIEST_MSG_STORETIME, SEARCH_OFFSET_BY_TIMESTAMP. */
public class QueueRequestHeader {
    @Required
    public String topic;
    @Required
    public Integer queueId;
    public Long timestamp;
    public String boundaryType;
}

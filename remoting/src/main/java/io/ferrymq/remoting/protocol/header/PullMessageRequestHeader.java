package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.protocol.Required;

/** PULL_MESSAGE (11) and LITE_PULL_MESSAGE (361) request header. */
public class PullMessageRequestHeader {
    @Required
    public String consumerGroup;
    @Required
    public String topic;
    @Required
    public Integer queueId;
    @Required
    public Long queueOffset;
    @Required
    public Integer maxMsgNums;
    @Required
    public Integer sysFlag;
    @Required
    public Long commitOffset;
    @Required
    public Long suspendTimeoutMillis;
    public String subscription;
    @Required
    public Long subVersion;
    public String expressionType;
    public Integer maxMsgBytes;
    public String bname;
}

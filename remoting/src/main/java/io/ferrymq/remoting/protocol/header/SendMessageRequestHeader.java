package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.protocol.Required;

/** SEND_MESSAGE (10) request header, long field names. */
public class SendMessageRequestHeader {
    @Required
    public String producerGroup;
    @Required
    public String topic;
    @Required
    public String defaultTopic;
    @Required
    public Integer defaultTopicQueueNums;
    @Required
    public Integer queueId;
    @Required
    public Integer sysFlag;
    @Required
    public Long bornTimestamp;
    @Required
    public Integer flag;
    public String properties;
    public Integer reconsumeTimes;
    public boolean unitMode;
    public Boolean batch;
    public Integer maxReconsumeTimes;
    public String bname;
}

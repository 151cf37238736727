package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.protocol.Required;

/** UPDATE_AND_CREATE_TOPIC (17) request header. */
public class CreateTopicRequestHeader {
    @Required
    public String topic;
    @Required
    public String defaultTopic;
    @Required
    public Integer readQueueNums;
    @Required
    public Integer writeQueueNums;
    @Required
    public Integer perm;
    @Required
    public String topicFilterType;
    public Integer topicSysFlag;
    @Required
    public Boolean order;
}

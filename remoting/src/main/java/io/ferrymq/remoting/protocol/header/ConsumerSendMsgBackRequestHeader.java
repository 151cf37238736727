package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.protocol.Required;

/**
 * CONSUMER_SEND_MSG_BACK (36) request header: a consumer hands back a message it failed to consume.
 * {@code delayLevel} 0 lets the broker choose (3 + reconsume times), a negative level sends the message
 * straight to the dead-letter queue. {@code failureReason} is a FerryMQ extension (other brokers ignore
 * unknown header fields): the consumer's own words for why the message failed.
 */
public class ConsumerSendMsgBackRequestHeader {
    @Required
    public Long offset;
    @Required
    public String group;
    @Required
    public Integer delayLevel;
    public String originMsgId;
    public String originTopic;
    public boolean unitMode;
    public Integer maxReconsumeTimes;
    public String bname;
    public String failureReason;
}

package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.protocol.Required;

/** Send response header: the stored message's offset id, queue and queue offset. */
public class SendMessageResponseHeader {
    @Required
    public String msgId;
    @Required
    public Integer queueId;
    @Required
    public Long queueOffset;
    public String transactionId;
}

package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.protocol.Required;

/**
 * END_TRANSACTION (37) request header, oneway from a producer: the outcome of the local transaction of one half
 * message. {@code tranStateTableOffset} and {@code commitLogOffset} name the half record as the send response (or the
 * back-check) gave them.
 */
public class EndTransactionRequestHeader {
    @Required
    public String producerGroup;
    @Required
    public Long tranStateTableOffset;
    @Required
    public Long commitLogOffset;
    /** MessageSysFlag transaction type: 0 unknown, 8 commit, 12 rollback. */
    @Required
    public Integer commitOrRollback;
    public Boolean fromTransactionCheck;
    @Required
    public String msgId;
    public String transactionId;
    /** 5.x clients: the message's real topic and the broker name. */
    public String topic;
    public String bname;
}

package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.protocol.Required;

/**
 * CHECK_TRANSACTION_STATE (39) request header, oneway from a broker to one producer of the half message's group.
 * The producer answers with END_TRANSACTION carrying the same two offsets.
 */
public class CheckTransactionStateRequestHeader {
    @Required
    public Long tranStateTableOffset;
    @Required
    public Long commitLogOffset;
    /** The half message's UNIQ_KEY. */
    public String msgId;
    /** The transaction id (also the UNIQ_KEY). */
    public String transactionId;
    /** The half record's offset message id. */
    public String offsetMsgId;
    /** 5.x: the real topic and the broker name. */
    public String topic;
    public String bname;
}

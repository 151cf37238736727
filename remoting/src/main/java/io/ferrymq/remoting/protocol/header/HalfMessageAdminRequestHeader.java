package io.ferrymq.remoting.protocol.header;

/**
 * FerryMQ's half-message admin requests (LIST_HALF_MESSAGES, RESOLVE_HALF_MESSAGE, RESUME_HALF_MESSAGES). Every
 * field narrows the request; which ones a code needs is said at the code.
 */
public class HalfMessageAdminRequestHeader {
    public String producerGroup;
    public String topic;
    /** A transaction id (the half message's UNIQ_KEY) or the half record's offset message id. */
    public String transactionId;
    /** RESOLVE_HALF_MESSAGE: {@code COMMIT} or {@code ROLLBACK}. */
    public String action;
    /** LIST_HALF_MESSAGES: most entries returned. */
    public Integer limit;
}

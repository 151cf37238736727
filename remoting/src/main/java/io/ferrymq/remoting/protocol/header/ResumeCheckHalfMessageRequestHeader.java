package io.ferrymq.remoting.protocol.header;

/** RESUME_CHECK_HALF_MESSAGE (323): checks a half message again that ran out of checks. */
public class ResumeCheckHalfMessageRequestHeader {
    public String topic;
    /** The half message's UNIQ_KEY or offset message id. */
    public String msgId;
}

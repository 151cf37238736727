package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.protocol.Required;

/**
 * REDRIVE_DEAD_LETTERS (FerryMQ's own code): send dead letters of {@code group} back. Exactly one of
 * {@code msgId} (the client id UNIQ_KEY or an offset message id), {@code key} (one of the message keys) or
 * {@code all=true} selects the letters. {@code target} is {@code ORIGIN_TOPIC} (default: the topic the message
 * was first sent to, so every group subscribed to it receives it again) or {@code RETRY} (the group's retry
 * topic: only the group that failed receives it).
 */
public class RedriveDeadLettersRequestHeader {
    @Required
    public String group;
    public String msgId;
    public String key;
    public Boolean all;
    public String target;
}

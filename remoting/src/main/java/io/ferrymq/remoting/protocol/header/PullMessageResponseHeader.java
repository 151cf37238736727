package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.protocol.Required;

/** Pull response header: where to pull next and the queue's bounds. */
public class PullMessageResponseHeader {
    @Required
    public Long suggestWhichBrokerId;
    @Required
    public Long nextBeginOffset;
    @Required
    public Long minOffset;
    @Required
    public Long maxOffset;
}

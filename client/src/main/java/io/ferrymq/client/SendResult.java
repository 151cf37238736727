package io.ferrymq.client;

/**
 * What a send achieved. {@code status} is OK, or one of the "stored but" outcomes the protocol reports
 * (flush or replica timeouts, no replica). Immutable.
 *
 * @param msgId       the client-side unique id (UNIQ_KEY)
 * @param offsetMsgId the broker's id: store host and commit-log offset
 */
public record SendResult(SendStatus status, String msgId, String offsetMsgId, MessageQueue queue, long queueOffset) {
    public enum SendStatus { SEND_OK, FLUSH_DISK_TIMEOUT, FLUSH_SLAVE_TIMEOUT, SLAVE_NOT_AVAILABLE }
}

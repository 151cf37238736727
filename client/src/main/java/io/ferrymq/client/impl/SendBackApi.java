package io.ferrymq.client.impl;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.header.ConsumerSendMsgBackRequestHeader;

import java.util.concurrent.CompletableFuture;

/**
 * Hands a failed message back to its broker (CONSUMER_SEND_MSG_BACK), which retries it later through the
 * group's retry topic or dead-letters it. Stateless over a {@link ClientInstance}; safe from any thread.
 */
public final class SendBackApi {
    /** Delay level that sends the message straight to the dead-letter queue. */
    public static final int DEAD_LETTER_NOW = -1;
    /** Delay level that lets the broker choose (3 + reconsume times). */
    public static final int BROKER_CHOOSES = 0;
    /** RocketMQ's client waits this long for a send-back. */
    private static final long TIMEOUT_MILLIS = 5_000;

    private final ClientInstance client;

    public SendBackApi(ClientInstance client) {
        this.client = client;
    }

    /**
     * Completes normally when the broker stored the message again, exceptionally otherwise (the caller then
     * falls back to redelivering it locally).
     *
     * @param failureReason FerryMQ's extension: why the consumer failed, kept with the message; may be null
     */
    public CompletableFuture<Void> sendBack(String group, ReceivedMessage m, int delayLevel, int maxReconsumeTimes,
                                            String failureReason) {
        String addr = client.masterAddr(m.queue().brokerName());
        if (addr == null) {
            return CompletableFuture.failedFuture(new ClientException(ResponseCode.SERVICE_NOT_AVAILABLE,
                    "FMQ-CLIENT-070 broker group " + m.queue().brokerName() + " has no master to take the message back"));
        }
        ConsumerSendMsgBackRequestHeader h = new ConsumerSendMsgBackRequestHeader();
        h.offset = m.record().physicalOffset();
        h.group = group;
        h.delayLevel = delayLevel;
        h.originMsgId = m.msgId();
        h.originTopic = m.topic();
        h.unitMode = false;
        h.maxReconsumeTimes = maxReconsumeTimes;
        h.bname = m.queue().brokerName();
        h.failureReason = failureReason;
        return client.invokeBrokerAsync(addr, RemotingCommand.request(RequestCode.CONSUMER_SEND_MSG_BACK).header(h),
                TIMEOUT_MILLIS).thenApply(r -> {
                    if (r.code() != ResponseCode.SUCCESS) {
                        throw new java.util.concurrent.CompletionException(new ClientException(r.code(),
                                "FMQ-CLIENT-071 broker refused the send-back (" + r.code() + "): " + r.remark()));
                    }
                    return null;
                });
    }
}

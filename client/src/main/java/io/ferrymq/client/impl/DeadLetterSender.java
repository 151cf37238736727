package io.ferrymq.client.impl;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a message that used up its redeliveries to its group's dead-letter queue with CONSUMER_SEND_MSG_BACK, for
 * orderly consumption. Orderly redeliveries happen in place, so the stored reconsume count is still 0: the request
 * says {@code maxReconsumeTimes = 0}, which makes any RocketMQ-protocol broker dead-letter it at once (reconsume
 * count >= max) and lets FerryMQ's record the cause as "max reconsume times reached"; the number of failed
 * deliveries and the last failure travel in FerryMQ's {@code failureReason} field, which other brokers ignore.
 * Stateless; safe from any thread.
 */
final class DeadLetterSender {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterSender.class);
    private static final long SEND_BACK_TIMEOUT_MILLIS = 5_000;

    private final ClientInstance client;
    private final String group;

    DeadLetterSender(ClientInstance client, String group) {
        this.client = client;
        this.group = group;
    }

    /** True once the broker confirmed it stored the dead letter; false (logged) otherwise. */
    boolean send(ReceivedMessage m, int failedDeliveries, String failure) {
        String originMsgId = m.property(MessageConst.PROPERTY_ORIGIN_MESSAGE_ID);
        RemotingCommand request = RemotingCommand.request(RequestCode.CONSUMER_SEND_MSG_BACK)
                .putExt("offset", Long.toString(m.record().physicalOffset()))
                .putExt("group", group)
                .putExt("delayLevel", "0")
                .putExt("maxReconsumeTimes", "0")
                .putExt("originMsgId", originMsgId != null ? originMsgId : m.offsetMsgId())
                .putExt("originTopic", m.topic())
                .putExt("unitMode", "false")
                .putExt("bname", m.queue().brokerName())
                .putExt("failureReason", "failed " + failedDeliveries + " orderly deliveries; last: " + failure);
        String addr = client.masterAddr(m.queue().brokerName());
        if (addr == null) {
            LOG.warn("FMQ-CLIENT-211 no master of {} to take dead letter {} of {}", m.queue().brokerName(), m.msgId(), group);
            return false;
        }
        try {
            RemotingCommand r = client.invokeBroker(addr, request, SEND_BACK_TIMEOUT_MILLIS);
            if (r.code() == ResponseCode.SUCCESS) {
                return true;
            }
            LOG.warn("FMQ-CLIENT-212 broker {} refused dead letter {} of {} ({}): {}", addr, m.msgId(), group, r.code(),
                    r.remark());
        } catch (ClientException e) {
            LOG.warn("FMQ-CLIENT-212 dead letter {} of {} not sent: {}", m.msgId(), group, e.getMessage());
        }
        return false;
    }
}

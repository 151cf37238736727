package io.ferrymq.broker.processor;

import io.ferrymq.broker.retry.SendBackService;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RemotingCommandException;
import io.ferrymq.remoting.protocol.header.ConsumerSendMsgBackRequestHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CONSUMER_SEND_MSG_BACK (36): a consumer hands back a message it failed; {@link SendBackService} decides
 * between retry and dead-letter queue. Answers when the store has the new record, without holding a thread.
 * Stateless; runs on the send executor.
 */
public final class ConsumerSendMsgBackProcessor implements RequestProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerSendMsgBackProcessor.class);

    private final SendBackService sendBack;

    public ConsumerSendMsgBackProcessor(SendBackService sendBack) {
        this.sendBack = sendBack;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws RemotingCommandException {
        ConsumerSendMsgBackRequestHeader h = request.header(ConsumerSendMsgBackRequestHeader.class);
        sendBack.sendBack(h.group, h.offset, h.delayLevel, h.maxReconsumeTimes, h.failureReason)
                .whenComplete((outcome, error) -> {
                    if (error != null) {
                        LOG.error("FMQ-BROKER-111 send-back of offset {} for {} failed", h.offset, h.group, error);
                        channel.write(RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                                "FMQ-BROKER-111 send-back failed: " + error));
                    } else {
                        channel.write(RemotingCommand.responseTo(request, outcome.code(), outcome.remark()));
                    }
                });
        return null;
    }
}

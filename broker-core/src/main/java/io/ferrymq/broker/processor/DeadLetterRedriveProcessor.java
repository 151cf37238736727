package io.ferrymq.broker.processor;

import io.ferrymq.broker.retry.DeadLetterRedriver;
import io.ferrymq.common.json.Json;
import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.header.RedriveDeadLettersRequestHeader;

import java.util.function.Predicate;

/**
 * REDRIVE_DEAD_LETTERS (FerryMQ's own code): sends dead letters of a group back, selected by message id, by
 * key or all. Answers SUCCESS with the counts as JSON ({@code matched, redriven, alreadyRedriven, failed}),
 * INVALID_PARAMETER for a request that does not select exactly one way. Runs on the admin executor.
 */
public final class DeadLetterRedriveProcessor implements RequestProcessor {
    private final DeadLetterRedriver redriver;

    public DeadLetterRedriveProcessor(DeadLetterRedriver redriver) {
        this.redriver = redriver;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        RedriveDeadLettersRequestHeader h = request.header(RedriveDeadLettersRequestHeader.class);
        boolean all = Boolean.TRUE.equals(h.all);
        int selectors = (h.msgId != null && !h.msgId.isBlank() ? 1 : 0) + (h.key != null && !h.key.isBlank() ? 1 : 0)
                + (all ? 1 : 0);
        if (selectors != 1) {
            return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER,
                    "FMQ-BROKER-124 name exactly one of msgId, key or all=true");
        }
        String target = h.target == null ? DeadLetterRedriver.TARGET_ORIGIN : h.target;
        if (!target.equals(DeadLetterRedriver.TARGET_ORIGIN) && !target.equals(DeadLetterRedriver.TARGET_RETRY)) {
            return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER,
                    "FMQ-BROKER-125 target must be " + DeadLetterRedriver.TARGET_ORIGIN + " or "
                            + DeadLetterRedriver.TARGET_RETRY + ", not " + target);
        }
        Predicate<DecodedMessage> selector = all ? m -> true
                : h.msgId != null && !h.msgId.isBlank() ? DeadLetterRedriver.byMessageId(h.msgId.trim())
                : DeadLetterRedriver.byKey(h.key.trim());
        DeadLetterRedriver.Result result = redriver.redrive(h.group, selector, target);
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).body(Json.writeBytes(result.toJson()));
    }
}

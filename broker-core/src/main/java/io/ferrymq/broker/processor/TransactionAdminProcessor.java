package io.ferrymq.broker.processor;

import io.ferrymq.broker.transaction.HalfMessageStatus;
import io.ferrymq.broker.transaction.Resolution;
import io.ferrymq.broker.transaction.TransactionOutcome;
import io.ferrymq.broker.transaction.TransactionService;
import io.ferrymq.common.json.Json;
import io.ferrymq.common.json.JsonObject;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RemotingCommandException;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.header.HalfMessageAdminRequestHeader;
import io.ferrymq.remoting.protocol.header.ResumeCheckHalfMessageRequestHeader;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What operators do with unresolved half messages: LIST_HALF_MESSAGES, RESOLVE_HALF_MESSAGE, RESUME_HALF_MESSAGES
 * (FerryMQ's codes) and RocketMQ's RESUME_CHECK_HALF_MESSAGE. Stateless; runs on the admin executor.
 */
public final class TransactionAdminProcessor implements RequestProcessor {
    private static final long RESOLVE_TIMEOUT_SECONDS = 10;

    private final TransactionService transactions;

    /** @param transactions null on a slave, which answers every request with SERVICE_NOT_AVAILABLE */
    public TransactionAdminProcessor(TransactionService transactions) {
        this.transactions = transactions;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        if (transactions == null) {
            return RemotingCommand.responseTo(request, ResponseCode.SERVICE_NOT_AVAILABLE,
                    "FMQ-TX-056 half messages are tracked by the master of this broker group; ask the master");
        }
        return switch (request.code()) {
            case RequestCode.LIST_HALF_MESSAGES -> list(request);
            case RequestCode.RESOLVE_HALF_MESSAGE -> resolve(request);
            case RequestCode.RESUME_HALF_MESSAGES -> {
                HalfMessageAdminRequestHeader h = request.header(HalfMessageAdminRequestHeader.class);
                yield resumed(request, transactions.resume(h.transactionId, h.producerGroup));
            }
            case RequestCode.RESUME_CHECK_HALF_MESSAGE -> {
                ResumeCheckHalfMessageRequestHeader h = request.header(ResumeCheckHalfMessageRequestHeader.class);
                if (h.msgId == null || h.msgId.isBlank()) {
                    yield RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, "the custom field <msgId> is null");
                }
                yield resumed(request, transactions.resume(h.msgId, null));
            }
            default -> throw new IllegalArgumentException("not a half-message admin request: " + request.code());
        };
    }

    private RemotingCommand list(RemotingCommand request) throws RemotingCommandException {
        HalfMessageAdminRequestHeader h = request.header(HalfMessageAdminRequestHeader.class);
        List<Object> rows = new ArrayList<>();
        for (HalfMessageStatus s : transactions.list(h.producerGroup, h.topic, h.limit == null ? 0 : h.limit)) {
            rows.add(new JsonObject().put("transactionId", s.transactionId()).put("topic", s.topic())
                    .put("queueId", s.queueId()).put("producerGroup", s.producerGroup()).put("keys", s.keys())
                    .put("commitLogOffset", s.commitLogOffset()).put("queueOffset", s.queueOffset())
                    .put("bornTimestamp", s.bornTimestamp()).put("storeTimestamp", s.storeTimestamp())
                    .put("ageMillis", s.ageMillis()).put("checks", s.checks())
                    .put("lastCheckTimestamp", s.lastCheckTimestamp()).put("lastAnswer", s.lastAnswer().name())
                    .put("lastCheckedAt", s.lastCheckedAt()).put("parked", s.parked()));
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                .body(Json.writeBytes(new JsonObject().put("halfMessages", rows)));
    }

    private RemotingCommand resolve(RemotingCommand request) throws RemotingCommandException, InterruptedException {
        HalfMessageAdminRequestHeader h = request.header(HalfMessageAdminRequestHeader.class);
        TransactionOutcome outcome;
        try {
            outcome = TransactionOutcome.valueOf(h.action == null ? "" : h.action.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER,
                    "FMQ-TX-057 action must be COMMIT or ROLLBACK, not '" + h.action + "'");
        }
        Resolution r;
        try {
            r = transactions.resolveByHand(h.transactionId, outcome).get(RESOLVE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                    "FMQ-TX-058 " + outcome + " of " + h.transactionId + " did not complete: " + e);
        }
        return switch (r) {
            case RESOLVED -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS, outcome + " stored");
            case NOT_FOUND, ALREADY_RESOLVED -> RemotingCommand.responseTo(request, ResponseCode.QUERY_NOT_FOUND,
                    "FMQ-TX-059 no unresolved half message " + h.transactionId + " on this broker");
            case IN_PROGRESS, FAILED -> RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                    "FMQ-TX-058 " + outcome + " of " + h.transactionId + ": " + r);
        };
    }

    private static RemotingCommand resumed(RemotingCommand request, int count) {
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, Integer.toString(count)).putExt("resumed",
                Integer.toString(count));
    }
}

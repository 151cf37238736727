package io.ferrymq.client.impl;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.header.ConsumerOffsetRequestHeader;
import io.ferrymq.remoting.protocol.header.PullMessageRequestHeader;
import io.ferrymq.remoting.protocol.header.QueueRequestHeader;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The consumer-side calls: pull (with long polling), offsets, queue bounds; and decoding of pull bodies
 * with the tag check the client repeats after the broker's hash filter. Stateless over a
 * {@link ClientInstance}; safe from any thread.
 */
public final class PullApi {
    private static final int FLAG_COMMIT_OFFSET = 1;
    private static final int FLAG_SUSPEND = 2;
    private static final int FLAG_SUBSCRIPTION = 4;
    private static final long MASTER_ID = 0L;

    /** Outcome of one pull. {@code messages} is empty unless the status is FOUND. */
    public record PullResult(Status status, long nextBeginOffset, long minOffset, long maxOffset,
                             List<ReceivedMessage> messages) {
        public enum Status { FOUND, NO_NEW_MSG, NO_MATCHED_MSG, OFFSET_ILLEGAL }
    }

    private final ClientInstance client;
    /**
     * The broker id each queue's last pull response suggested: a master steers consumers that read far
     * behind to a slave, and the slave steers them back once they catch up. Absent means the master.
     */
    private final Map<MessageQueue, Long> suggestedBroker = new ConcurrentHashMap<>();

    public PullApi(ClientInstance client) {
        this.client = client;
    }

    /** Where the next pull of {@code mq} goes: the broker its last pull response suggested, else the master. */
    private String readAddr(MessageQueue mq) throws ClientException {
        return liveAddr(mq, suggestedBroker.getOrDefault(mq, MASTER_ID));
    }

    /**
     * Where offsets go: the master, or while it is down a slave (as RocketMQ's client does), so consumers
     * reading from the slave keep their progress; the client only ever commits offsets forward.
     */
    private String offsetAddr(MessageQueue mq) throws ClientException {
        return liveAddr(mq, MASTER_ID);
    }

    private String liveAddr(MessageQueue mq, long preferredId) throws ClientException {
        String addr = client.readAddr(mq.brokerName(), preferredId);
        if (addr == null) {
            client.refreshRoute(mq.topic());
            addr = client.readAddr(mq.brokerName(), preferredId);
        }
        if (addr == null) {
            throw new ClientException(ResponseCode.SERVICE_NOT_AVAILABLE, "FMQ-CLIENT-020 no live broker for " + mq);
        }
        return addr;
    }

    /**
     * Pulls from {@code offset}; with {@code suspendMillis > 0} the broker holds the call that long when
     * nothing is there yet.
     */
    public CompletableFuture<PullResult> pull(String group, MessageQueue mq, long offset, int maxMessages,
                                              String expression, Set<String> tags, long suspendMillis,
                                              long commitOffset) {
        return pull(group, mq, offset, maxMessages, expression, "TAG", tags, suspendMillis, commitOffset);
    }

    /**
     * As {@link #pull(String, MessageQueue, long, int, String, Set, long, long)} with an expression type:
     * {@code TAG} or {@code SQL92} (evaluated by the broker; {@code tags} is then empty).
     */
    public CompletableFuture<PullResult> pull(String group, MessageQueue mq, long offset, int maxMessages,
                                              String expression, String expressionType, Set<String> tags,
                                              long suspendMillis, long commitOffset) {
        PullMessageRequestHeader h = new PullMessageRequestHeader();
        h.consumerGroup = group;
        h.topic = mq.topic();
        h.queueId = mq.queueId();
        h.queueOffset = offset;
        h.maxMsgNums = maxMessages;
        h.sysFlag = FLAG_SUBSCRIPTION | (suspendMillis > 0 ? FLAG_SUSPEND : 0) | (commitOffset >= 0 ? FLAG_COMMIT_OFFSET : 0);
        h.commitOffset = Math.max(0, commitOffset);
        h.suspendTimeoutMillis = suspendMillis;
        h.subscription = expression;
        h.subVersion = 0L;
        h.expressionType = expressionType;
        h.bname = mq.brokerName();
        String addr;
        try {
            addr = readAddr(mq);
        } catch (ClientException e) {
            return CompletableFuture.failedFuture(e);
        }
        long timeout = suspendMillis + client.config().getRequestTimeoutMillis() + 5_000;
        return client.invokeBrokerAsync(addr, RemotingCommand.request(RequestCode.PULL_MESSAGE).header(h), timeout)
                .thenApply(r -> {
                    rememberSuggestion(mq, r);
                    return toResult(r, mq, tags);
                });
    }

    private void rememberSuggestion(MessageQueue mq, RemotingCommand r) {
        String suggested = r.ext("suggestWhichBrokerId");
        if (suggested == null) {
            return;
        }
        long id = Long.parseLong(suggested);
        if (id == MASTER_ID) {
            suggestedBroker.remove(mq);
        } else {
            suggestedBroker.put(mq, id);
        }
    }

    /** The broker id the next pull of {@code mq} goes to (0 = the master). */
    public long suggestedBrokerId(MessageQueue mq) {
        return suggestedBroker.getOrDefault(mq, MASTER_ID);
    }

    private static PullResult toResult(RemotingCommand r, MessageQueue mq, Set<String> tags) {
        PullResult.Status status = switch (r.code()) {
            case ResponseCode.SUCCESS -> PullResult.Status.FOUND;
            case ResponseCode.PULL_NOT_FOUND -> PullResult.Status.NO_NEW_MSG;
            case ResponseCode.PULL_RETRY_IMMEDIATELY -> PullResult.Status.NO_MATCHED_MSG;
            case ResponseCode.PULL_OFFSET_MOVED -> PullResult.Status.OFFSET_ILLEGAL;
            default -> throw new java.util.concurrent.CompletionException(new ClientException(r.code(),
                    "FMQ-CLIENT-022 pull from " + mq + " refused: " + r.remark()));
        };
        List<ReceivedMessage> messages = new ArrayList<>();
        if (status == PullResult.Status.FOUND && r.body() != null) {
            ByteBuffer body = ByteBuffer.wrap(r.body());
            int pos = 0;
            while (pos < body.limit()) {
                var m = MessageRecord.decode(body, pos);
                pos += m.totalSize();
                String tag = m.property("TAGS");
                if (tags == null || tags.isEmpty() || (tag != null && tags.contains(tag))) {
                    messages.add(new ReceivedMessage(m, mq));
                }
            }
        }
        return new PullResult(status, Long.parseLong(r.ext("nextBeginOffset")), Long.parseLong(r.ext("minOffset")),
                Long.parseLong(r.ext("maxOffset")), messages);
    }

    /** The group's committed offset of the queue, or -1 when it has none. */
    public long queryOffset(String group, MessageQueue mq) throws ClientException {
        ConsumerOffsetRequestHeader h = new ConsumerOffsetRequestHeader();
        h.consumerGroup = group;
        h.topic = mq.topic();
        h.queueId = mq.queueId();
        h.setZeroIfNotFound = false;
        RemotingCommand r = client.invokeBroker(offsetAddr(mq), RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET)
                .header(h), client.config().getRequestTimeoutMillis());
        if (r.code() == ResponseCode.QUERY_NOT_FOUND) {
            return -1;
        }
        if (r.code() != ResponseCode.SUCCESS) {
            throw new ClientException(r.code(), "FMQ-CLIENT-023 query offset of " + mq + ": " + r.remark());
        }
        return Long.parseLong(r.ext("offset"));
    }

    public void commitOffset(String group, MessageQueue mq, long offset, boolean oneway) throws ClientException {
        ConsumerOffsetRequestHeader h = new ConsumerOffsetRequestHeader();
        h.consumerGroup = group;
        h.topic = mq.topic();
        h.queueId = mq.queueId();
        h.commitOffset = offset;
        RemotingCommand request = RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET).header(h);
        if (oneway) {
            client.invokeBrokerOneway(offsetAddr(mq), request);
        } else {
            RemotingCommand r = client.invokeBroker(offsetAddr(mq), request, client.config().getRequestTimeoutMillis());
            if (r.code() != ResponseCode.SUCCESS) {
                throw new ClientException(r.code(), "FMQ-CLIENT-024 commit offset of " + mq + ": " + r.remark());
            }
        }
    }

    public long maxOffset(MessageQueue mq) throws ClientException {
        return queueValue(RequestCode.GET_MAX_OFFSET, mq, null);
    }

    public long minOffset(MessageQueue mq) throws ClientException {
        return queueValue(RequestCode.GET_MIN_OFFSET, mq, null);
    }

    public long offsetByTimestamp(MessageQueue mq, long timestamp) throws ClientException {
        return queueValue(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, mq, timestamp);
    }

    private long queueValue(int code, MessageQueue mq, Long timestamp) throws ClientException {
        QueueRequestHeader h = new QueueRequestHeader();
        h.topic = mq.topic();
        h.queueId = mq.queueId();
        h.timestamp = timestamp;
        RemotingCommand r = client.invokeBroker(readAddr(mq), RemotingCommand.request(code).header(h),
                client.config().getRequestTimeoutMillis());
        if (r.code() != ResponseCode.SUCCESS) {
            throw new ClientException(r.code(), "FMQ-CLIENT-025 request " + code + " for " + mq + ": " + r.remark());
        }
        return Long.parseLong(r.ext("offset"));
    }
}

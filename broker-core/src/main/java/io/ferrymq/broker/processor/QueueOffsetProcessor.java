package io.ferrymq.broker.processor;

import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.header.QueueRequestHeader;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.GetResult;
import io.ferrymq.common.message.MessageRecord;

/**
 * Queue position lookups: GET_MAX_OFFSET, GET_MIN_OFFSET, SEARCH_OFFSET_BY_TIMESTAMP,
 * GET_EARLIEST_MSG_STORETIME. Stateless; runs on the client-management executor.
 */
public final class QueueOffsetProcessor implements RequestProcessor {
    private final MessageStore store;

    public QueueOffsetProcessor(MessageStore store) {
        this.store = store;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        QueueRequestHeader h = request.header(QueueRequestHeader.class);
        long value = switch (request.code()) {
            case RequestCode.GET_MAX_OFFSET -> store.maxOffsetInQueue(h.topic, h.queueId);
            case RequestCode.GET_MIN_OFFSET -> store.minOffsetInQueue(h.topic, h.queueId);
            case RequestCode.SEARCH_OFFSET_BY_TIMESTAMP -> searchByTimestamp(h);
            case RequestCode.GET_EARLIEST_MSG_STORETIME -> earliestStoreTime(h);
            default -> throw new IllegalArgumentException("not a queue-offset request: " + request.code());
        };
        String field = request.code() == RequestCode.GET_EARLIEST_MSG_STORETIME ? "timestamp" : "offset";
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).putExt(field, Long.toString(value));
    }

    private long searchByTimestamp(QueueRequestHeader h) {
        long timestamp = h.timestamp == null ? 0 : h.timestamp;
        long offset = store.offsetByTimestamp(h.topic, h.queueId, timestamp);
        if ("upper".equalsIgnoreCase(h.boundaryType)) {
            // The last message stored at or before the time: one before the first one after it.
            long after = store.offsetByTimestamp(h.topic, h.queueId, timestamp + 1);
            offset = Math.max(store.minOffsetInQueue(h.topic, h.queueId), after - 1);
        }
        return offset;
    }

    private long earliestStoreTime(QueueRequestHeader h) {
        long min = store.minOffsetInQueue(h.topic, h.queueId);
        try (GetResult r = store.getMessages(h.topic, h.queueId, min, 1, Integer.MAX_VALUE)) {
            return r.records().isEmpty() ? -1 : MessageRecord.readStoreTimestamp(r.records().get(0).buffer(), 0);
        }
    }
}

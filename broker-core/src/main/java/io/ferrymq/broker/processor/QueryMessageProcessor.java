package io.ferrymq.broker.processor;

import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.header.QueryMessageRequestHeader;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.QueryResult;
import io.ferrymq.store.SelectedBuffer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** The query family: QUERY_MESSAGE (by key or unique id) and VIEW_MESSAGE_BY_ID (by commit-log offset). Stateless. */
public final class QueryMessageProcessor implements RequestProcessor {
    private static final int MAX_QUERY_RESULTS = 64;

    private final MessageStore store;

    public QueryMessageProcessor(MessageStore store) {
        this.store = store;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        return switch (request.code()) {
            case RequestCode.QUERY_MESSAGE -> query(request);
            case RequestCode.VIEW_MESSAGE_BY_ID -> view(request);
            default -> throw new IllegalArgumentException("not a query request: " + request.code());
        };
    }

    private RemotingCommand query(RemotingCommand request) throws Exception {
        QueryMessageRequestHeader h = request.header(QueryMessageRequestHeader.class);
        int max = Math.max(1, Math.min(h.maxNum, MAX_QUERY_RESULTS));
        QueryResult result = store.queryMessages(h.topic, h.key, max, h.beginTimestamp, h.endTimestamp);
        if (result.records().isEmpty()) {
            result.close();
            return RemotingCommand.responseTo(request, ResponseCode.QUERY_NOT_FOUND,
                    "can not find message, maybe time range not correct");
        }
        List<ByteBuffer> body = new ArrayList<>();
        for (SelectedBuffer b : result.records()) {
            body.add(b.buffer());
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                .putExt("indexLastUpdateTimestamp", Long.toString(System.currentTimeMillis()))
                .putExt("indexLastUpdatePhyoffset", Long.toString(store.dispatchedOffset()))
                .bodyBuffers(body, result::close);
    }

    private RemotingCommand view(RemotingCommand request) {
        String raw = request.ext("offset");
        long offset;
        try {
            offset = Long.parseLong(raw == null ? "" : raw.trim());
        } catch (NumberFormatException e) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, "the custom field <offset> is null");
        }
        SelectedBuffer record = store.lookupMessage(offset);
        if (record == null) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                    "can not find message by the offset, " + offset);
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                .bodyBuffers(List.of(record.buffer()), record::close);
    }
}

package io.ferrymq.broker.processor;

import io.ferrymq.broker.client.ClientRegistry;
import io.ferrymq.broker.client.ConsumerGroupInfo;
import io.ferrymq.broker.offset.ConsumerOffsetTable;
import io.ferrymq.common.json.Json;
import io.ferrymq.common.json.JsonObject;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.header.ConsumerOffsetRequestHeader;
import io.ferrymq.store.MessageStore;

import java.util.ArrayList;

/**
 * The consumer-management family: QUERY_CONSUMER_OFFSET, UPDATE_CONSUMER_OFFSET,
 * GET_CONSUMER_LIST_BY_GROUP, GET_ALL_CONSUMER_OFFSET. Stateless; runs on the client-management executor.
 */
public final class ConsumerManageProcessor implements RequestProcessor {
    private final ClientRegistry clients;
    private final ConsumerOffsetTable offsets;
    private final MessageStore store;

    public ConsumerManageProcessor(ClientRegistry clients, ConsumerOffsetTable offsets, MessageStore store) {
        this.clients = clients;
        this.offsets = offsets;
        this.store = store;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        return switch (request.code()) {
            case RequestCode.QUERY_CONSUMER_OFFSET -> query(request);
            case RequestCode.UPDATE_CONSUMER_OFFSET -> update(request);
            case RequestCode.GET_CONSUMER_LIST_BY_GROUP -> consumerList(request);
            case RequestCode.GET_ALL_CONSUMER_OFFSET ->
                    RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).body(Json.writeBytes(offsets.toJson()));
            default -> throw new IllegalArgumentException("not a consumer-management request: " + request.code());
        };
    }

    private RemotingCommand query(RemotingCommand request) throws Exception {
        ConsumerOffsetRequestHeader h = request.header(ConsumerOffsetRequestHeader.class);
        long offset = offsets.query(h.consumerGroup, h.topic, h.queueId);
        if (offset < 0) {
            // As RocketMQ does: a group new to a queue that still holds its first message starts from it
            // (RocketMQ adds "while that message is in memory"; here the whole log is memory-mapped).
            boolean fromZero = !Boolean.FALSE.equals(h.setZeroIfNotFound)
                    && store.minOffsetInQueue(h.topic, h.queueId) == 0;
            if (!fromZero) {
                return RemotingCommand.responseTo(request, ResponseCode.QUERY_NOT_FOUND,
                        "Not found, V3_0_6_SNAPSHOT maybe this group consumer boot first");
            }
            offset = 0;
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).putExt("offset", Long.toString(offset));
    }

    private RemotingCommand update(RemotingCommand request) throws Exception {
        ConsumerOffsetRequestHeader h = request.header(ConsumerOffsetRequestHeader.class);
        if (h.commitOffset == null) {
            return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER, "commitOffset is missing");
        }
        offsets.commit(h.consumerGroup, h.topic, h.queueId, h.commitOffset);
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    private RemotingCommand consumerList(RemotingCommand request) {
        String group = request.ext("consumerGroup");
        ConsumerGroupInfo info = group == null ? null : clients.consumerGroup(group);
        if (info == null || info.isEmpty()) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, "no consumer for this group, " + group);
        }
        byte[] body = Json.writeBytes(new JsonObject().put("consumerIdList", new ArrayList<Object>(info.clientIds())));
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).body(body);
    }
}

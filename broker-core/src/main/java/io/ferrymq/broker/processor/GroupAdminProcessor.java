package io.ferrymq.broker.processor;

import io.ferrymq.broker.group.SubscriptionGroupTable;
import io.ferrymq.broker.offset.ConsumerOffsetTable;
import io.ferrymq.common.json.Json;
import io.ferrymq.common.json.JsonException;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;

/**
 * Consumer-group administration: UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, GET_ALL_SUBSCRIPTIONGROUP_CONFIG,
 * DELETE_SUBSCRIPTIONGROUP. Stateless; runs on the admin executor.
 */
public final class GroupAdminProcessor implements RequestProcessor {
    private final SubscriptionGroupTable groups;
    private final ConsumerOffsetTable offsets;

    public GroupAdminProcessor(SubscriptionGroupTable groups, ConsumerOffsetTable offsets) {
        this.groups = groups;
        this.offsets = offsets;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        return switch (request.code()) {
            case RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP -> update(request);
            case RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG ->
                    RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).body(Json.writeBytes(groups.toJson()));
            case RequestCode.DELETE_SUBSCRIPTIONGROUP -> delete(request);
            default -> throw new IllegalArgumentException("not a group-admin request: " + request.code());
        };
    }

    private RemotingCommand update(RemotingCommand request) {
        SubscriptionGroupTable.GroupConfig config;
        try {
            config = SubscriptionGroupTable.GroupConfig.fromJson(Json.parseObject(request.body() == null ? new byte[0]
                    : request.body()));
        } catch (JsonException | ClassCastException e) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, "malformed group config: " + e.getMessage());
        }
        if (config.groupName() == null || config.groupName().isBlank() || TopicNames.problem(config.groupName()) != null) {
            return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER,
                    "group name must use letters, digits, %, |, _ and -");
        }
        groups.put(config);
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    private RemotingCommand delete(RemotingCommand request) {
        String group = request.ext("groupName");
        if (group == null) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, "the custom field <groupName> is null");
        }
        groups.delete(group);
        if (Boolean.parseBoolean(request.ext("cleanOffset"))) {
            offsets.removeGroup(group);
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }
}

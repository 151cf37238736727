package io.ferrymq.broker.processor;

import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.common.json.Json;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.header.CreateTopicRequestHeader;
import io.ferrymq.remoting.protocol.route.TopicConfig;

/**
 * Topic administration: UPDATE_AND_CREATE_TOPIC, DELETE_TOPIC_IN_BROKER, GET_ALL_TOPIC_CONFIG,
 * GET_TOPIC_CONFIG. Changes re-register the broker with the nameservers (through the table's listener).
 * Stateless; runs on the admin executor.
 */
public final class TopicAdminProcessor implements RequestProcessor {
    private final TopicConfigTable topics;

    public TopicAdminProcessor(TopicConfigTable topics) {
        this.topics = topics;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        return switch (request.code()) {
            case RequestCode.UPDATE_AND_CREATE_TOPIC -> create(request);
            case RequestCode.DELETE_TOPIC_IN_BROKER -> delete(request);
            case RequestCode.GET_ALL_TOPIC_CONFIG ->
                    RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).body(Json.writeBytes(topics.wrapperJson()));
            case RequestCode.GET_TOPIC_CONFIG -> get(request);
            default -> throw new IllegalArgumentException("not a topic-admin request: " + request.code());
        };
    }

    private RemotingCommand create(RemotingCommand request) throws Exception {
        CreateTopicRequestHeader h = request.header(CreateTopicRequestHeader.class);
        String problem = TopicNames.problem(h.topic);
        if (problem != null) {
            return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER, problem);
        }
        if (TopicNames.isSystemTopic(h.topic)) {
            return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION,
                    "the topic[" + h.topic + "] is a system topic and cannot be changed");
        }
        if (h.readQueueNums <= 0 || h.writeQueueNums <= 0 || h.readQueueNums > 1024 || h.writeQueueNums > 1024) {
            return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER,
                    "queue numbers must be 1..1024, got read " + h.readQueueNums + " write " + h.writeQueueNums);
        }
        topics.put(new TopicConfig(h.topic, h.readQueueNums, h.writeQueueNums, h.perm, h.topicFilterType,
                h.topicSysFlag == null ? 0 : h.topicSysFlag, Boolean.TRUE.equals(h.order)));
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    private RemotingCommand delete(RemotingCommand request) {
        String topic = request.ext("topic");
        if (topic == null) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, "the custom field <topic> is null");
        }
        if (TopicNames.isSystemTopic(topic)) {
            return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION,
                    "The topic[" + topic + "] is conflict with system topic.");
        }
        topics.delete(topic);
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    private RemotingCommand get(RemotingCommand request) {
        TopicConfig t = request.ext("topic") == null ? null : topics.get(request.ext("topic"));
        if (t == null) {
            return RemotingCommand.responseTo(request, ResponseCode.TOPIC_NOT_EXIST, "No topic in this broker.");
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                .body(Json.writeBytes(new io.ferrymq.common.json.JsonObject().put("topicConfig", t.toJson())));
    }
}

package io.ferrymq.broker.processor;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.client.ClientChannel;
import io.ferrymq.broker.client.ClientRegistry;
import io.ferrymq.broker.client.SubscriptionData;
import io.ferrymq.broker.filter.SubscriptionFilters;
import io.ferrymq.broker.group.SubscriptionGroupTable;
import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.common.json.Json;
import io.ferrymq.common.json.JsonException;
import io.ferrymq.common.json.JsonObject;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The client-management family: HEART_BEAT, UNREGISTER_CLIENT, CHECK_CLIENT_CONFIG. Heartbeats register
 * producer and consumer groups with their subscriptions and create each clustering group's retry topic.
 * Stateless; runs on the client-management executor.
 */
public final class ClientManageProcessor implements RequestProcessor {
    private final BrokerConfig config;
    private final ClientRegistry clients;
    private final TopicConfigTable topics;
    private final SubscriptionGroupTable groups;
    private final Clock clock;

    public ClientManageProcessor(BrokerConfig config, ClientRegistry clients, TopicConfigTable topics,
                                 SubscriptionGroupTable groups, Clock clock) {
        this.config = config;
        this.clients = clients;
        this.topics = topics;
        this.groups = groups;
        this.clock = clock;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        return switch (request.code()) {
            case RequestCode.HEART_BEAT -> heartbeat(channel, request);
            case RequestCode.UNREGISTER_CLIENT -> unregister(channel, request);
            case RequestCode.CHECK_CLIENT_CONFIG -> checkConfig(request);
            default -> throw new IllegalArgumentException("not a client-management request: " + request.code());
        };
    }

    private RemotingCommand heartbeat(RemotingChannel channel, RemotingCommand request) {
        JsonObject data;
        try {
            data = Json.parseObject(request.body() == null ? new byte[0] : request.body());
        } catch (JsonException e) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                    "FMQ-BROKER-070 malformed heartbeat body: " + e.getMessage());
        }
        String clientId = data.getString("clientID", channel.remoteAddressText());
        ClientChannel client = new ClientChannel(channel, clientId, request.language().name(), request.version(),
                clock.millis());
        List<Object> producers = data.getArray("producerDataSet");
        if (producers != null) {
            for (Object p : producers) {
                clients.producerHeartbeat(((JsonObject) p).getString("groupName"), client);
            }
        }
        List<Object> consumers = data.getArray("consumerDataSet");
        if (consumers != null) {
            for (Object c : consumers) {
                JsonObject consumer = (JsonObject) c;
                String group = consumer.getString("groupName");
                List<SubscriptionData> subs = new ArrayList<>();
                List<Object> rawSubs = consumer.getArray("subscriptionDataSet");
                if (rawSubs != null) {
                    for (Object s : rawSubs) {
                        subs.add(SubscriptionData.fromJson((JsonObject) s));
                    }
                }
                String messageModel = consumer.getString("messageModel", "CLUSTERING");
                SubscriptionGroupTable.GroupConfig groupConfig = groups.findOrCreate(group,
                        config.isAutoCreateSubscriptionGroup());
                if (groupConfig != null && "CLUSTERING".equals(messageModel)) {
                    topics.ensureSystemTopic(TopicConfigTable.RETRY_GROUP_TOPIC_PREFIX + group,
                            Math.max(1, groupConfig.retryQueueNums()));
                }
                clients.consumerHeartbeat(group, client, consumer.getString("consumeType"), messageModel,
                        consumer.getString("consumeFromWhere"), subs);
            }
        }
        // The version tells the client this broker understands tag and SQL subscriptions (>= V4_1_0).
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    private RemotingCommand unregister(RemotingChannel channel, RemotingCommand request) {
        String producerGroup = request.ext("producerGroup");
        String consumerGroup = request.ext("consumerGroup");
        if (producerGroup != null) {
            clients.unregisterProducer(producerGroup, channel);
        }
        if (consumerGroup != null) {
            clients.unregisterConsumer(consumerGroup, channel);
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    private RemotingCommand checkConfig(RemotingCommand request) {
        JsonObject body = request.body() == null ? new JsonObject() : Json.parseObject(request.body());
        JsonObject sub = body.getObject("subscriptionData");
        if (sub != null) {
            try {
                SubscriptionFilters.compile(config, sub.getString("expressionType", SubscriptionData.TAG),
                        sub.getString("subString", ""));
            } catch (SubscriptionFilters.RefusedException e) {
                return RemotingCommand.responseTo(request, e.responseCode(), e.getMessage());
            }
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }
}

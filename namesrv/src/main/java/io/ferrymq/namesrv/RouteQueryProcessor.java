package io.ferrymq.namesrv;

import io.ferrymq.common.json.Json;
import io.ferrymq.common.json.JsonObject;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.header.ClusterRequestHeader;
import io.ferrymq.remoting.protocol.header.TopicRequestHeader;
import io.ferrymq.remoting.protocol.route.BrokerData;
import io.ferrymq.remoting.protocol.route.TopicRouteData;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Route lookups and topic admin: GET_ROUTEINFO_BY_TOPIC, GET_BROKER_CLUSTER_INFO, the topic lists and
 * DELETE_TOPIC_IN_NAMESRV. Stateless.
 */
final class RouteQueryProcessor implements RequestProcessor {
    private final RouteInfoTable routes;

    RouteQueryProcessor(RouteInfoTable routes) {
        this.routes = routes;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        return switch (request.code()) {
            case RequestCode.GET_ROUTEINFO_BY_TOPIC -> route(request);
            case RequestCode.GET_BROKER_CLUSTER_INFO -> clusterInfo(request);
            case RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER -> topicList(request, routes.topics());
            case RequestCode.GET_TOPICS_BY_CLUSTER ->
                    topicList(request, routes.topicsOfCluster(request.header(ClusterRequestHeader.class).cluster));
            case RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS -> topicList(request, routes.clusterInfo().clusters().keySet());
            case RequestCode.GET_UNIT_TOPIC_LIST, RequestCode.GET_HAS_UNIT_SUB_TOPIC_LIST,
                    RequestCode.GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST -> topicList(request, Set.of());
            case RequestCode.DELETE_TOPIC_IN_NAMESRV -> deleteTopic(request);
            default -> throw new IllegalArgumentException("not a route request: " + request.code());
        };
    }

    private RemotingCommand route(RemotingCommand request) throws Exception {
        String topic = request.header(TopicRequestHeader.class).topic;
        TopicRouteData route = routes.route(topic);
        if (route == null) {
            return RemotingCommand.responseTo(request, ResponseCode.TOPIC_NOT_EXIST,
                    "No topic route info in name server for the topic: " + topic);
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).body(route.toJsonBytes());
    }

    private RemotingCommand clusterInfo(RemotingCommand request) {
        RouteInfoTable.ClusterInfo info = routes.clusterInfo();
        JsonObject brokers = new JsonObject();
        for (Map.Entry<String, BrokerData> e : info.brokers().entrySet()) {
            brokers.put(e.getKey(), e.getValue().toJson());
        }
        JsonObject clusters = new JsonObject();
        for (Map.Entry<String, Set<String>> e : info.clusters().entrySet()) {
            clusters.put(e.getKey(), new ArrayList<Object>(e.getValue()));
        }
        byte[] body = Json.writeBytes(new JsonObject().put("brokerAddrTable", brokers).put("clusterAddrTable", clusters));
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).body(body);
    }

    private static RemotingCommand topicList(RemotingCommand request, Collection<String> topics) {
        byte[] body = Json.writeBytes(new JsonObject().put("topicList", new ArrayList<Object>(topics)));
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).body(body);
    }

    private RemotingCommand deleteTopic(RemotingCommand request) throws Exception {
        TopicRequestHeader h = request.header(TopicRequestHeader.class);
        routes.deleteTopic(h.topic, h.clusterName);
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }
}

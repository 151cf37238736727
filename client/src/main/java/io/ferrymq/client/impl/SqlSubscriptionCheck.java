package io.ferrymq.client.impl;

import io.ferrymq.client.ClientException;
import io.ferrymq.common.json.Json;
import io.ferrymq.common.json.JsonObject;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.route.BrokerData;
import io.ferrymq.remoting.protocol.route.TopicRouteData;

import java.util.List;

/**
 * Asks every broker of a topic whether it can serve an SQL92 subscription (CHECK_CLIENT_CONFIG), as RocketMQ's
 * consumer does at start: a bad expression, or a broker with {@code enablePropertyFilter=false}, fails the start
 * with the broker's reason instead of every later pull. FerryMQ's JMS selector subscriptions are checked the same
 * way. Stateless.
 */
public final class SqlSubscriptionCheck {
    public static final String SQL92 = "SQL92";

    private SqlSubscriptionCheck() {
    }

    /** Returns when every master hosting {@code topic} accepted the expression (or the topic has no route yet). */
    public static void check(ClientInstance client, String group, String topic, String expression) throws ClientException {
        check(client, group, topic, SQL92, expression);
    }

    /** As {@link #check(ClientInstance, String, String, String)} for an expression of {@code expressionType}. */
    public static void check(ClientInstance client, String group, String topic, String expressionType,
                             String expression) throws ClientException {
        TopicRouteData route = client.route(topic);
        if (route == null) {
            return;
        }
        JsonObject subscription = new JsonObject().put("classFilterMode", false).put("codeSet", List.of())
                .put("expressionType", expressionType).put("subString", expression).put("subVersion", 0L)
                .put("tagsSet", List.of()).put("topic", topic);
        byte[] body = Json.writeBytes(new JsonObject().put("clientId", client.clientId()).put("group", group)
                .put("subscriptionData", subscription));
        for (BrokerData b : route.brokerDatas()) {
            String addr = b.masterAddr();
            if (addr == null) {
                continue;
            }
            RemotingCommand r = client.invokeBroker(addr, RemotingCommand.request(RequestCode.CHECK_CLIENT_CONFIG)
                    .body(body), client.config().getRequestTimeoutMillis());
            if (r.code() != ResponseCode.SUCCESS) {
                throw new ClientException(r.code(), "FMQ-CLIENT-214 broker " + b.brokerName()
                        + " refused the " + expressionType + " subscription of " + topic + " (" + r.code() + "): " + r.remark());
            }
        }
    }
}

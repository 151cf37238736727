package io.ferrymq.remoting.protocol.route;

import io.ferrymq.common.json.Json;
import io.ferrymq.common.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** Where a topic lives: its queues per broker group and those groups' addresses (sheet 4.1). Immutable. */
public record TopicRouteData(List<QueueData> queueDatas, List<BrokerData> brokerDatas) {

    public TopicRouteData {
        queueDatas = List.copyOf(queueDatas);
        brokerDatas = List.copyOf(brokerDatas);
    }

    public byte[] toJsonBytes() {
        List<Object> brokers = new ArrayList<>();
        for (BrokerData b : brokerDatas) {
            brokers.add(b.toJson());
        }
        List<Object> queues = new ArrayList<>();
        for (QueueData q : queueDatas) {
            queues.add(q.toJson());
        }
        return Json.writeBytes(new JsonObject().put("brokerDatas", brokers).put("filterServerTable", new JsonObject())
                .put("queueDatas", queues));
    }

    public static TopicRouteData fromJson(byte[] body) {
        JsonObject o = Json.parseObject(body);
        List<QueueData> queues = new ArrayList<>();
        List<Object> rawQueues = o.getArray("queueDatas");
        if (rawQueues != null) {
            for (Object q : rawQueues) {
                queues.add(QueueData.fromJson((JsonObject) q));
            }
        }
        List<BrokerData> brokers = new ArrayList<>();
        List<Object> rawBrokers = o.getArray("brokerDatas");
        if (rawBrokers != null) {
            for (Object b : rawBrokers) {
                brokers.add(BrokerData.fromJson((JsonObject) b));
            }
        }
        return new TopicRouteData(queues, brokers);
    }
}

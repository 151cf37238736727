package io.ferrymq.remoting.protocol.route;

import io.ferrymq.common.json.JsonObject;

import java.util.Map;
import java.util.TreeMap;

/** A broker group: its cluster, name, and the address of each member by broker id (0 = master). Immutable. */
public record BrokerData(String cluster, String brokerName, Map<Long, String> brokerAddrs) {
    public static final long MASTER_ID = 0L;

    public BrokerData {
        brokerAddrs = Map.copyOf(brokerAddrs);
    }

    public String masterAddr() {
        return brokerAddrs.get(MASTER_ID);
    }

    /** Standard JSON: broker ids as quoted keys, which every official client parses. */
    public JsonObject toJson() {
        JsonObject addrs = new JsonObject();
        for (Map.Entry<Long, String> e : new TreeMap<>(brokerAddrs).entrySet()) {
            addrs.put(Long.toString(e.getKey()), e.getValue());
        }
        return new JsonObject().put("brokerAddrs", addrs).put("brokerName", brokerName).put("cluster", cluster)
                .put("enableActingMaster", false);
    }

    public static BrokerData fromJson(JsonObject o) {
        Map<Long, String> addrs = new TreeMap<>();
        JsonObject raw = o.getObject("brokerAddrs");
        if (raw != null) {
            for (Map.Entry<Object, Object> e : raw.entries()) {
                addrs.put(Long.parseLong(String.valueOf(e.getKey()).trim()), String.valueOf(e.getValue()));
            }
        }
        return new BrokerData(o.getString("cluster"), o.getString("brokerName"), addrs);
    }
}

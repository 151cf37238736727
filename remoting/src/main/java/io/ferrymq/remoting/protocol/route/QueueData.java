package io.ferrymq.remoting.protocol.route;

import io.ferrymq.common.json.JsonObject;

/** How many queues one broker group offers for a topic, and with which permission. Immutable. */
public record QueueData(String brokerName, int readQueueNums, int writeQueueNums, int perm, int topicSysFlag) {

    public JsonObject toJson() {
        return new JsonObject().put("brokerName", brokerName).put("perm", perm).put("readQueueNums", readQueueNums)
                .put("topicSysFlag", topicSysFlag).put("writeQueueNums", writeQueueNums);
    }

    public static QueueData fromJson(JsonObject o) {
        return new QueueData(o.getString("brokerName"), o.getInt("readQueueNums", 0), o.getInt("writeQueueNums", 0),
                o.getInt("perm", 0), o.getInt("topicSysFlag", 0));
    }
}

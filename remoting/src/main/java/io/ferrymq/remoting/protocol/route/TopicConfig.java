package io.ferrymq.remoting.protocol.route;

import io.ferrymq.common.json.JsonObject;

/** A topic as one broker hosts it: queue counts, permission, ordering. Immutable. */
public record TopicConfig(String topicName, int readQueueNums, int writeQueueNums, int perm, String topicFilterType,
                          int topicSysFlag, boolean order) {

    public static TopicConfig of(String topic, int queues, int perm) {
        return new TopicConfig(topic, queues, queues, perm, "SINGLE_TAG", 0, false);
    }

    public TopicConfig withPerm(int newPerm) {
        return new TopicConfig(topicName, readQueueNums, writeQueueNums, newPerm, topicFilterType, topicSysFlag, order);
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("attributes", new JsonObject())
                .put("order", order)
                .put("perm", perm)
                .put("readQueueNums", readQueueNums)
                .put("topicFilterType", topicFilterType)
                .put("topicName", topicName)
                .put("topicSysFlag", topicSysFlag)
                .put("writeQueueNums", writeQueueNums);
    }

    public static TopicConfig fromJson(String name, JsonObject o) {
        return new TopicConfig(o.getString("topicName", name), o.getInt("readQueueNums", 0),
                o.getInt("writeQueueNums", 0), o.getInt("perm", PermName.READ | PermName.WRITE),
                o.getString("topicFilterType", "SINGLE_TAG"), o.getInt("topicSysFlag", 0), o.getBoolean("order", false));
    }
}

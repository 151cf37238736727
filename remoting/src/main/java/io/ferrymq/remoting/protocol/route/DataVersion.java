package io.ferrymq.remoting.protocol.route;

import io.ferrymq.common.json.JsonObject;

/** The version of a broker's topic configuration: changes whenever topics change. Immutable. */
public record DataVersion(long timestamp, long counter, long stateVersion) {

    public static DataVersion initial(long now) {
        return new DataVersion(now, 0, 0);
    }

    public DataVersion next(long now) {
        return new DataVersion(now, counter + 1, stateVersion);
    }

    public JsonObject toJson() {
        return new JsonObject().put("counter", counter).put("stateVersion", stateVersion).put("timestamp", timestamp);
    }

    public static DataVersion fromJson(JsonObject o) {
        if (o == null) {
            return new DataVersion(0, 0, 0);
        }
        return new DataVersion(o.getLong("timestamp", 0), o.getLong("counter", 0), o.getLong("stateVersion", 0));
    }
}

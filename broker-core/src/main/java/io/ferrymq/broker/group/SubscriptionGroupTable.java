package io.ferrymq.broker.group;

import io.ferrymq.broker.JsonFile;
import io.ferrymq.common.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Consumer groups this broker knows, with their settings (consume enabled, broadcast allowed, retry
 * queues, max retries), persisted to {@code config/subscriptionGroup.json} in RocketMQ's wrapper form.
 * Created on a group's first heartbeat when {@code autoCreateSubscriptionGroup} is on, or by admins.
 * Reads from any thread; changes serialized by this object's lock.
 */
public final class SubscriptionGroupTable {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionGroupTable.class);

    /** One group's settings, RocketMQ's defaults. Immutable. */
    public record GroupConfig(String groupName, boolean consumeEnable, boolean consumeBroadcastEnable,
                              int retryQueueNums, int retryMaxTimes, long brokerId, boolean consumeMessageOrderly) {
        public static GroupConfig defaults(String group) {
            return new GroupConfig(group, true, true, 1, 16, 0, false);
        }

        public JsonObject toJson() {
            return new JsonObject().put("brokerId", brokerId).put("consumeBroadcastEnable", consumeBroadcastEnable)
                    .put("consumeEnable", consumeEnable).put("consumeFromMinEnable", true)
                    .put("consumeMessageOrderly", consumeMessageOrderly).put("groupName", groupName)
                    .put("notifyConsumerIdsChangedEnable", true).put("retryMaxTimes", retryMaxTimes)
                    .put("retryQueueNums", retryQueueNums).put("whichBrokerWhenConsumeSlowly", 1);
        }

        public static GroupConfig fromJson(JsonObject o) {
            return new GroupConfig(o.getString("groupName"), o.getBoolean("consumeEnable", true),
                    o.getBoolean("consumeBroadcastEnable", true), o.getInt("retryQueueNums", 1),
                    o.getInt("retryMaxTimes", 16), o.getLong("brokerId", 0), o.getBoolean("consumeMessageOrderly", false));
        }
    }

    private final Path file;
    private final ConcurrentHashMap<String, GroupConfig> groups = new ConcurrentHashMap<>();

    public SubscriptionGroupTable(Path file) {
        this.file = file;
    }

    public void load() throws IOException {
        putAll(JsonFile.read(file));
    }

    /** Takes the master's groups (a slave's copy). */
    public synchronized void replaceAllFromMaster(JsonObject master) {
        putAll(master);
        persist();
    }

    private void putAll(JsonObject o) {
        JsonObject table = o == null ? null : o.getObject("subscriptionGroupTable");
        if (table != null) {
            for (Map.Entry<Object, Object> e : table.entries()) {
                GroupConfig g = GroupConfig.fromJson((JsonObject) e.getValue());
                groups.put(g.groupName(), g);
            }
        }
    }

    public GroupConfig get(String group) {
        return groups.get(group);
    }

    public Collection<GroupConfig> all() {
        return groups.values();
    }

    /** The group's config, created with defaults if {@code autoCreate}; null when unknown and not created. */
    public GroupConfig findOrCreate(String group, boolean autoCreate) {
        GroupConfig existing = groups.get(group);
        if (existing != null || !autoCreate) {
            return existing;
        }
        synchronized (this) {
            GroupConfig raced = groups.putIfAbsent(group, GroupConfig.defaults(group));
            if (raced != null) {
                return raced;
            }
            persist();
        }
        LOG.info("FMQ-BROKER-090 consumer group {} auto-created", group);
        return groups.get(group);
    }

    public synchronized void put(GroupConfig config) {
        groups.put(config.groupName(), config);
        persist();
    }

    public synchronized boolean delete(String group) {
        boolean removed = groups.remove(group) != null;
        if (removed) {
            persist();
        }
        return removed;
    }

    public JsonObject toJson() {
        JsonObject table = new JsonObject();
        new TreeMap<>(groups).forEach((name, g) -> table.put(name, g.toJson()));
        return new JsonObject().put("subscriptionGroupTable", table)
                .put("dataVersion", new JsonObject().put("counter", 0).put("stateVersion", 0).put("timestamp", 0));
    }

    private void persist() {
        try {
            JsonFile.write(file, toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("FMQ-BROKER-091 cannot write subscription groups to " + file, e);
        }
    }
}

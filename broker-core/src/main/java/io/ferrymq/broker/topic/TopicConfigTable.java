package io.ferrymq.broker.topic;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.JsonFile;
import io.ferrymq.common.json.JsonObject;
import io.ferrymq.remoting.protocol.route.DataVersion;
import io.ferrymq.remoting.protocol.route.PermName;
import io.ferrymq.remoting.protocol.route.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The topics this broker hosts, persisted to {@code config/topics.json}, with the data version the
 * nameservers compare. Reads from any thread; changes are serialized by this object's lock and each
 * one bumps the version, persists, and tells the listeners (the nameserver registrar).
 */
public final class TopicConfigTable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicConfigTable.class);
    public static final String AUTO_CREATE_TOPIC_KEY = "TBW102";
    public static final String SELF_TEST_TOPIC = "SELF_TEST_TOPIC";
    public static final String RETRY_GROUP_TOPIC_PREFIX = "%RETRY%";
    public static final String DLQ_GROUP_TOPIC_PREFIX = "%DLQ%";

    private final Path file;
    private final Clock clock;
    private final BrokerConfig brokerConfig;
    private final ConcurrentHashMap<String, TopicConfig> topics = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile DataVersion version;

    public TopicConfigTable(Path file, BrokerConfig brokerConfig, Clock clock) {
        this.file = file;
        this.clock = clock;
        this.brokerConfig = brokerConfig;
        this.version = DataVersion.initial(clock.millis());
    }

    public synchronized void load() throws IOException {
        JsonObject o = JsonFile.read(file);
        if (o != null) {
            version = DataVersion.fromJson(o.getObject("dataVersion"));
            JsonObject table = o.getObject("topicConfigTable");
            if (table != null) {
                for (Map.Entry<Object, Object> e : table.entries()) {
                    String name = String.valueOf(e.getKey());
                    topics.put(name, TopicConfig.fromJson(name, (JsonObject) e.getValue()));
                }
            }
        }
        int queues = brokerConfig.getDefaultTopicQueueNums();
        if (brokerConfig.isAutoCreateTopicEnable()) {
            topics.putIfAbsent(AUTO_CREATE_TOPIC_KEY, TopicConfig.of(AUTO_CREATE_TOPIC_KEY, queues,
                    PermName.READ | PermName.WRITE | PermName.INHERIT));
        } else {
            topics.remove(AUTO_CREATE_TOPIC_KEY);
        }
        topics.putIfAbsent(SELF_TEST_TOPIC, TopicConfig.of(SELF_TEST_TOPIC, 1, PermName.READ | PermName.WRITE));
        // RocketMQ registers the cluster and broker names as topics; admin tools look them up.
        String cluster = brokerConfig.getBrokerClusterName();
        String broker = brokerConfig.getBrokerName();
        topics.putIfAbsent(cluster, TopicConfig.of(cluster, 16, brokerConfig.getBrokerPermission()));
        topics.putIfAbsent(broker, TopicConfig.of(broker, 1, brokerConfig.getBrokerPermission()));
        persist();
    }

    public void addListener(Runnable onChange) {
        listeners.add(onChange);
    }

    public TopicConfig get(String topic) {
        return topics.get(topic);
    }

    public Collection<TopicConfig> all() {
        return topics.values();
    }

    public DataVersion version() {
        return version;
    }

    /** Creates or replaces a topic (admin). */
    public void put(TopicConfig config) {
        synchronized (this) {
            topics.put(config.topicName(), config);
            changed();
        }
        notifyListeners();
        LOG.info("FMQ-BROKER-020 topic {} now has {} read / {} write queues, perm {}", config.topicName(),
                config.readQueueNums(), config.writeQueueNums(), config.perm());
    }

    public boolean delete(String topic) {
        boolean removed;
        synchronized (this) {
            removed = topics.remove(topic) != null;
            if (removed) {
                changed();
            }
        }
        if (removed) {
            notifyListeners();
        }
        return removed;
    }

    /**
     * Creates {@code topic} for a send that names it for the first time, from the template topic the
     * client names (TBW102), when auto-creation is on and the template lets itself be inherited.
     *
     * @return the topic, or null when it may not be created
     */
    public TopicConfig createForSend(String topic, String templateTopic, int clientQueueNums, int topicSysFlag) {
        TopicConfig existing = topics.get(topic);
        if (existing != null) {
            return existing;
        }
        TopicConfig template = templateTopic == null ? null : topics.get(templateTopic);
        if (template == null || !PermName.isInherited(template.perm()) || !brokerConfig.isAutoCreateTopicEnable()) {
            return null;
        }
        int queues = Math.max(1, Math.min(clientQueueNums, template.writeQueueNums()));
        TopicConfig created = new TopicConfig(topic, queues, queues, template.perm() & ~PermName.INHERIT,
                "SINGLE_TAG", topicSysFlag, false);
        TopicConfig raced;
        synchronized (this) {
            raced = topics.putIfAbsent(topic, created);
            if (raced == null) {
                changed();
            }
        }
        if (raced != null) {
            return raced;
        }
        LOG.info("FMQ-BROKER-021 topic {} auto-created with {} queues from template {}", topic, queues, templateTopic);
        notifyListeners();
        return created;
    }

    /** The group's retry topic, created on first need with the given queue count. */
    public TopicConfig ensureSystemTopic(String topic, int queues) {
        TopicConfig existing = topics.get(topic);
        if (existing != null) {
            return existing;
        }
        TopicConfig created = TopicConfig.of(topic, queues, PermName.READ | PermName.WRITE);
        synchronized (this) {
            TopicConfig raced = topics.putIfAbsent(topic, created);
            if (raced != null) {
                return raced;
            }
            changed();
        }
        notifyListeners();
        return created;
    }

    /**
     * Takes the master's topics as they are (a slave's copy); no-op when the master's data version is the
     * one already held. Returns true when something changed.
     */
    public boolean replaceAllFromMaster(JsonObject wrapper) {
        DataVersion masterVersion = DataVersion.fromJson(wrapper.getObject("dataVersion"));
        if (masterVersion.equals(version)) {
            return false;
        }
        JsonObject table = wrapper.getObject("topicConfigTable");
        java.util.Map<String, TopicConfig> fresh = new java.util.HashMap<>();
        if (table != null) {
            for (Map.Entry<Object, Object> e : table.entries()) {
                String name = String.valueOf(e.getKey());
                fresh.put(name, TopicConfig.fromJson(name, (JsonObject) e.getValue()));
            }
        }
        synchronized (this) {
            topics.keySet().retainAll(fresh.keySet());
            topics.putAll(fresh);
            version = masterVersion;
            persist();
        }
        return true;
    }

    /** The {@code TopicConfigSerializeWrapper} body: data version and every topic. */
    public JsonObject wrapperJson() {
        JsonObject table = new JsonObject();
        for (TopicConfig t : new TreeMap<>(topics).values()) {
            table.put(t.topicName(), t.toJson());
        }
        return new JsonObject().put("dataVersion", version.toJson()).put("topicConfigTable", table);
    }

    private void changed() {
        version = version.next(clock.millis());
        persist();
    }

    private void persist() {
        try {
            JsonFile.write(file, wrapperJson());
        } catch (IOException e) {
            throw new UncheckedIOException("FMQ-BROKER-022 cannot write topic config " + file, e);
        }
    }

    private void notifyListeners() {
        for (Runnable l : listeners) {
            l.run();
        }
    }
}

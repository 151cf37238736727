package io.ferrymq.broker.offset;

import io.ferrymq.broker.JsonFile;
import io.ferrymq.common.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Committed consumer offsets per (topic, group, queue), persisted to {@code config/consumerOffset.json}
 * in RocketMQ's {@code {"offsetTable":{"topic@group":{"0":10}}}} form. Any thread commits and reads;
 * {@link #persist()} runs on the broker's scheduler and at shutdown.
 */
public final class ConsumerOffsetTable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerOffsetTable.class);
    private static final String SEPARATOR = "@";

    private final Path file;
    private final ConcurrentHashMap<String, ConcurrentHashMap<Integer, Long>> offsets = new ConcurrentHashMap<>();

    public ConsumerOffsetTable(Path file) {
        this.file = file;
    }

    public void load() throws IOException {
        JsonObject o = JsonFile.read(file);
        if (o != null) {
            putAll(o);
        }
        LOG.info("FMQ-BROKER-030 loaded consumer offsets of {} topic@group pairs", offsets.size());
    }

    /** Takes the master's offsets (a slave's copy), so consumers moving to the slave do not rewind. */
    public void replaceAllFromMaster(JsonObject master) {
        putAll(master);
    }

    private void putAll(JsonObject o) {
        if (o.getObject("offsetTable") == null) {
            return;
        }
        for (Map.Entry<Object, Object> e : o.getObject("offsetTable").entries()) {
            ConcurrentHashMap<Integer, Long> byQueue = new ConcurrentHashMap<>();
            for (Map.Entry<Object, Object> q : ((JsonObject) e.getValue()).entries()) {
                byQueue.put(Integer.parseInt(String.valueOf(q.getKey()).trim()), ((Number) q.getValue()).longValue());
            }
            offsets.put(String.valueOf(e.getKey()), byQueue);
        }
    }

    public void commit(String group, String topic, int queueId, long offset) {
        offsets.computeIfAbsent(topic + SEPARATOR + group, k -> new ConcurrentHashMap<>()).put(queueId, offset);
    }

    /** Commits {@code offset} unless the group already has one for the queue (first start of a subscription). */
    public void commitIfAbsent(String group, String topic, int queueId, long offset) {
        offsets.computeIfAbsent(topic + SEPARATOR + group, k -> new ConcurrentHashMap<>()).putIfAbsent(queueId, offset);
    }

    /** Forgets the group's offsets for one topic. */
    public void remove(String group, String topic) {
        offsets.remove(topic + SEPARATOR + group);
    }

    /** The committed offset, or -1 when the group never committed one for this queue. */
    public long query(String group, String topic, int queueId) {
        Map<Integer, Long> byQueue = offsets.get(topic + SEPARATOR + group);
        Long offset = byQueue == null ? null : byQueue.get(queueId);
        return offset == null ? -1 : offset;
    }

    /** Every offset the group committed for the topic, by queue. */
    public Map<Integer, Long> queryAll(String group, String topic) {
        Map<Integer, Long> byQueue = offsets.get(topic + SEPARATOR + group);
        return byQueue == null ? Map.of() : new TreeMap<>(byQueue);
    }

    public void removeGroup(String group) {
        offsets.keySet().removeIf(k -> k.endsWith(SEPARATOR + group));
    }

    public JsonObject toJson() {
        JsonObject table = new JsonObject();
        for (Map.Entry<String, ConcurrentHashMap<Integer, Long>> e : new TreeMap<>(offsets).entrySet()) {
            JsonObject byQueue = new JsonObject();
            new TreeMap<>(e.getValue()).forEach((q, off) -> byQueue.put(Integer.toString(q), off));
            table.put(e.getKey(), byQueue);
        }
        return new JsonObject().put("offsetTable", table);
    }

    public synchronized void persist() {
        try {
            JsonFile.write(file, toJson());
        } catch (IOException e) {
            LOG.error("FMQ-BROKER-031 cannot write consumer offsets to {}; retrying next interval", file, e);
        }
    }
}

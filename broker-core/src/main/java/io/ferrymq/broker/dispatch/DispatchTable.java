package io.ferrymq.broker.dispatch;

import io.ferrymq.broker.JsonFile;
import io.ferrymq.broker.offset.ConsumerOffsetTable;
import io.ferrymq.common.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Every {@link DispatchQueue} of this broker, created on first use at the group's committed offset (or the start a
 * new subscription asked for), with floors written through to the {@link ConsumerOffsetTable} — so admin tools,
 * lag figures and slaves see a dispatched subscription's progress like any group's — and the out-of-order part
 * (pending offsets and how far dispatch got) saved to {@code config/dispatchState.json}, so a restart redelivers
 * what was unacknowledged and nothing that was acknowledged.
 *
 * <p>Threads: processors and the broker's scheduler. A queue's state is touched only under its monitor, through
 * {@link #withQueue}.
 */
public final class DispatchTable {
    private static final Logger LOG = LoggerFactory.getLogger(DispatchTable.class);

    /** Where a subscription without committed offsets starts. */
    public enum StartFrom { FIRST, LAST }

    /** What the table needs from the store about a queue's bounds. */
    public interface QueueBounds {
        long minOffset(String topic, int queueId);

        /** The queue's end, once every message stored so far is in it (a LAST start must not miss one). */
        long maxOffset(String topic, int queueId);
    }

    private final Map<String, DispatchQueue> queues = new ConcurrentHashMap<>();
    private final ConsumerOffsetTable offsets;
    private final QueueBounds bounds;
    private final Path file;
    /** State read at start, taken over by each queue when it is first used. */
    private final Map<String, JsonObject> saved = new ConcurrentHashMap<>();

    public DispatchTable(ConsumerOffsetTable offsets, QueueBounds bounds, Path file) {
        this.offsets = offsets;
        this.bounds = bounds;
        this.file = file;
    }

    private static String key(String group, String topic, int queueId) {
        return topic + "@" + group + "#" + queueId;
    }

    public void load() throws IOException {
        JsonObject o = JsonFile.read(file);
        if (o == null || o.getObject("queues") == null) {
            return;
        }
        for (Map.Entry<Object, Object> e : o.getObject("queues").entries()) {
            saved.put(String.valueOf(e.getKey()), (JsonObject) e.getValue());
        }
        LOG.info("FMQ-BROKER-400 loaded the dispatch state of {} queues", saved.size());
    }

    /** Saves what a restart needs; on the broker's scheduler and at shutdown. */
    public synchronized void persist() {
        JsonObject all = new JsonObject();
        Map<String, JsonObject> sorted = new TreeMap<>(saved);
        for (DispatchQueue q : queues.values()) {
            synchronized (q) {
                Map<Long, Integer> pending = q.pending();
                if (pending.isEmpty() && q.next() == q.floor()) {
                    sorted.remove(key(q.group, q.topic, q.queueId));
                    continue;
                }
                List<Object> list = new ArrayList<>(pending.size());
                pending.forEach((offset, deliveries) -> list.add(List.<Object>of(offset, deliveries)));
                sorted.put(key(q.group, q.topic, q.queueId),
                        new JsonObject().put("floor", q.floor()).put("next", q.next()).put("pending", list));
            }
        }
        sorted.forEach(all::put);
        try {
            JsonFile.write(file, new JsonObject().put("queues", all));
        } catch (IOException e) {
            LOG.warn("FMQ-BROKER-401 could not save the dispatch state to {}: {}", file, e.toString());
        }
    }

    /**
     * Fixes the start of a subscription's queue if the group has none yet: later receives start there whatever
     * arrives in between (a topic subscriber sees every message sent after it subscribed).
     */
    public void prepare(String group, String topic, int queueId, StartFrom startFrom) {
        if (offsets.query(group, topic, queueId) < 0) {
            long start = startFrom == StartFrom.FIRST ? bounds.minOffset(topic, queueId) : bounds.maxOffset(topic, queueId);
            offsets.commitIfAbsent(group, topic, queueId, start);
        }
    }

    /** Runs {@code action} on the queue's state under its monitor, committing the floor if it moved. */
    public <T> T withQueue(String group, String topic, int queueId, StartFrom startFrom,
                           java.util.function.Function<DispatchQueue, T> action) {
        DispatchQueue q = queues.computeIfAbsent(key(group, topic, queueId), k -> open(group, topic, queueId, startFrom));
        synchronized (q) {
            long before = q.floor();
            T result = action.apply(q);
            if (q.floor() != before) {
                offsets.commit(group, topic, queueId, q.floor());
            }
            return result;
        }
    }

    private DispatchQueue open(String group, String topic, int queueId, StartFrom startFrom) {
        prepare(group, topic, queueId, startFrom);
        long committed = offsets.query(group, topic, queueId);
        DispatchQueue q = new DispatchQueue(group, topic, queueId, Math.max(committed, bounds.minOffset(topic, queueId)));
        JsonObject state = saved.remove(key(group, topic, queueId));
        if (state != null && ((Number) state.get("floor")).longValue() == committed) {
            Map<Long, Integer> pending = new TreeMap<>();
            for (Object entry : state.getArray("pending")) {
                List<?> pair = (List<?>) entry;
                pending.put(((Number) pair.get(0)).longValue(), ((Number) pair.get(1)).intValue());
            }
            q.restore(((Number) state.get("next")).longValue(), pending);
        }
        return q;
    }

    /** Lets every queue with leases expire the overdue ones; reports (group, topic) pairs that got ready messages. */
    public void expireLeases(long now, Consumer<DispatchQueue> gotReady) {
        for (DispatchQueue q : queues.values()) {
            int expired;
            synchronized (q) {
                if (q.leasedCount() == 0 || q.earliestDeadline() > now) {
                    continue;
                }
                long before = q.floor();
                expired = q.expire(now);
                if (q.floor() != before) {
                    offsets.commit(q.group, q.topic, q.queueId, q.floor());
                }
            }
            if (expired > 0) {
                gotReady.accept(q);
            }
        }
    }

    /** Forgets a subscription: its queues' state and its committed offsets for the topic (null: every topic). */
    public void drop(String group, String topic) {
        queues.values().removeIf(q -> q.group.equals(group) && (topic == null || q.topic.equals(topic)));
        // Keys are topic@group#queue; neither names may hold '@' or '#'.
        saved.keySet().removeIf(k -> k.substring(k.indexOf('@') + 1, k.lastIndexOf('#')).equals(group)
                && (topic == null || k.startsWith(topic + "@")));
        if (topic == null) {
            offsets.removeGroup(group);
        } else {
            offsets.remove(group, topic);
        }
    }
}

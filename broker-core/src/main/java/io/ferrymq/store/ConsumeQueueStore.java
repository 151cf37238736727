package io.ferrymq.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * All ConsumeQueues, by topic and queue id, under {@code storePathConsumeQueue/<topic>/<queueId>/}.
 * Lookups from any thread; queues are created by the dispatcher (or recovery).
 */
final class ConsumeQueueStore {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumeQueueStore.class);

    private final Path root;
    private final int fileSize;
    private final ConcurrentHashMap<String, ConcurrentHashMap<Integer, ConsumeQueue>> queues = new ConcurrentHashMap<>();

    ConsumeQueueStore(Path root, int fileSize) {
        this.root = root;
        this.fileSize = fileSize;
    }

    void load() throws IOException {
        Files.createDirectories(root);
        List<Path> topicDirs;
        try (Stream<Path> s = Files.list(root)) {
            topicDirs = s.filter(Files::isDirectory).toList();
        }
        for (Path topicDir : topicDirs) {
            String topic = topicDir.getFileName().toString();
            List<Path> queueDirs;
            try (Stream<Path> s = Files.list(topicDir)) {
                queueDirs = s.filter(p -> Files.isDirectory(p) && p.getFileName().toString().matches("\\d+")).toList();
            }
            for (Path queueDir : queueDirs) {
                int queueId = Integer.parseInt(queueDir.getFileName().toString());
                ConsumeQueue cq = new ConsumeQueue(root, topic, queueId, fileSize);
                cq.files().load();
                cq.recover();
                queues.computeIfAbsent(topic, t -> new ConcurrentHashMap<>()).put(queueId, cq);
            }
        }
        LOG.info("FMQ-STORE-062 loaded {} consume queues of {} topics", all().size(), queues.size());
    }

    ConsumeQueue find(String topic, int queueId) {
        Map<Integer, ConsumeQueue> byId = queues.get(topic);
        return byId == null ? null : byId.get(queueId);
    }

    ConsumeQueue findOrCreate(String topic, int queueId) {
        return queues.computeIfAbsent(topic, t -> new ConcurrentHashMap<>())
                .computeIfAbsent(queueId, id -> new ConsumeQueue(root, topic, id, fileSize));
    }

    Collection<ConsumeQueue> all() {
        List<ConsumeQueue> all = new ArrayList<>();
        for (Map<Integer, ConsumeQueue> byId : queues.values()) {
            all.addAll(byId.values());
        }
        return all;
    }

    Map<Integer, ConsumeQueue> queuesOf(String topic) {
        Map<Integer, ConsumeQueue> byId = queues.get(topic);
        return byId == null ? Map.of() : byId;
    }

    void flush() {
        for (ConsumeQueue cq : all()) {
            cq.flush();
        }
    }

    void close() {
        for (ConsumeQueue cq : all()) {
            cq.close();
        }
    }
}

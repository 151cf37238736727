package io.ferrymq.store;

import io.ferrymq.common.message.MessageConst;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;

/**
 * The message index under {@code storePathIndex}: keys ({@code KEYS}) and unique ids ({@code UNIQ_KEY})
 * of every record, as {@code topic#key}, over a sequence of {@link IndexFile}s named by creation time.
 * Results are candidates only (hashes collide); {@link MessageStore} checks each against its record.
 *
 * <p>Threads: the dispatcher adds; any thread queries under the read lock; retention and recovery
 * delete files under the write lock.
 */
final class IndexStore {
    private static final Logger LOG = LoggerFactory.getLogger(IndexStore.class);

    private final Path dir;
    private final StoreConfig config;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final List<IndexFile> files = new ArrayList<>();
    /** Commit-log offset of the newest record indexed; replays at or below it are skipped. */
    private long lastIndexedOffset = -1;

    IndexStore(StoreConfig config) {
        this.dir = config.indexDir();
        this.config = config;
    }

    void load() throws IOException {
        Files.createDirectories(dir);
        List<Path> paths;
        try (Stream<Path> s = Files.list(dir)) {
            paths = s.filter(p -> p.getFileName().toString().matches("\\d{17,}")).sorted().toList();
        }
        for (Path p : paths) {
            IndexFile f = IndexFile.open(p, config.getMaxHashSlotNum(), config.getMaxIndexNum());
            files.add(f);
            if (!f.isEmpty()) {
                lastIndexedOffset = Math.max(lastIndexedOffset, f.endPhyOffset());
            }
        }
    }

    /**
     * Deletes index files holding entries at or past {@code commitLogOffset} (they may hold entries of
     * records recovery is about to verify again) and returns the offset from which the index must be
     * rebuilt. Startup only.
     */
    long discardFrom(long commitLogOffset) throws IOException {
        long rebuildFrom = commitLogOffset;
        lock.writeLock().lock();
        try {
            while (!files.isEmpty()) {
                IndexFile last = files.get(files.size() - 1);
                if (last.isEmpty() || last.endPhyOffset() < commitLogOffset) {
                    break;
                }
                rebuildFrom = Math.min(rebuildFrom, last.beginPhyOffset());
                LOG.info("FMQ-STORE-072 discarding index file {} to rebuild it from commit log offset {}",
                        last.path().getFileName(), rebuildFrom);
                last.destroy();
                files.remove(files.size() - 1);
            }
            lastIndexedOffset = -1;
            for (IndexFile f : files) {
                if (!f.isEmpty()) {
                    lastIndexedOffset = Math.max(lastIndexedOffset, f.endPhyOffset());
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
        return rebuildFrom;
    }

    /** Indexes one record. Dispatcher thread only. */
    void add(DispatchRequest r) throws IOException {
        if (r.commitLogOffset() <= lastIndexedOffset) {
            return;
        }
        String keys = r.keys();
        String uniqKey = r.uniqKey();
        if ((keys == null || keys.isEmpty()) && uniqKey == null) {
            return;
        }
        if (uniqKey != null) {
            put(r.topic() + '#' + uniqKey, r);
        }
        if (keys != null && !keys.isEmpty()) {
            for (String key : keys.split(MessageConst.KEY_SEPARATOR)) {
                if (!key.isEmpty()) {
                    put(r.topic() + '#' + key, r);
                }
            }
        }
        lastIndexedOffset = r.commitLogOffset();
    }

    private void put(String key, DispatchRequest r) throws IOException {
        IndexFile f = writable(r.storeTimestamp());
        if (!f.put(key, r.commitLogOffset(), r.storeTimestamp())) {
            f = writable(r.storeTimestamp());
            f.put(key, r.commitLogOffset(), r.storeTimestamp());
        }
    }

    private IndexFile writable(long timestamp) throws IOException {
        IndexFile last;
        lock.readLock().lock();
        try {
            // Retention removes only head files and never the last one, so this stays valid unlocked.
            last = files.isEmpty() ? null : files.get(files.size() - 1);
        } finally {
            lock.readLock().unlock();
        }
        if (last != null && !last.isFull()) {
            return last;
        }
        String name = String.format("%017d", timestamp);
        Path p = dir.resolve(name);
        for (int i = 1; Files.exists(p); i++) {
            p = dir.resolve(name + String.format("%03d", i));
        }
        IndexFile created = IndexFile.open(p, config.getMaxHashSlotNum(), config.getMaxIndexNum());
        lock.writeLock().lock();
        try {
            files.add(created);
        } finally {
            lock.writeLock().unlock();
        }
        return created;
    }

    /** Candidate commit-log offsets of records with {@code key} in {@code topic}, stored in [begin, end]. */
    List<Long> query(String topic, String key, int maxResults, long begin, long end) {
        List<Long> out = new ArrayList<>();
        String indexKey = topic + '#' + key;
        lock.readLock().lock();
        try {
            for (int i = files.size() - 1; i >= 0 && out.size() < maxResults; i--) {
                IndexFile f = files.get(i);
                if (f.isEmpty() || f.endTimestamp() < begin || f.beginTimestamp() > end) {
                    continue;
                }
                f.query(indexKey, maxResults, begin, end, out);
            }
        } finally {
            lock.readLock().unlock();
        }
        return out;
    }

    /** Deletes full files whose every record lies before {@code commitLogMinOffset}. Retention thread. */
    int dropBefore(long commitLogMinOffset) {
        int deleted = 0;
        lock.writeLock().lock();
        try {
            while (files.size() > 1 && files.get(0).endPhyOffset() < commitLogMinOffset) {
                IndexFile f = files.remove(0);
                try {
                    f.destroy();
                    deleted++;
                } catch (IOException e) {
                    LOG.warn("FMQ-STORE-073 cannot delete index file {}: {}", f.path(), e.toString());
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
        return deleted;
    }

    void flush() {
        lock.readLock().lock();
        try {
            for (IndexFile f : files) {
                f.flush();
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    void close() {
        lock.writeLock().lock();
        try {
            for (IndexFile f : files) {
                f.close();
            }
            files.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }
}

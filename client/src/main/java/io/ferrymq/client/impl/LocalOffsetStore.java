package io.ferrymq.client.impl;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.common.json.Json;
import io.ferrymq.common.json.JsonException;
import io.ferrymq.common.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The offsets of a broadcasting consumer instance, kept in a local file as RocketMQ's {@code LocalFileOffsetStore}
 * keeps them: {@code <dir>/<instance>/<group>/offsets.json}, where {@code <instance>} is {@code ip@instanceName},
 * the part of the client id that survives a restart (the rest is the process id and a timestamp). Every save
 * writes a temporary file, forces it and renames it over the old one, so a crash leaves the old or the new file,
 * never half of one. A lock file keeps a second live instance with the same name away from the same offsets.
 *
 * <p>Thread-safe: {@link #save} and {@link #close} are synchronized; the consumer saves every 5 s and at close.
 */
public final class LocalOffsetStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalOffsetStore.class);
    static final String FILE_NAME = "offsets.json";
    /**
     * Offset directories open in this JVM. Checked before the file lock: a second channel on the lock file would,
     * once closed, drop the first one's lock (POSIX locks belong to the process).
     */
    private static final java.util.Set<Path> OPEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private boolean closed;

    private LocalOffsetStore(Path file, FileChannel lockChannel, FileLock lock) {
        this.file = file;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** {@code ferrymq.client.localOffsetStoreDir}, else {@code ~/.ferrymq_offsets}. */
    public static Path defaultDir() {
        String configured = System.getProperty("ferrymq.client.localOffsetStoreDir");
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".ferrymq_offsets");
    }

    /** {@code ip@instanceName} of a client id {@code ip@instanceName#pid#nanos}, made safe as a directory name. */
    static String stableInstance(String clientId) {
        String id = clientId;
        for (int i = 0; i < 2; i++) {
            int hash = id.lastIndexOf('#');
            if (hash > 0) {
                id = id.substring(0, hash);
            }
        }
        return id.replaceAll("[^A-Za-z0-9._@-]", "_");
    }

    /** Opens (creating directories) and locks the offsets file of this instance and group. */
    public static LocalOffsetStore open(Path dir, String clientId, String group) throws ClientException {
        Path groupDir = dir.resolve(stableInstance(clientId)).resolve(group.replaceAll("[^A-Za-z0-9._%@-]", "_"));
        Path key = groupDir.toAbsolutePath().normalize();
        if (!OPEN.add(key)) {
            throw inUse(groupDir);
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(groupDir);
            channel = FileChannel.open(groupDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw inUse(groupDir);
            }
            return new LocalOffsetStore(groupDir.resolve(FILE_NAME), channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            OPEN.remove(key);
            throw new ClientException("FMQ-CLIENT-217 cannot open the broadcast offsets in " + groupDir + ": " + e, e);
        } catch (ClientException e) {
            closeQuietly(channel);
            OPEN.remove(key);
            throw e;
        }
    }

    private static ClientException inUse(Path groupDir) {
        return new ClientException(-1, "FMQ-CLIENT-216 another live consumer keeps its broadcast offsets in "
                + groupDir + "; give each broadcasting consumer of a group its own instanceName");
    }

    public Path file() {
        return file;
    }

    /** The saved offsets; none if there is no file yet or it cannot be read (logged: consumption restarts). */
    public Map<MessageQueue, Long> load() {
        Map<MessageQueue, Long> offsets = new HashMap<>();
        if (!Files.exists(file)) {
            return offsets;
        }
        try {
            List<Object> entries = Json.parseObject(Files.readAllBytes(file)).getArray("offsets");
            if (entries != null) {
                for (Object o : entries) {
                    JsonObject e = (JsonObject) o;
                    offsets.put(new MessageQueue(e.getString("topic"), e.getString("brokerName"), e.getInt("queueId", -1)),
                            e.getLong("offset", -1));
                }
            }
        } catch (IOException | JsonException | ClassCastException e) {
            LOG.error("FMQ-CLIENT-218 cannot read broadcast offsets from {} ({}); consuming from the configured start",
                    file, e.toString());
            offsets.clear();
        }
        return offsets;
    }

    /** Writes {@code offsets} atomically (temporary file, force, rename). */
    public synchronized void save(Map<MessageQueue, Long> offsets) throws IOException {
        List<Object> entries = new ArrayList<>();
        for (Map.Entry<MessageQueue, Long> e : new TreeMap<>(offsets).entrySet()) {
            entries.add(new JsonObject().put("brokerName", e.getKey().brokerName()).put("offset", e.getValue())
                    .put("queueId", e.getKey().queueId()).put("topic", e.getKey().topic()));
        }
        byte[] json = Json.writeBytes(new JsonObject().put("offsets", entries));
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(json);
            while (buf.hasRemaining()) {
                out.write(buf);
            }
            out.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Releases the instance lock; the offsets file stays for the next start. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lock.release();
        } catch (IOException e) {
            LOG.debug("FMQ-CLIENT-219 releasing {} failed: {}", file, e.toString());
        }
        closeQuietly(lockChannel);
        OPEN.remove(file.getParent().toAbsolutePath().normalize());
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }
}

package io.ferrymq.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * The {@code storeCheckpoint} file: how far the CommitLog, the ConsumeQueues and the index were durable
 * at the last checkpoint, as commit-log offsets that are all record boundaries. Recovery re-verifies
 * the log from the smallest of them. Carries a CRC so a torn write is detected (and then ignored, which
 * only makes recovery verify more). Written by the flush thread of the consume queues; read at startup.
 */
final class StoreCheckpoint {
    private static final Logger LOG = LoggerFactory.getLogger(StoreCheckpoint.class);
    private static final int MAGIC = 0x464D5143; // "FMQC"
    private static final int SIZE = 4096;

    /** The offsets as last written. */
    record Offsets(long commitLog, long consumeQueue, long index) {
        long verifyFrom() {
            return Math.min(commitLog, Math.min(consumeQueue, index));
        }
    }

    private final Path path;
    private final ByteBuffer page = ByteBuffer.allocateDirect(SIZE);

    StoreCheckpoint(Path path) {
        this.path = path;
    }

    /** The offsets read from disk, or null when absent or unreadable. */
    Offsets read() {
        if (!Files.exists(path)) {
            return null;
        }
        try {
            byte[] raw = Files.readAllBytes(path);
            if (raw.length < 40) {
                LOG.warn("FMQ-STORE-050 checkpoint {} is truncated; recovering from the oldest file", path);
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(raw);
            CRC32 crc = new CRC32();
            crc.update(raw, 0, 32);
            if (b.getInt(0) != MAGIC || b.getLong(32) != crc.getValue()) {
                LOG.warn("FMQ-STORE-051 checkpoint {} is corrupt; recovering from the oldest file", path);
                return null;
            }
            return new Offsets(b.getLong(8), b.getLong(16), b.getLong(24));
        } catch (IOException e) {
            LOG.warn("FMQ-STORE-052 cannot read checkpoint {}: {}; recovering from the oldest file", path, e.toString());
            return null;
        }
    }

    /** Writes and forces the checkpoint. One writer thread at a time. */
    synchronized void write(Offsets offsets) throws IOException {
        page.clear();
        page.putInt(0, MAGIC);
        page.putInt(4, 1);
        page.putLong(8, offsets.commitLog());
        page.putLong(16, offsets.consumeQueue());
        page.putLong(24, offsets.index());
        byte[] head = new byte[32];
        page.get(0, head);
        CRC32 crc = new CRC32();
        crc.update(head);
        page.putLong(32, crc.getValue());
        page.position(0).limit(SIZE);
        Files.createDirectories(path.toAbsolutePath().getParent());
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            while (page.hasRemaining()) {
                ch.write(page, page.position());
            }
            ch.force(false);
        }
    }
}

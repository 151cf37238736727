package io.ferrymq.store;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One hash-slot index file, in RocketMQ's layout: a 40-byte header {@code [beginTimestamp][endTimestamp]
 * [beginPhyOffset][endPhyOffset][slotCount][indexCount]}, {@code maxHashSlotNum} 4-byte slots holding the
 * newest entry number for their hash, then 20-byte entries {@code [keyHash][phyOffset][timeDiffSeconds]
 * [previousEntry]} chained per slot, newest first.
 *
 * <p>Threads: the dispatcher writes; queries read concurrently. Entries are written before the slot that
 * points at them and before {@code indexCount} (volatile) moves, so a reader never follows a half-written
 * entry. Deletion is fenced by {@link IndexStore}'s lock.
 */
final class IndexFile {
    static final int HEADER_SIZE = 40;
    static final int ENTRY_SIZE = 20;

    private final Path path;
    private final int slotCount;
    private final int maxEntries;
    private final MappedByteBuffer buffer;
    private volatile int indexCount;
    private volatile boolean dirty;

    private IndexFile(Path path, int slotCount, int maxEntries, MappedByteBuffer buffer) {
        this.path = path;
        this.slotCount = slotCount;
        this.maxEntries = maxEntries;
        this.buffer = buffer;
        int stored = buffer.getInt(36);
        this.indexCount = stored == 0 ? 1 : stored;
    }

    static IndexFile open(Path path, int slotCount, int maxEntries) throws IOException {
        long size = HEADER_SIZE + (long) slotCount * 4 + (long) maxEntries * ENTRY_SIZE;
        if (size > Integer.MAX_VALUE) {
            throw new IOException("FMQ-STORE-070 index file of " + size + " bytes is too large; lower maxIndexNum"
                    + " or maxHashSlotNum");
        }
        try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw"); FileChannel ch = raf.getChannel()) {
            if (raf.length() != size) {
                raf.setLength(size);
            }
            MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
            IndexFile f = new IndexFile(path, slotCount, maxEntries, b);
            if (b.getInt(32) == 0) {
                b.putInt(32, slotCount);
            } else if (b.getInt(32) != slotCount) {
                throw new IOException("FMQ-STORE-071 index file " + path + " has " + b.getInt(32)
                        + " hash slots but maxHashSlotNum is " + slotCount + "; restore the original setting");
            }
            return f;
        }
    }

    Path path() {
        return path;
    }

    boolean isFull() {
        return indexCount >= maxEntries;
    }

    long beginTimestamp() {
        return buffer.getLong(0);
    }

    long endTimestamp() {
        return buffer.getLong(8);
    }

    long beginPhyOffset() {
        return buffer.getLong(16);
    }

    long endPhyOffset() {
        return buffer.getLong(24);
    }

    boolean isEmpty() {
        return indexCount <= 1;
    }

    static int hash(String key) {
        int h = key.hashCode();
        return h == Integer.MIN_VALUE ? 0 : Math.abs(h);
    }

    /** Adds {@code key} for the record at {@code phyOffset}. Dispatcher thread only; false when full. */
    boolean put(String key, long phyOffset, long storeTimestamp) {
        int count = indexCount;
        if (count >= maxEntries) {
            return false;
        }
        if (count == 1) {
            buffer.putLong(0, storeTimestamp);
            buffer.putLong(16, phyOffset);
        }
        int keyHash = hash(key);
        int slotPos = HEADER_SIZE + (keyHash % slotCount) * 4;
        int previous = buffer.getInt(slotPos);
        long timeDiff = Math.max(0, (storeTimestamp - beginTimestamp()) / 1000);
        int entryPos = HEADER_SIZE + slotCount * 4 + count * ENTRY_SIZE;
        buffer.putInt(entryPos, keyHash);
        buffer.putLong(entryPos + 4, phyOffset);
        buffer.putInt(entryPos + 12, (int) Math.min(Integer.MAX_VALUE, timeDiff));
        buffer.putInt(entryPos + 16, previous);
        buffer.putInt(slotPos, count);
        buffer.putLong(8, storeTimestamp);
        buffer.putLong(24, phyOffset);
        buffer.putInt(36, count + 1);
        indexCount = count + 1;
        dirty = true;
        return true;
    }

    /** Adds to {@code out} the offsets of entries for {@code key} stored in [begin, end], newest first. */
    void query(String key, int maxResults, long begin, long end, List<Long> out) {
        int keyHash = hash(key);
        int count = indexCount;
        int entry = buffer.getInt(HEADER_SIZE + (keyHash % slotCount) * 4);
        long fileBegin = beginTimestamp();
        int hops = 0;
        while (entry > 0 && entry < count && out.size() < maxResults && hops++ < maxEntries) {
            int entryPos = HEADER_SIZE + slotCount * 4 + entry * ENTRY_SIZE;
            long stored = fileBegin + buffer.getInt(entryPos + 12) * 1000L;
            if (buffer.getInt(entryPos) == keyHash && stored >= begin - 999 && stored <= end) {
                out.add(buffer.getLong(entryPos + 4));
            }
            int previous = buffer.getInt(entryPos + 16);
            if (previous >= entry) {
                break;
            }
            entry = previous;
        }
    }

    void flush() {
        if (dirty) {
            dirty = false;
            buffer.force();
        }
    }

    void destroy() throws IOException {
        MappedFileUnmapper.unmap(buffer);
        Files.deleteIfExists(path);
    }

    void close() {
        MappedFileUnmapper.unmap(buffer);
    }
}

package io.ferrymq.store;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One fixed-size, memory-mapped file of a log, named by the 20-digit log offset of its first byte.
 *
 * <p>Threads: a single writer (the owner's append lock) moves {@code wrotePosition}; readers see bytes
 * only below it (a volatile write publishes them). One flusher thread moves {@code flushedPosition}.
 * Readers {@link #retain()} the mapping while they hold a slice; the mapping is released only when the
 * last reader lets go, so deleting a file never pulls memory from under a reader.
 */
public final class MappedFile {

    private final Path path;
    private final long fileFromOffset;
    private final int fileSize;
    private final MappedByteBuffer buffer;
    private final AtomicInteger references = new AtomicInteger(1);
    private volatile boolean available = true;

    private volatile int wrotePosition;
    private volatile int flushedPosition;
    /** Store time of the first record of the next file: the moment this file stopped taking writes. */
    private volatile long closedAtMillis;

    private MappedFile(Path path, long fileFromOffset, int fileSize, MappedByteBuffer buffer) {
        this.path = path;
        this.fileFromOffset = fileFromOffset;
        this.fileSize = fileSize;
        this.buffer = buffer;
    }

    /** Opens (creating if absent) the file that starts at {@code fileFromOffset} in {@code dir}. */
    public static MappedFile open(Path dir, long fileFromOffset, int fileSize) throws IOException {
        Path path = dir.resolve(fileName(fileFromOffset));
        try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw"); FileChannel ch = raf.getChannel()) {
            if (raf.length() != fileSize) {
                raf.setLength(fileSize);
            }
            MappedByteBuffer mapped = ch.map(FileChannel.MapMode.READ_WRITE, 0, fileSize);
            return new MappedFile(path, fileFromOffset, fileSize, mapped);
        }
    }

    public static String fileName(long offset) {
        return String.format("%020d", offset);
    }

    public Path path() {
        return path;
    }

    public long fileFromOffset() {
        return fileFromOffset;
    }

    public int fileSize() {
        return fileSize;
    }

    public int wrotePosition() {
        return wrotePosition;
    }

    public int flushedPosition() {
        return flushedPosition;
    }

    public boolean isFull() {
        return wrotePosition == fileSize;
    }

    public long closedAtMillis() {
        return closedAtMillis;
    }

    void markClosedAt(long millis) {
        closedAtMillis = millis;
    }

    /** Bytes after the write position. */
    public int remaining() {
        return fileSize - wrotePosition;
    }

    /** Writes bytes at an absolute position below the limit of the next {@link #publish}. */
    void writeAt(int position, ByteBuffer src, int srcOffset, int length) {
        buffer.put(position, src, srcOffset, length);
    }

    void putIntAt(int position, int value) {
        buffer.putInt(position, value);
    }

    /** Makes written bytes visible to readers: everything below {@code newWrotePosition}. */
    void publish(int newWrotePosition) {
        wrotePosition = newWrotePosition;
    }

    /** Sets the positions after recovery decided where valid data ends. Single-threaded (startup). */
    void restorePositions(int position) {
        wrotePosition = position;
        flushedPosition = position;
    }

    /** Forces written bytes to disk; returns the new flushed position. Called by one flusher at a time. */
    public synchronized int flush() {
        int written = wrotePosition;
        int flushed = flushedPosition;
        if (written > flushed && retain()) {
            try {
                buffer.force(flushed, written - flushed);
                flushedPosition = written;
            } finally {
                release();
            }
        }
        return flushedPosition;
    }

    /** A read-only view of {@code size} bytes at {@code position}; the mapping stays alive until it is closed. */
    public SelectedBuffer select(int position, int size) {
        if (position < 0 || size < 0 || position + size > wrotePosition || !retain()) {
            return null;
        }
        return new SelectedBuffer(this, fileFromOffset + position, buffer.slice(position, size).asReadOnlyBuffer());
    }

    /** The whole mapping for single-threaded startup scans; no reference is taken. */
    ByteBuffer startupView() {
        return buffer.duplicate();
    }

    boolean retain() {
        while (true) {
            int refs = references.get();
            if (refs <= 0 || !available) {
                return false;
            }
            if (references.compareAndSet(refs, refs + 1)) {
                return true;
            }
        }
    }

    void release() {
        if (references.decrementAndGet() == 0) {
            unmap();
        }
    }

    /** Stops new readers; the mapping goes away once the last current reader releases it. */
    public void close() {
        if (available) {
            available = false;
            release();
        }
    }

    /** Closes the mapping and deletes the file. Readers holding slices keep them until they close. */
    public void destroy() {
        close();
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("FMQ-STORE-010 cannot delete " + path, e);
        }
    }

    private void unmap() {
        MappedFileUnmapper.unmap(buffer);
    }

    @Override
    public String toString() {
        return path.getFileName() + "[wrote=" + wrotePosition + ", flushed=" + flushedPosition + "]";
    }
}

package io.ferrymq.store;

import io.ferrymq.common.util.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One fixed-size, memory-mapped file of a log, named by the 20-digit log offset of its first byte.
 * Readers always read through the mapping. Writes go through the mapping ({@link CommitLogWriteMode#MAPPED},
 * forced with {@code msync}) or through {@code write} system calls at the file offset
 * ({@link CommitLogWriteMode#WRITE}, forced with {@code fdatasync}); the page cache is shared, so bytes
 * written either way are in the mapping as soon as the write returns.
 *
 * <p>In WRITE mode the file keeps two descriptors for the life of the mapping: a {@link RandomAccessFile} the
 * writer seeks and writes through, and a {@link FileChannel} only for {@code force}. A {@code FileChannel} is
 * interruptible: a thread interrupted during (or before) a channel call closes the channel for every thread.
 * Appender threads belong to callers and may be interrupted, so they never touch a channel; the force
 * channel is used by the store's flusher and lifecycle threads, and is reopened if an interrupt closes it
 * anyway.
 *
 * <p>Threads: a single writer (the owner's append lock) writes and moves {@code wrotePosition}; readers see
 * bytes only below it (a volatile write publishes them). One flusher thread moves {@code flushedPosition}.
 * Readers {@link #retain()} the mapping while they hold a slice; the mapping (and the descriptors) are
 * released only when the last reader lets go, so deleting a file never pulls memory from under a reader.
 */
public final class MappedFile {
    private static final Logger LOG = LoggerFactory.getLogger(MappedFile.class);
    /** Attempts of one force whose channel thread interrupts keep closing; each needs a new interrupt. */
    private static final int INTERRUPTED_ATTEMPTS = 100;
    private static final int PAGE_SIZE = 4096;
    /** Suffix of a file being created (see {@link #createFullSize}); loading deletes leftovers. */
    static final String CREATING_SUFFIX = ".creating";
    /** Atomic int access to a mapping, for {@link #prefault}'s content-preserving write touches. */
    private static final VarHandle PAGE_TOUCH = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final Path path;
    private final long fileFromOffset;
    private final int fileSize;
    private final MappedByteBuffer buffer;
    private final AtomicInteger references = new AtomicInteger(1);
    private volatile boolean available = true;

    /** WRITE mode only (else null): the writer's descriptor; seek + write, never closed by interrupts. */
    private final RandomAccessFile writeFile;
    /** WRITE mode only: the descriptor forces go through; replaced if an interrupt closed it. */
    private volatile FileChannel forceChannel;
    /** Guards replacing and finally closing {@link #forceChannel}, and closing {@link #writeFile}. */
    private final Object channelLock = new Object();
    private boolean descriptorsClosed;
    /** Times the force channel was reopened; guarded by {@link #channelLock}, for rate-limiting the log. */
    private long reopens;
    /** WRITE mode: where {@link #writeFile}'s file pointer is, or -1 when unknown; writer thread only. */
    private long writePointer = -1;

    private volatile int wrotePosition;
    private volatile int flushedPosition;
    /** Store time of the first record of the next file: the moment this file stopped taking writes. */
    private volatile long closedAtMillis;

    private MappedFile(Path path, long fileFromOffset, int fileSize, MappedByteBuffer buffer,
                       RandomAccessFile writeFile, FileChannel forceChannel) {
        this.path = path;
        this.fileFromOffset = fileFromOffset;
        this.fileSize = fileSize;
        this.buffer = buffer;
        this.writeFile = writeFile;
        this.forceChannel = forceChannel;
    }

    /** Opens (creating if absent) the file that starts at {@code fileFromOffset} in {@code dir}, written through the mapping. */
    public static MappedFile open(Path dir, long fileFromOffset, int fileSize) throws IOException {
        return open(dir, fileFromOffset, fileSize, CommitLogWriteMode.MAPPED);
    }

    /**
     * Opens (creating if absent) the file that starts at {@code fileFromOffset} in {@code dir}.
     *
     * @param mode {@link CommitLogWriteMode#MAPPED} or {@link CommitLogWriteMode#WRITE} (resolved, not AUTO)
     */
    public static MappedFile open(Path dir, long fileFromOffset, int fileSize, CommitLogWriteMode mode)
            throws IOException {
        return await(openLater(dir, fileFromOffset, fileSize, mode));
    }

    /**
     * Starts opening (creating if absent) the file that starts at {@code fileFromOffset}, for {@link #await}.
     *
     * <p>FileChannel.map is interruptible: a caller's thread interrupted before or during the call closes the
     * channel and fails the creation of the next file (CREATE_MAPPED_FILE_FAILED) however often it retries.
     * Appender threads belong to callers, so files are opened on the store's own mapper thread, which nobody
     * interrupts.
     */
    static Future<MappedFile> openLater(Path dir, long fileFromOffset, int fileSize, CommitLogWriteMode mode) {
        if (mode == CommitLogWriteMode.AUTO) {
            throw new IllegalArgumentException("resolve AUTO against the flush type before opening files");
        }
        Path path = dir.resolve(fileName(fileFromOffset));
        return Mapper.EXECUTOR.submit(() -> {
            try {
                return openOnce(path, fileFromOffset, fileSize, mode);
            } catch (RuntimeException e) {
                throw new IOException("FMQ-STORE-018 cannot open " + path, e);
            }
        });
    }

    /** Waits for {@link #openLater} without reacting to interrupts; the caller keeps any it received. */
    static MappedFile await(Future<MappedFile> opening) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return opening.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IOException("FMQ-STORE-018 cannot open a file", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The one thread that maps files, for all stores of the process: mapping is rare and brief. */
    private static final class Mapper {
        static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor(
                DaemonThreads.factory("ferrymq-file-mapper"));
    }

    private static MappedFile openOnce(Path path, long fileFromOffset, int fileSize, CommitLogWriteMode mode)
            throws IOException {
        if (!Files.exists(path)) {
            createFullSize(path, fileSize);
        }
        RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw");
        boolean keep = false;
        FileChannel force = null;
        try {
            if (raf.length() != fileSize) {
                // Only files loaded with a mismatching size get here, and loading refuses those first.
                raf.setLength(fileSize);
            }
            MappedByteBuffer mapped = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, fileSize);
            if (mode == CommitLogWriteMode.MAPPED) {
                return new MappedFile(path, fileFromOffset, fileSize, mapped, null, null);
            }
            force = FileChannel.open(path, StandardOpenOption.WRITE);
            MappedFile f = new MappedFile(path, fileFromOffset, fileSize, mapped, raf, force);
            keep = true;
            return f;
        } finally {
            if (!keep) {
                raf.close(); // the mapping outlives the descriptor
                if (force != null) {
                    force.close();
                }
            }
        }
    }

    /**
     * Creates {@code path} at its full size in one step as far as any reader of the directory can tell: the
     * file is sized under a temporary name and renamed. A process killed half-way leaves only the temporary
     * file, which loading removes, never a short file under a log name (which loading must refuse, since a
     * wrong size could also mean a changed mappedFileSize). The directory is forced after the rename, so a
     * new file that records are forced into survives a power loss too.
     */
    private static void createFullSize(Path path, int fileSize) throws IOException {
        Path creating = path.resolveSibling(path.getFileName() + CREATING_SUFFIX);
        try (RandomAccessFile raf = new RandomAccessFile(creating.toFile(), "rw")) {
            // A hole, not a write of fileSize bytes: blocks are allocated as records land.
            raf.setLength(fileSize);
        }
        Files.move(creating, path, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel dir = FileChannel.open(path.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
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

    /**
     * Writes bytes at an absolute position below the limit of the next {@link #publish}. When it returns the
     * bytes are in the page cache (readable through the mapping once published). Writer thread only.
     *
     * @throws UncheckedIOException WRITE mode only, when the write fails (for example the disk is full);
     *                              some of the bytes may have landed, none are published
     */
    void writeAt(int position, ByteBuffer src, int srcOffset, int length) {
        if (writeFile == null) {
            buffer.put(position, src, srcOffset, length);
            return;
        }
        if (src.hasArray()) {
            write(position, src.array(), src.arrayOffset() + srcOffset, length);
        } else {
            byte[] copy = new byte[length];
            src.get(srcOffset, copy);
            write(position, copy, 0, length);
        }
    }

    /**
     * Writes {@code length} bytes of {@code records} (from index 0), {@code count} records whose first int is the
     * first one's size field, at {@code position}, so that a process dying part-way leaves nothing recovery keeps.
     * Like {@link #writeAt} otherwise.
     *
     * <p>In general: everything but the first size field, then that field, so a write cut short leaves a zero size,
     * which reads as the end of the log; a batch is kept whole or not at all. One record in WRITE mode: one
     * {@code write} call of all its bytes, since a system call is what a SYNC_FLUSH appender pays most for (the
     * pair above costs four there: two {@code lseek}, two {@code write}). A process killed inside that call may
     * leave its first pages only (the kernel checks for fatal signals between pages), so a size field without all
     * of its record: crash recovery verifies every record after the checkpoint with its body CRC and cuts the log
     * there, and the record was never acknowledged.
     */
    void writeRecords(int position, ByteBuffer records, int length, int count) {
        if (writeFile != null && count == 1) {
            writeAt(position, records, 0, length);
            return;
        }
        writeAt(position + 4, records, 4, length - 4);
        writeAt(position, records, 0, 4);
    }

    /**
     * {@code write} until all bytes are in, after an {@code lseek} only when the file pointer is elsewhere (appends
     * follow each other, so usually it is not); RandomAccessFile ignores thread interrupts.
     */
    private void write(int position, byte[] bytes, int offset, int length) {
        try {
            if (writePointer != position) {
                writePointer = -1;
                writeFile.seek(position);
            }
            writeFile.write(bytes, offset, length);
            writePointer = position + length;
        } catch (IOException e) {
            writePointer = -1;
            throw new UncheckedIOException("FMQ-STORE-014 writing " + length + " bytes to " + path + " at "
                    + position + " failed: " + e.getMessage(), e);
        }
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
                if (writeFile != null) {
                    // fdatasync: writes the blocks the writes dirtied (and, for new blocks, their metadata).
                    forceChannel();
                } else {
                    buffer.force(flushed, written - flushed);
                }
                flushedPosition = written;
            } finally {
                release();
            }
        }
        return flushedPosition;
    }

    /**
     * {@code fdatasync} through the force channel. A pending interrupt of the calling thread is cleared for
     * the call and restored after; if an interrupt closes the channel anyway, it is reopened and the force
     * repeated. fdatasync works on the inode, so a force through the new descriptor covers every earlier
     * write (a writeback error that happened before the reopen, however, is reported only to descriptors
     * that were open then).
     */
    private void forceChannel() {
        boolean interrupted = Thread.interrupted();
        try {
            for (int attempt = 1; ; attempt++) {
                FileChannel ch = forceChannel;
                try {
                    ch.force(false);
                    return;
                } catch (ClosedChannelException e) {
                    interrupted |= Thread.interrupted();
                    if (attempt == INTERRUPTED_ATTEMPTS || !reopenForceChannel(ch)) {
                        throw new UncheckedIOException("FMQ-STORE-013 cannot force " + path
                                + ": its channel is closed", e);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("FMQ-STORE-015 forcing " + path + " failed: " + e.getMessage(), e);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Replaces {@code broken}, a force channel an interrupt closed, unless the file itself was closed meanwhile.
     *
     * @return true when the caller may retry with {@link #forceChannel}
     */
    private boolean reopenForceChannel(FileChannel broken) {
        synchronized (channelLock) {
            if (descriptorsClosed) {
                return false;
            }
            if (forceChannel != broken) {
                return true;
            }
            try {
                forceChannel = FileChannel.open(path, StandardOpenOption.WRITE);
                reopens++;
                if (Long.bitCount(reopens) == 1) {
                    LOG.warn("FMQ-STORE-012 a thread interrupt closed the force channel of {}; reopened it"
                            + " ({} times so far)", path, reopens);
                }
                return true;
            } catch (IOException e) {
                LOG.error("FMQ-STORE-016 cannot reopen {} after a thread interrupt closed its force channel", path, e);
                return false;
            }
        }
    }

    /**
     * Touches every page in {@code [from, to)} for writing through the mapping, so the writer's copy finds those
     * pages present, allocated and writable (see {@link CommitLogPrefaulter}). Each touch is an atomic add of
     * zero: it never changes a byte, even when it races the writer on the page it is filling, yet the CPU needs
     * write access for it, so the kernel takes the whole write fault here (zero-fill, ext4's block reservation,
     * the writable mapping) instead of on the writer. Skips a closed file.
     */
    void prefault(int from, int to) {
        if (!retain()) {
            return;
        }
        try {
            for (int p = from & -PAGE_SIZE; p < to; p += PAGE_SIZE) {
                PAGE_TOUCH.getAndAdd(buffer, p, 0);
            }
        } finally {
            release();
        }
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

    /** Stops new readers; the mapping and channel go away once the last current reader releases the file. */
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
        if (writeFile != null) {
            synchronized (channelLock) {
                descriptorsClosed = true;
                closeQuietly(writeFile);
                closeQuietly(forceChannel);
            }
        }
    }

    private void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            LOG.warn("FMQ-STORE-017 closing a descriptor of {} failed: {}", path, e.toString());
        }
    }

    @Override
    public String toString() {
        return path.getFileName() + "[wrote=" + wrotePosition + ", flushed=" + flushedPosition
                + (writeFile != null ? ", write" : "") + "]";
    }
}

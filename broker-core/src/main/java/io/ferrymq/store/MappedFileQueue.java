package io.ferrymq.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The ordered files of one log (the CommitLog or one ConsumeQueue): contiguous, equally sized, named
 * by start offset, all opened with one {@link CommitLogWriteMode}. The list is copy-on-write so readers
 * find files without locks; only the log's single writer adds files, and only the retention thread (or
 * startup) removes them.
 */
public final class MappedFileQueue {
    private static final Logger LOG = LoggerFactory.getLogger(MappedFileQueue.class);

    private final Path dir;
    private final int fileSize;
    private final CommitLogWriteMode writeMode;
    private final CopyOnWriteArrayList<MappedFile> files = new CopyOnWriteArrayList<>();

    /** A queue written through the mapping. */
    public MappedFileQueue(Path dir, int fileSize) {
        this(dir, fileSize, CommitLogWriteMode.MAPPED);
    }

    /** @param writeMode MAPPED or WRITE (resolved, not AUTO) */
    public MappedFileQueue(Path dir, int fileSize, CommitLogWriteMode writeMode) {
        if (writeMode == CommitLogWriteMode.AUTO) {
            throw new IllegalArgumentException("resolve AUTO against the flush type first");
        }
        this.dir = dir;
        this.fileSize = fileSize;
        this.writeMode = writeMode;
    }

    public CommitLogWriteMode writeMode() {
        return writeMode;
    }

    public Path dir() {
        return dir;
    }

    public int fileSize() {
        return fileSize;
    }

    /** Maps the existing files; a file of the wrong size or a gap in the sequence is refused, not guessed at. */
    public void load() throws IOException {
        Files.createDirectories(dir);
        List<Path> paths;
        List<Path> unfinished;
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> all = s.toList();
            paths = all.stream().filter(p -> p.getFileName().toString().matches("\\d{20}")).sorted().toList();
            unfinished = all.stream().filter(p -> p.getFileName().toString().endsWith(MappedFile.CREATING_SUFFIX)).toList();
        }
        for (Path p : unfinished) {
            // A creation cut short by a crash: the file never had a log name, so nothing was written to it.
            LOG.warn("FMQ-STORE-019 removing {}, a file whose creation was interrupted", p);
            Files.delete(p);
        }
        long expected = -1;
        for (Path p : paths) {
            long start = Long.parseLong(p.getFileName().toString());
            long size = Files.size(p);
            if (size != fileSize) {
                throw new IOException("FMQ-STORE-001 " + p + " is " + size + " bytes but the configured file size is "
                        + fileSize + "; restore the original mappedFileSize setting");
            }
            if (expected >= 0 && start != expected) {
                throw new IOException("FMQ-STORE-002 gap in " + dir + ": expected a file at offset " + expected
                        + " but found " + p.getFileName());
            }
            files.add(MappedFile.open(dir, start, fileSize, writeMode));
            expected = start + fileSize;
        }
    }

    public List<MappedFile> files() {
        return files;
    }

    public boolean isEmpty() {
        return files.isEmpty();
    }

    public MappedFile first() {
        return files.isEmpty() ? null : files.get(0);
    }

    public MappedFile last() {
        int n = files.size();
        return n == 0 ? null : files.get(n - 1);
    }

    /** Creates the file that starts at {@code fileFromOffset} and appends it. Writer thread only. */
    public MappedFile create(long fileFromOffset) throws IOException {
        checkFollows(fileFromOffset);
        Files.createDirectories(dir);
        MappedFile f = MappedFile.open(dir, fileFromOffset, fileSize, writeMode);
        files.add(f);
        return f;
    }

    /** Appends a file opened ahead of time in this queue's directory. Writer thread only. */
    void add(MappedFile f) {
        if (!f.path().getParent().equals(dir) || f.fileSize() != fileSize) {
            throw new IllegalArgumentException(f + " does not belong to " + dir);
        }
        checkFollows(f.fileFromOffset());
        files.add(f);
    }

    private void checkFollows(long fileFromOffset) {
        MappedFile last = last();
        if (last != null && last.fileFromOffset() + fileSize != fileFromOffset) {
            throw new IllegalStateException("new file at " + fileFromOffset + " does not follow " + last);
        }
    }

    /** Starts opening the file at {@code fileFromOffset} on the mapper thread, without appending it. */
    Future<MappedFile> openLater(long fileFromOffset) throws IOException {
        Files.createDirectories(dir);
        return MappedFile.openLater(dir, fileFromOffset, fileSize, writeMode);
    }

    /** The file holding {@code offset}, or null if it was deleted or not yet written. */
    public MappedFile find(long offset) {
        MappedFile first = first();
        if (first == null || offset < first.fileFromOffset()) {
            return null;
        }
        int index = (int) ((offset - first.fileFromOffset()) / fileSize);
        List<MappedFile> snapshot = files;
        // A concurrent deletion at the head shifts indexes: fall back to a scan in that rare case.
        if (index < snapshot.size()) {
            try {
                MappedFile f = snapshot.get(index);
                if (f.fileFromOffset() <= offset && offset < f.fileFromOffset() + fileSize) {
                    return f;
                }
            } catch (IndexOutOfBoundsException ignored) {
                // raced with a deletion; scan below
            }
        }
        for (MappedFile f : snapshot) {
            if (f.fileFromOffset() <= offset && offset < f.fileFromOffset() + fileSize) {
                return f;
            }
        }
        return null;
    }

    public long minOffset() {
        MappedFile f = first();
        return f == null ? 0 : f.fileFromOffset();
    }

    /** Log offset just past the last published byte. */
    public long maxOffset() {
        MappedFile f = last();
        return f == null ? 0 : f.fileFromOffset() + f.wrotePosition();
    }

    /** Log offset up to which bytes are forced to disk. */
    public long flushedOffset() {
        for (int i = files.size() - 1; i >= 0; i--) {
            MappedFile f = files.get(i);
            if (f.flushedPosition() > 0 || i == 0) {
                return f.fileFromOffset() + f.flushedPosition();
            }
        }
        return 0;
    }

    /**
     * Forces dirty bytes of every file that has them, oldest first (a file that just filled up is finished
     * before its successor). One flusher thread per queue.
     *
     * @return the flushed offset afterwards
     */
    public long flush() {
        for (MappedFile f : files) {
            if (f.flushedPosition() < f.wrotePosition()) {
                f.flush();
            }
        }
        return flushedOffset();
    }

    /** Bytes written but not yet forced. */
    public long dirtyBytes() {
        return maxOffset() - flushedOffset();
    }

    /**
     * Cuts the log at {@code offset}: later files are deleted and the tail of the file holding the offset
     * becomes a hole of zeros, so no stale bytes beyond it can ever pass for data. Startup only.
     */
    public void truncate(long offset) throws IOException {
        List<MappedFile> keep = new ArrayList<>();
        MappedFile first = first();
        for (MappedFile f : files) {
            long start = f.fileFromOffset();
            // A file starting exactly at the cut is empty; keep it only when it is the whole log.
            if (start > offset || (start == offset && f != first)) {
                LOG.warn("FMQ-STORE-020 deleting {} past the end of valid data at {}", f.path(), offset);
                f.destroy();
            } else {
                keep.add(f);
            }
        }
        files.clear();
        files.addAll(keep);
        MappedFile last = last();
        if (last == null) {
            return;
        }
        int position = (int) Math.min(fileSize, offset - last.fileFromOffset());
        if (position < fileSize) {
            files.remove(last);
            last.close(); // unmaps it and, in WRITE mode, closes its descriptors (no reader holds it at startup)
            // Truncate then re-extend: the tail becomes a hole that reads as zeros, without writing it.
            try (RandomAccessFile raf = new RandomAccessFile(last.path().toFile(), "rw")) {
                raf.setLength(position);
                raf.getChannel().force(true);
                raf.setLength(fileSize);
            }
            MappedFile reopened = MappedFile.open(dir, last.fileFromOffset(), fileSize, writeMode);
            reopened.restorePositions(position);
            files.add(reopened);
        } else {
            last.restorePositions(position);
        }
    }

    /** Removes {@code file} (the oldest) from the queue and deletes it. Retention thread only. */
    public void deleteFirst(MappedFile file) {
        if (files.remove(file)) {
            file.destroy();
        }
    }

    public void close() {
        for (MappedFile f : files) {
            f.close();
        }
    }
}

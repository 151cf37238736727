package io.ferrymq.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * The ConsumeQueue of one (topic, queue id): fixed 20-byte entries {@code [long commitLogOffset]
 * [int size][long tagsCode]}, entry n at byte n*20, built from the CommitLog by the dispatcher.
 *
 * <p>Threads: only the dispatcher thread writes (and startup recovery); readers read published
 * entries without locks; the retention thread deletes head files.
 */
public final class ConsumeQueue {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumeQueue.class);
    public static final int ENTRY_SIZE = 20;
    /** Fills a gap in a queue; readers skip it. */
    static final int BLANK_ENTRY_SIZE = Integer.MAX_VALUE;

    private final String topic;
    private final int queueId;
    private final MappedFileQueue files;
    private final ByteBuffer entry = ByteBuffer.allocate(ENTRY_SIZE);
    /** First entry whose record still exists in the CommitLog (entries below point at deleted files). */
    private volatile long minLogicOffset;
    /** Commit-log offset just past the last record this queue indexes. */
    private volatile long maxPhysicalOffset = -1;

    ConsumeQueue(Path root, String topic, int queueId, int fileSize) {
        this.topic = topic;
        this.queueId = queueId;
        this.files = new MappedFileQueue(root.resolve(topic).resolve(Integer.toString(queueId)), fileSize);
    }

    public String topic() {
        return topic;
    }

    public int queueId() {
        return queueId;
    }

    MappedFileQueue files() {
        return files;
    }

    /** Offset of the next entry to be written: the queue's max offset. */
    public long maxOffset() {
        return files.maxOffset() / ENTRY_SIZE;
    }

    /** Offset of the oldest entry still readable. */
    public long minOffset() {
        return Math.max(minLogicOffset, files.minOffset()) / ENTRY_SIZE;
    }

    long maxPhysicalOffset() {
        return maxPhysicalOffset;
    }

    /**
     * Writes the entry for queue offset {@code queueOffset}. An entry already present (a replay after
     * recovery) is left alone; a gap is filled with blank entries. Dispatcher thread only.
     */
    void put(long queueOffset, long commitLogOffset, int size, long tagsCode) throws IOException {
        long position = queueOffset * ENTRY_SIZE;
        long end = files.maxOffset();
        if (position < end) {
            return;
        }
        if (position > end) {
            fillGap(end, position);
        }
        entry.clear();
        entry.putLong(0, commitLogOffset).putInt(8, size).putLong(12, tagsCode);
        writeEntry(entry);
        maxPhysicalOffset = commitLogOffset + size;
    }

    private void fillGap(long from, long to) throws IOException {
        if (files.isEmpty()) {
            long fileStart = to - to % files.fileSize();
            MappedFile f = files.create(fileStart);
            f.publish((int) (to - fileStart));
            minLogicOffset = to;
            return;
        }
        LOG.warn("FMQ-STORE-060 consume queue {}-{} jumps from entry {} to {}; filling the gap with blanks",
                topic, queueId, from / ENTRY_SIZE, to / ENTRY_SIZE);
        ByteBuffer blank = ByteBuffer.allocate(ENTRY_SIZE).putLong(0, 0L).putInt(8, BLANK_ENTRY_SIZE).putLong(12, 0L);
        for (long p = from; p < to; p += ENTRY_SIZE) {
            writeEntry(blank);
        }
    }

    private void writeEntry(ByteBuffer e) throws IOException {
        MappedFile last = files.last();
        if (last == null || last.isFull()) {
            last = files.create(last == null ? 0 : last.fileFromOffset() + files.fileSize());
        }
        int position = last.wrotePosition();
        last.writeAt(position, e, 0, ENTRY_SIZE);
        last.publish(position + ENTRY_SIZE);
    }

    /**
     * Entries from {@code queueOffset} to the end of the file holding it, or null when none are
     * readable there. The caller closes the result.
     */
    public SelectedBuffer entriesFrom(long queueOffset) {
        long position = queueOffset * ENTRY_SIZE;
        if (position < minLogicOffset) {
            return null;
        }
        MappedFile f = files.find(position);
        if (f == null) {
            return null;
        }
        int inFile = (int) (position - f.fileFromOffset());
        int size = f.wrotePosition() - inFile;
        return size <= 0 ? null : f.select(inFile, size);
    }

    /** Restores the write position after a restart: the end is the first all-zero entry. Startup only. */
    void recover() throws IOException {
        List<MappedFile> all = files.files();
        if (all.isEmpty()) {
            return;
        }
        for (MappedFile f : all) {
            f.restorePositions(f.fileSize());
        }
        MappedFile last = files.last();
        ByteBuffer view = last.startupView();
        int position = 0;
        while (position + ENTRY_SIZE <= last.fileSize() && view.getInt(position + 8) != 0) {
            int size = view.getInt(position + 8);
            if (size != BLANK_ENTRY_SIZE) {
                maxPhysicalOffset = Math.max(maxPhysicalOffset, view.getLong(position) + size);
            }
            position += ENTRY_SIZE;
        }
        files.truncate(last.fileFromOffset() + position);
        minLogicOffset = files.minOffset();
    }

    /** Drops entries of records at or past {@code commitLogOffset}, newest first. Startup only. */
    void truncateFrom(long commitLogOffset) throws IOException {
        long end = files.maxOffset();
        long cut = end;
        while (cut > files.minOffset()) {
            MappedFile f = files.find(cut - ENTRY_SIZE);
            ByteBuffer view = f.startupView();
            int p = (int) (cut - ENTRY_SIZE - f.fileFromOffset());
            long phy = view.getLong(p);
            int size = view.getInt(p + 8);
            if (size != BLANK_ENTRY_SIZE && phy < commitLogOffset) {
                break;
            }
            cut -= ENTRY_SIZE;
        }
        if (cut < end) {
            LOG.info("FMQ-STORE-061 consume queue {}-{}: dropping entries {}..{} to rebuild them from the commit log",
                    topic, queueId, cut / ENTRY_SIZE, end / ENTRY_SIZE - 1);
            files.truncate(cut);
        }
        maxPhysicalOffset = Math.min(maxPhysicalOffset, commitLogOffset);
    }

    /**
     * Moves the min offset past entries whose records the CommitLog no longer holds, and deletes files
     * made only of such entries (never the last). Retention thread.
     */
    int dropBefore(long commitLogMinOffset) {
        int deleted = 0;
        while (files.files().size() > 1) {
            MappedFile first = files.first();
            ByteBuffer view = first.startupView();
            int lastEntry = first.fileSize() - ENTRY_SIZE;
            if (view.getLong(lastEntry) + view.getInt(lastEntry + 8) > commitLogMinOffset
                    && view.getInt(lastEntry + 8) != BLANK_ENTRY_SIZE) {
                break;
            }
            files.deleteFirst(first);
            deleted++;
        }
        MappedFile first = files.first();
        if (first != null) {
            ByteBuffer view = first.startupView();
            long min = Math.max(minLogicOffset, first.fileFromOffset());
            int wrote = first.wrotePosition();
            for (int p = (int) (min - first.fileFromOffset()); p + ENTRY_SIZE <= wrote; p += ENTRY_SIZE) {
                int size = view.getInt(p + 8);
                if (size != BLANK_ENTRY_SIZE && view.getLong(p) >= commitLogMinOffset) {
                    break;
                }
                min = first.fileFromOffset() + p + ENTRY_SIZE;
            }
            minLogicOffset = min;
        }
        return deleted;
    }

    void flush() {
        files.flush();
    }

    void close() {
        files.close();
    }
}

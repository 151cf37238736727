package io.ferrymq.store;

import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.store.ha.ReplicatedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The CommitLog: every record of every topic, appended to one log of fixed-size mapped files.
 *
 * <p>Threads: appenders encode in their own thread, then copy into the log under {@code appendLock},
 * which also assigns queue offsets, commit-log offsets and store times (so store time never goes back
 * in log order). Readers and the dispatcher read published bytes without locks, through the files'
 * mappings whatever the {@link CommitLogWriteMode}. Recovery runs before any of them. On a slave the one
 * appender is the replication client, which copies the master's bytes (see {@link #appendReplicated}).
 */
public final class CommitLog implements ReplicatedLog {
    private static final Logger LOG = LoggerFactory.getLogger(CommitLog.class);

    private final StoreConfig config;
    private final MappedFileQueue files;
    private final Clock clock;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final QueueOffsetTable queueOffsets = new QueueOffsetTable();
    private final ThreadLocal<RecordEncoder> encoders = ThreadLocal.withInitial(RecordEncoder::new);
    private final DiskSpaceMonitor disk;
    /** Why the last file creation failed; written and read under the append lock. */
    private String lastCreateFailure;
    /**
     * The file after the last one, being opened on the mapper thread since the last roll (or startup), so that
     * the next roll only appends it: creating, mapping and forcing the directory for a new 1 GiB file took 2–20 ms
     * on the reference machine, all of it under the append lock, where every appender (network threads included)
     * waited. Null when none is under way. Guarded by the append lock.
     */
    private NextFile nextFile;

    private record NextFile(long fileFromOffset, Future<MappedFile> opening) {
    }

    CommitLog(StoreConfig config, Clock clock, DiskSpaceMonitor disk) {
        this.config = config;
        this.clock = clock;
        this.disk = disk;
        this.files = new MappedFileQueue(config.commitLogDir(), config.getMappedFileSizeCommitLog(),
                config.getCommitLogWriteMode().resolve(config.getFlushDiskType()));
    }

    MappedFileQueue files() {
        return files;
    }

    void load() throws IOException {
        files.load();
    }

    @Override
    public long minOffset() {
        return files.minOffset();
    }

    @Override
    public long maxOffset() {
        return files.maxOffset();
    }

    @Override
    public int fileSize() {
        return files.fileSize();
    }

    public long flushedOffset() {
        return files.flushedOffset();
    }

    /** See {@link MessageStore#appendFitsCurrentFile}. */
    boolean fitsCurrentFile(int bytes) {
        MappedFile file = files.last();
        return file != null && file.remaining() >= bytes + MessageRecord.END_FILE_MIN_BLANK_LENGTH;
    }

    /** Appends one record. */
    PutResult append(MessageToAppend message) {
        RecordEncoder encoder = encoders.get();
        encoder.encode(message);
        return appendEncoded(encoder, message.topic(), message.queueId(), message.sysFlag());
    }

    /**
     * Appends a batch for one (topic, queue) contiguously with consecutive queue offsets, in one file,
     * published at once: no reader ever sees part of it, and a crash mid-batch leaves none of it
     * (the first record's size is written last, see {@link MappedFile#writeRecords}).
     */
    PutResult appendBatch(List<MessageToAppend> batch) {
        RecordEncoder encoder = encoders.get();
        encoder.encode(batch);
        MessageToAppend first = batch.get(0);
        return appendEncoded(encoder, first.topic(), first.queueId(), first.sysFlag());
    }

    private PutResult appendEncoded(RecordEncoder encoder, String topic, int queueId, int sysFlag) {
        ByteBuffer records = encoder.buffer();
        int length = records.limit();
        int fileSize = files.fileSize();
        if (length + MessageRecord.END_FILE_MIN_BLANK_LENGTH > fileSize) {
            return PutResult.refused(PutStatus.MESSAGE_ILLEGAL, "FMQ-STORE-103 " + length
                    + " bytes cannot fit one commit log file of " + fileSize + " bytes");
        }
        boolean dispatched = MessageSysFlag.isDispatchedToConsumeQueue(sysFlag);
        appendLock.lock();
        try {
            long storeTimestamp = clock.millis();
            MappedFile file = files.last();
            if (file == null || file.isFull()) {
                file = createNext(file, storeTimestamp);
                if (file == null) {
                    return PutResult.refused(disk.isFull() ? PutStatus.DISK_FULL : PutStatus.CREATE_MAPPED_FILE_FAILED,
                            lastCreateFailure);
                }
            }
            if (length + MessageRecord.END_FILE_MIN_BLANK_LENGTH > file.remaining()) {
                if (!writeBlankTail(file)) {
                    return PutResult.refused(disk.isFull() ? PutStatus.DISK_FULL : PutStatus.SERVICE_NOT_AVAILABLE,
                            "FMQ-STORE-117 writing the end-of-file marker of " + file.path() + " failed");
                }
                file = createNext(file, storeTimestamp);
                if (file == null) {
                    return PutResult.refused(disk.isFull() ? PutStatus.DISK_FULL : PutStatus.CREATE_MAPPED_FILE_FAILED,
                            lastCreateFailure);
                }
            }
            int position = file.wrotePosition();
            long wroteOffset = file.fileFromOffset() + position;
            long queueOffset = dispatched ? queueOffsets.next(topic, queueId) : 0L;
            int count = encoder.recordCount();
            for (int i = 0; i < count; i++) {
                int start = encoder.recordStart(i);
                records.putLong(start + MessageRecord.QUEUE_OFFSET_POSITION, dispatched ? queueOffset + i : 0L);
                records.putLong(start + MessageRecord.PHYSICAL_OFFSET_POSITION, wroteOffset + start);
                records.putLong(start + MessageRecord.storeTimestampPosition(records.getInt(start + MessageRecord.SYSFLAG_POSITION)),
                        storeTimestamp);
            }
            try {
                file.writeRecords(position, records, length, count);
            } catch (UncheckedIOException e) {
                // Nothing is published and the size field at this position is still zero (or torn and refused
                // by recovery's checks); the next append overwrites these bytes.
                LOG.error("FMQ-STORE-116 appending {} bytes at commit log offset {} failed", length, wroteOffset, e);
                return PutResult.refused(disk.isFull() ? PutStatus.DISK_FULL : PutStatus.SERVICE_NOT_AVAILABLE,
                        "FMQ-STORE-116 writing to the commit log failed: " + e.getMessage());
            }
            file.publish(position + length);
            if (dispatched) {
                queueOffsets.set(topic, queueId, queueOffset + count);
            }
            return new PutResult(PutStatus.PUT_OK, wroteOffset, length, queueOffset, storeTimestamp, count, null);
        } finally {
            appendLock.unlock();
        }
    }

    private MappedFile createNext(MappedFile current, long storeTimestamp) {
        long next = current == null ? 0 : current.fileFromOffset() + files.fileSize();
        if (!disk.hasRoomFor(files.fileSize())) {
            lastCreateFailure = "FMQ-STORE-104 not enough free disk space for the next commit log file of "
                    + files.fileSize() + " bytes in " + files.dir() + "; free space or lower fileReservedTime";
            return null;
        }
        try {
            MappedFile created = openNextFile(next);
            if (current != null) {
                current.markClosedAt(storeTimestamp);
            }
            return created;
        } catch (IOException | RuntimeException e) {
            lastCreateFailure = "FMQ-STORE-105 cannot create commit log file at offset " + next + " in "
                    + files.dir() + ": " + e;
            LOG.error(lastCreateFailure);
            return null;
        }
    }

    /**
     * Appends the file at {@code fileFromOffset}: the one opened ahead if it is that one, else a new one now; then
     * starts opening the following one. Append lock held.
     */
    private MappedFile openNextFile(long fileFromOffset) throws IOException {
        MappedFile file = takeNextFile();
        if (file != null && file.fileFromOffset() != fileFromOffset) {
            // Cannot happen while every roll comes here; an empty file nobody will write goes.
            file.destroy();
            file = null;
        }
        if (file != null) {
            files.add(file);
        } else {
            file = files.create(fileFromOffset);
        }
        prepareNextFile();
        return file;
    }

    /**
     * Starts opening the file after the last one, unless one is under way or the disk lacks room for it (the roll
     * then refuses appends as before). Append lock held, or startup.
     */
    private void prepareNextFile() {
        MappedFile last = files.last();
        if (nextFile != null || last == null || !disk.hasRoomFor(files.fileSize())) {
            return;
        }
        long next = last.fileFromOffset() + files.fileSize();
        try {
            nextFile = new NextFile(next, files.openLater(next));
        } catch (IOException | RuntimeException e) {
            LOG.warn("FMQ-STORE-152 cannot open the next commit log file at {} ahead of time: {}", next, e.toString());
        }
    }

    /**
     * The file opened ahead, waiting for it if still under way; null when there is none or it failed (a roll then
     * creates the file itself, as it did before). Append lock held.
     */
    private MappedFile takeNextFile() {
        NextFile n = nextFile;
        nextFile = null;
        if (n == null) {
            return null;
        }
        try {
            return MappedFile.await(n.opening());
        } catch (IOException e) {
            LOG.warn("FMQ-STORE-153 opening the next commit log file at {} ahead of time failed: {}; creating it now",
                    n.fileFromOffset(), e.toString());
            return null;
        }
    }

    /** @return false when the marker could not be written (WRITE mode: an I/O error) */
    private static boolean writeBlankTail(MappedFile file) {
        int position = file.wrotePosition();
        int remaining = file.remaining();
        ByteBuffer blank = ByteBuffer.allocate(8).putInt(0, remaining).putInt(4, MessageRecord.BLANK_MAGIC);
        try {
            file.writeAt(position, blank, 0, 8);
        } catch (UncheckedIOException e) {
            LOG.error("FMQ-STORE-117 writing the end-of-file marker of {} failed", file.path(), e);
            return false;
        }
        file.publish(file.fileSize());
        return true;
    }

    /**
     * Copies bytes a master shipped to the end of this (slave's) log, byte for byte, and publishes them.
     * A chunk may end inside a record: readers never see it, because consume queues only point at whole
     * records and the dispatcher waits for the rest. Chunks never cross a file end (the master cuts them
     * there), and an empty log starts at the first chunk's file boundary, which is the master's oldest file.
     *
     * @throws IOException when the chunk does not continue this log exactly (the master is not this
     *                     slave's master, or the slave's data diverged), or the file cannot be created
     */
    @Override
    public void appendReplicated(long offset, ByteBuffer data) throws IOException {
        int length = data.remaining();
        int fileSize = files.fileSize();
        appendLock.lock();
        try {
            MappedFile file = files.last();
            if (file == null || file.isFull()) {
                long next = file == null ? offset - offset % fileSize : file.fileFromOffset() + fileSize;
                if (offset != next) {
                    throw new IOException("FMQ-STORE-120 replicated chunk at " + offset + " but this log's next file starts at " + next);
                }
                if (!disk.hasRoomFor(fileSize)) {
                    throw new IOException("FMQ-STORE-104 not enough free disk space for the next commit log file of "
                            + fileSize + " bytes in " + files.dir());
                }
                MappedFile created = openNextFile(next);
                if (file != null) {
                    file.markClosedAt(clock.millis());
                }
                file = created;
            }
            int position = file.wrotePosition();
            long end = file.fileFromOffset() + position;
            if (offset != end) {
                throw new IOException("FMQ-STORE-121 replicated chunk at " + offset + " but this log ends at " + end);
            }
            if (length > file.remaining()) {
                throw new IOException("FMQ-STORE-122 replicated chunk of " + length + " bytes at " + offset
                        + " crosses the end of file " + file.path());
            }
            try {
                file.writeAt(position, data, data.position(), length);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            file.publish(position + length);
        } finally {
            appendLock.unlock();
        }
    }

    /** Up to {@code maxBytes} published bytes from {@code offset}, within its file (a replication read). */
    @Override
    public SelectedBuffer read(long offset, int maxBytes) {
        MappedFile f = files.find(offset);
        if (f == null) {
            return null;
        }
        int position = (int) (offset - f.fileFromOffset());
        int size = Math.min(maxBytes, f.wrotePosition() - position);
        return size <= 0 ? null : f.select(position, size);
    }

    /** A read-only view of {@code size} bytes at {@code offset}, or null if they are not (or no longer) there. */
    public SelectedBuffer select(long offset, int size) {
        MappedFile f = files.find(offset);
        return f == null ? null : f.select((int) (offset - f.fileFromOffset()), size);
    }

    /** The record stored at {@code offset}, or null. */
    public SelectedBuffer selectRecord(long offset) {
        MappedFile f = files.find(offset);
        if (f == null) {
            return null;
        }
        int position = (int) (offset - f.fileFromOffset());
        if (position + 8 > f.wrotePosition()) {
            return null;
        }
        SelectedBuffer head = f.select(position, 8);
        if (head == null) {
            return null;
        }
        int size;
        int magic;
        try {
            size = head.buffer().getInt(0);
            magic = head.buffer().getInt(4);
        } finally {
            head.close();
        }
        if (magic != MessageRecord.MAGIC_V1 && magic != MessageRecord.MAGIC_V2) {
            return null;
        }
        return f.select(position, size);
    }

    /** Everything published from {@code offset} to the end of its file; the dispatcher's read. */
    SelectedBuffer selectToEndOfFile(long offset) {
        MappedFile f = files.find(offset);
        if (f == null) {
            return null;
        }
        int position = (int) (offset - f.fileFromOffset());
        return f.select(position, f.wrotePosition() - position);
    }

    /** Offset of the start of the file after the one holding {@code offset}. */
    long rollNextFile(long offset) {
        return offset - offset % files.fileSize() + files.fileSize();
    }

    /**
     * Verifies the log from {@code verifyFrom} (a record boundary; everything before it is trusted) with
     * full checks including the body CRC, cuts it at the first record that fails, and restores the write
     * position. Startup only.
     *
     * @return the offset where valid data ends
     */
    long recover(long verifyFrom) throws IOException {
        if (files.isEmpty()) {
            return 0;
        }
        List<MappedFile> all = List.copyOf(files.files());
        for (MappedFile f : all) {
            f.restorePositions(f.fileSize());
        }
        long offset = Math.max(verifyFrom, files.minOffset());
        long end = offset;
        MappedFile f = files.find(offset);
        scan:
        while (f != null) {
            ByteBuffer view = f.startupView();
            int position = (int) (offset - f.fileFromOffset());
            while (true) {
                if (position == f.fileSize()) {
                    break;
                }
                MessageRecord.Check check = MessageRecord.validate(view, position, f.fileSize() - position,
                        f.fileFromOffset() + position, true);
                switch (check.kind()) {
                    case RECORD -> {
                        position += check.size();
                        end = f.fileFromOffset() + position;
                    }
                    case BLANK -> {
                        if (check.size() != f.fileSize() - position) {
                            LOG.warn("FMQ-STORE-021 bad end-of-file marker in {} at {}; cutting the log there",
                                    f.path(), position);
                            break scan;
                        }
                        position = f.fileSize();
                    }
                    case END -> {
                        break scan;
                    }
                    case CORRUPT -> {
                        LOG.warn("FMQ-STORE-022 {} at offset {}: {}; cutting the log there",
                                f.path(), f.fileFromOffset() + position, check.reason());
                        break scan;
                    }
                }
            }
            end = f.fileFromOffset() + f.fileSize();
            MappedFile next = files.find(end);
            if (next == null) {
                break;
            }
            f = next;
            offset = end;
        }
        files.truncate(end);
        markClosedTimes();
        appendLock.lock();
        try {
            prepareNextFile();
        } finally {
            appendLock.unlock();
        }
        return end;
    }

    /** A full file's closing time is the store time of the first record of the next file. */
    private void markClosedTimes() {
        List<MappedFile> all = files.files();
        for (int i = 0; i + 1 < all.size(); i++) {
            MappedFile next = all.get(i + 1);
            ByteBuffer view = next.startupView();
            MessageRecord.Check check = MessageRecord.validate(view, 0, next.wrotePosition(), next.fileFromOffset(), false);
            long closedAt = check.kind() == MessageRecord.Kind.RECORD ? MessageRecord.readStoreTimestamp(view, 0)
                    : clock.millis();
            all.get(i).markClosedAt(closedAt);
        }
    }

    /** Restores the next queue offset of one queue; recovery only. */
    void restoreQueueOffset(String topic, int queueId, long next) {
        appendLock.lock();
        try {
            queueOffsets.set(topic, queueId, next);
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * Closes the files. A file opened ahead and never written is deleted: left behind it would only be removed by
     * the next start's recovery (an empty file after the last record is cut like any other tail).
     */
    void close() {
        appendLock.lock();
        try {
            MappedFile unused = takeNextFile();
            if (unused != null) {
                unused.destroy();
            }
        } finally {
            appendLock.unlock();
        }
        files.close();
    }
}

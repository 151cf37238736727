package io.ferrymq.store.ha;

import io.ferrymq.store.SelectedBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;

/** What replication needs from the CommitLog: bounds, reads within one file, and raw appends on a slave. */
public interface ReplicatedLog {
    long minOffset();

    /** Offset just past the last published byte. */
    long maxOffset();

    /** Size of one CommitLog file: chunks never cross a file boundary. */
    int fileSize();

    /** Up to {@code maxBytes} published bytes from {@code offset}, within its file; null if none. */
    SelectedBuffer read(long offset, int maxBytes);

    /**
     * Appends bytes a master sent, at exactly {@code offset} (which must be this log's max offset, or the
     * start of a file when the log is empty). Chunks may end inside a record.
     */
    void appendReplicated(long offset, ByteBuffer data) throws IOException;
}

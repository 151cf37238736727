package io.ferrymq.store;

import java.util.List;

/**
 * Records read from one queue: raw stored bytes, ready to be sent as they are. Holds the mapped files
 * open until {@link #close()}; owned by the reading thread.
 *
 * @param nextBeginOffset    queue offset the next read should start from
 * @param readEndOffset      CommitLog offset just past the last entry this read looked at; -1 if none
 * @param farBehind          the reader is further behind the CommitLog's end than the page cache is assumed
 *                           to hold ({@link StoreConfig#memoryResidentBytes()}): RocketMQ's hint to read
 *                           from a slave
 */
public record GetResult(GetStatus status, long nextBeginOffset, long minOffset, long maxOffset,
                        List<SelectedBuffer> records, int totalBytes, long readEndOffset, boolean farBehind)
        implements AutoCloseable {

    static GetResult empty(GetStatus status, long nextBeginOffset, long minOffset, long maxOffset) {
        return new GetResult(status, nextBeginOffset, minOffset, maxOffset, List.of(), 0, -1, false);
    }

    public int messageCount() {
        return records.size();
    }

    @Override
    public void close() {
        for (SelectedBuffer b : records) {
            b.close();
        }
    }
}

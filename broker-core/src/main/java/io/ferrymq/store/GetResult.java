package io.ferrymq.store;

import java.util.List;

/**
 * Records read from one queue: raw stored bytes, ready to be sent as they are. Holds the mapped files
 * open until {@link #close()}; owned by the reading thread.
 *
 * @param nextBeginOffset queue offset the next read should start from
 */
public record GetResult(GetStatus status, long nextBeginOffset, long minOffset, long maxOffset,
                        List<SelectedBuffer> records, int totalBytes) implements AutoCloseable {

    static GetResult empty(GetStatus status, long nextBeginOffset, long minOffset, long maxOffset) {
        return new GetResult(status, nextBeginOffset, minOffset, maxOffset, List.of(), 0);
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

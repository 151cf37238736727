package io.ferrymq.store;

/**
 * What an append did. For a batch, offsets describe the first record and {@code messageCount} the rest,
 * which follow contiguously with consecutive queue offsets. Immutable.
 *
 * @param wroteOffset commit-log offset of the (first) record, -1 if nothing was written
 * @param wroteBytes  bytes written for all records
 * @param queueOffset consume-queue offset of the (first) record
 * @param detail      a human-readable reason when the status is not {@link PutStatus#PUT_OK}
 */
public record PutResult(PutStatus status, long wroteOffset, int wroteBytes, long queueOffset,
                        long storeTimestamp, int messageCount, String detail) {

    static PutResult refused(PutStatus status, String detail) {
        return new PutResult(status, -1, 0, -1, 0, 0, detail);
    }

    PutResult withStatus(PutStatus newStatus, String newDetail) {
        return new PutResult(newStatus, wroteOffset, wroteBytes, queueOffset, storeTimestamp, messageCount, newDetail);
    }

    public boolean isOk() {
        return status == PutStatus.PUT_OK;
    }

    /** True when the bytes are in the log (even if their force timed out). */
    public boolean isAppended() {
        return switch (status) {
            case PUT_OK, FLUSH_DISK_TIMEOUT, FLUSH_SLAVE_TIMEOUT, SLAVE_NOT_AVAILABLE -> true;
            default -> false;
        };
    }

    /** Commit-log offset just past the last record written. */
    public long nextOffset() {
        return wroteOffset + wroteBytes;
    }
}

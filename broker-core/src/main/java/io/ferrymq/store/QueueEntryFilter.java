package io.ferrymq.store;

import java.nio.ByteBuffer;

/**
 * Decides from a ConsumeQueue entry's tags code whether its record is worth reading, and optionally from the record
 * itself whether it is returned (property filters). Used by one reading thread at a time.
 */
@FunctionalInterface
public interface QueueEntryFilter {
    boolean accept(long tagsCode);

    /**
     * Whether the record (starting at position 0 of {@code record}, which the filter must not keep) is returned;
     * asked only for entries {@link #accept(long)} let through.
     */
    default boolean acceptRecord(ByteBuffer record) {
        return true;
    }

    /** True when {@link #acceptRecord} looks at records: each rejection then costs a read, so reads stop sooner. */
    default boolean readsRecords() {
        return false;
    }
}

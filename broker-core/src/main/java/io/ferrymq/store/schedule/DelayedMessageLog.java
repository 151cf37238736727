package io.ferrymq.store.schedule;

import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.store.MessageToAppend;
import io.ferrymq.store.PutResult;

import java.util.List;
import java.util.function.Consumer;

/**
 * What the delay service needs of the store: the delay queues' entries, the records they point at, an
 * append that skips delay routing, and a walk over the CommitLog for restart recovery. Implemented by
 * {@link io.ferrymq.store.MessageStore}; every method may be called from the service's thread.
 */
public interface DelayedMessageLog {

    /** One ConsumeQueue entry; {@code blank} entries fill gaps and point at nothing. */
    record QueueEntry(long queueOffset, long commitLogOffset, int size, long tagsCode, boolean blank) {
    }

    /** Up to {@code max} entries of the queue from {@code from} (fewer at the end of a file); empty at the end. */
    List<QueueEntry> entries(String topic, int queueId, long from, int max);

    long minQueueOffset(String topic, int queueId);

    /** The record at a commit-log offset, or null when its file is gone. */
    DecodedMessage read(long commitLogOffset);

    /** Appends a due message to its real topic without delay routing; waits until it counts as durable. */
    PutResult deliver(MessageToAppend message);

    long commitLogMinOffset();

    long commitLogMaxOffset();

    /** Decodes every record from {@code from} to the current end of the CommitLog, in log order. */
    void forEachRecord(long from, Consumer<DecodedMessage> visitor);
}

package io.ferrymq.store;

/** Outcome of a read from a ConsumeQueue, with RocketMQ's names so the pull path can map them one to one. */
public enum GetStatus {
    FOUND,
    /** Entries were there but the filter accepted none of them; the next offset moves past them. */
    NO_MATCHED_MESSAGE,
    /** Entries point at records already deleted from the CommitLog; the next offset moves past them. */
    OFFSET_FOUND_NULL,
    /** The offset is past the end by more than one. */
    OFFSET_OVERFLOW_BADLY,
    /** The offset is exactly the end: nothing new yet. */
    OFFSET_OVERFLOW_ONE,
    /** The offset is below the oldest readable entry. */
    OFFSET_TOO_SMALL,
    /** No such topic or queue in this store. */
    NO_MATCHED_LOGIC_QUEUE,
    /** The queue exists but has never held a message. */
    NO_MESSAGE_IN_QUEUE
}

package io.ferrymq.client;

/** Where a group that has no committed offset for a queue starts reading it. */
public enum ConsumeFromWhere {
    /** Only messages that arrive after the consumer starts. */
    CONSUME_FROM_LAST_OFFSET,
    /** Everything the queue still holds. */
    CONSUME_FROM_FIRST_OFFSET,
    /** Messages stored at or after {@code consumeTimestamp}. */
    CONSUME_FROM_TIMESTAMP
}

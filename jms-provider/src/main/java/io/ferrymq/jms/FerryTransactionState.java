package io.ferrymq.jms;

/**
 * The outcome of the local transaction behind a half message, as a {@link FerryLocalTransaction} reports it when it
 * ends and a {@link FerryTransactionChecker} when the broker checks back. Immutable.
 */
public enum FerryTransactionState {
    /** The local transaction committed: the message becomes visible to the destination's consumers, once. */
    COMMIT,
    /** The local transaction failed for good: the message is discarded and never delivered. */
    ROLLBACK,
    /** Not known (yet): the message stays invisible and the broker checks back later. */
    UNKNOWN
}

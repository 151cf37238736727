package io.ferrymq.txchecker;

/**
 * The answer to a back-check, in the broker's terms: make the half message visible, discard it, or ask again
 * later. Immutable.
 */
public enum CheckOutcome {
    /** The local transaction committed: deliver the half message. */
    COMMIT,
    /** The local transaction is known not to have committed, and never will: discard the half message. */
    ROLLBACK,
    /** Still in doubt (running, or the log could not be read): the broker asks again at its next check. */
    UNKNOWN
}

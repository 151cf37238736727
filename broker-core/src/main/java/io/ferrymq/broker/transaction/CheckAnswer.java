package io.ferrymq.broker.transaction;

/** The latest news of a half message's back-check. */
public enum CheckAnswer {
    /** Not checked yet (or not since the broker started). */
    NONE,
    /** Due for a check, but no producer of its group was connected. */
    NO_PRODUCER,
    /** A check was sent; no answer yet. */
    NO_ANSWER,
    /** The producer side answered that it does not know yet. */
    UNKNOWN
}

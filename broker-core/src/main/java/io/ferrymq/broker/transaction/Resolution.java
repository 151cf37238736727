package io.ferrymq.broker.transaction;

/** What an attempt to commit or roll back a half message came to. */
public enum Resolution {
    RESOLVED,
    /** Someone resolved it before: nothing was done. */
    ALREADY_RESOLVED,
    /** Someone is resolving it right now: nothing was done. */
    IN_PROGRESS,
    /** The store refused; the half is as unresolved as before and will be checked again. */
    FAILED,
    /** No unresolved half message by that id. */
    NOT_FOUND
}

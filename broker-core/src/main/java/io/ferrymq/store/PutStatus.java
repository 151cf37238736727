package io.ferrymq.store;

/** Outcome of an append. Only {@link #PUT_OK} and {@link #FLUSH_DISK_TIMEOUT} mean the bytes are in the log. */
public enum PutStatus {
    PUT_OK,
    /** Appended, but the force to disk did not finish within {@code syncFlushTimeout}. */
    FLUSH_DISK_TIMEOUT,
    /** Refused: too large, bad topic name, or a batch that does not fit one file. */
    MESSAGE_ILLEGAL,
    /** Refused: disk usage is past {@code diskSpaceWarningLevelRatio}, or no room for the next file. */
    DISK_FULL,
    /** Refused: the next log file could not be created. */
    CREATE_MAPPED_FILE_FAILED,
    /** Refused: the store is not running. */
    SERVICE_NOT_AVAILABLE
}

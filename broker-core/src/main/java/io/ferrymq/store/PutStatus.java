package io.ferrymq.store;

/**
 * Outcome of an append. {@link #PUT_OK}, {@link #FLUSH_DISK_TIMEOUT}, {@link #FLUSH_SLAVE_TIMEOUT} and
 * {@link #SLAVE_NOT_AVAILABLE} mean the bytes are in the log; the last three say which guarantee is missing.
 */
public enum PutStatus {
    PUT_OK,
    /** Appended, but the force to disk did not finish within {@code syncFlushTimeout}. */
    FLUSH_DISK_TIMEOUT,
    /** SYNC_MASTER: appended, but no slave reported holding it within {@code syncFlushTimeout}. */
    FLUSH_SLAVE_TIMEOUT,
    /** SYNC_MASTER: appended, but no slave is connected and within {@code haMaxGapNotInSync} of this master. */
    SLAVE_NOT_AVAILABLE,
    /** Refused: too large, bad topic name, or a batch that does not fit one file. */
    MESSAGE_ILLEGAL,
    /** Refused: disk usage is past {@code diskSpaceWarningLevelRatio}, or no room for the next file. */
    DISK_FULL,
    /** Refused: the next log file could not be created. */
    CREATE_MAPPED_FILE_FAILED,
    /** Refused: the store is not running. */
    SERVICE_NOT_AVAILABLE
}

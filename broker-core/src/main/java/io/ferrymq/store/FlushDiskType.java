package io.ferrymq.store;

/** When an append counts as durable: once forced to disk ({@code SYNC_FLUSH}) or once in the page cache. */
public enum FlushDiskType {
    ASYNC_FLUSH,
    SYNC_FLUSH
}

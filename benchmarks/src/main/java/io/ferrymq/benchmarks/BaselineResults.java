package io.ferrymq.benchmarks;

/**
 * The raw disk measurements of one run: sequential write, append + fdatasync at 4 KiB and 256 KiB, and two
 * supplements not used by the target ratios, both into a sparse memory-mapped file created like a CommitLog
 * file: seek + write + fdatasync at 4 KiB (the store's SYNC_FLUSH mechanism, write mode WRITE) and mmap
 * write + msync at 4 KiB (its ASYNC_FLUSH mechanism, and its SYNC_FLUSH mechanism before the WRITE mode).
 */
public record BaselineResults(SequentialWriteResult sequential, SyncAppendResult sync4k, SyncAppendResult sync256k,
                              SyncAppendResult mappedWrite4k, SyncAppendResult mmap4k) {
}

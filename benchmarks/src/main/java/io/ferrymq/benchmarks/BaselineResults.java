package io.ferrymq.benchmarks;

/**
 * The raw disk measurements of one run: sequential write, append + fdatasync at 4 KiB and 256 KiB, and
 * (supplementary, not used by the target ratios) mmap write + msync at 4 KiB.
 */
public record BaselineResults(SequentialWriteResult sequential, SyncAppendResult sync4k, SyncAppendResult sync256k,
                              SyncAppendResult mmap4k) {
}

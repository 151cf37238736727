package io.ferrymq.benchmarks;

/** The raw disk measurements of one run: sequential write and append + fdatasync at 4 KiB and 256 KiB. */
public record BaselineResults(SequentialWriteResult sequential, SyncAppendResult sync4k, SyncAppendResult sync256k) {
}

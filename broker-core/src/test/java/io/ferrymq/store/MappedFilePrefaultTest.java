package io.ferrymq.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The prefaulter touches pages for writing while the appender fills them (it starts at the page holding the write
 * position). These tests check that its touches never change a byte: written data stays intact whether the touch
 * comes after the write or races it.
 */
class MappedFilePrefaultTest {
    private static final int FILE_SIZE = 4 << 20;
    /** Not a divisor of the page size, so records straddle pages and the writer works inside touched pages. */
    private static final int RECORD = 1_000;

    @TempDir
    Path dir;

    @Test
    void prefaultingPagesThatHoldDataLeavesEveryByteAsWritten() throws Exception {
        MappedFile file = MappedFile.open(dir, 0, FILE_SIZE, CommitLogWriteMode.MAPPED);
        try {
            int end = writeRecords(file, FILE_SIZE / 2, null);
            file.prefault(0, FILE_SIZE);
            assertRecordsIntact(file, end);
            assertThat(end).isGreaterThan(FILE_SIZE / 2 - RECORD);
        } finally {
            file.destroy();
        }
    }

    @Test
    @Timeout(60)
    void prefaultingWhileTheWriterFillsTheSamePagesLosesNoWrite() throws Exception {
        MappedFile file = MappedFile.open(dir, 0, FILE_SIZE, CommitLogWriteMode.MAPPED);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger passes = new AtomicInteger();
        // Touches the pages from the writer's current page on, over and over, as the prefaulter does.
        Thread toucher = new Thread(() -> {
            while (writing.get()) {
                file.prefault(file.wrotePosition(), FILE_SIZE);
                passes.incrementAndGet();
            }
        }, "prefault-toucher");
        try {
            toucher.start();
            int end = writeRecords(file, FILE_SIZE, writing);
            toucher.join();
            assertRecordsIntact(file, end);
            assertThat(passes.get()).isPositive();
        } finally {
            writing.set(false);
            toucher.join();
            file.destroy();
        }
    }

    /** Writes numbered records of non-zero bytes up to {@code limit}; returns the end of the last one. */
    private static int writeRecords(MappedFile file, int limit, AtomicBoolean writing) {
        ByteBuffer record = ByteBuffer.allocate(RECORD);
        int position = 0;
        for (int n = 0; position + RECORD <= limit; n++) {
            fill(record, n);
            file.writeAt(position, record, 0, RECORD);
            position += RECORD;
            file.publish(position);
        }
        if (writing != null) {
            writing.set(false);
        }
        return position;
    }

    private static void fill(ByteBuffer record, int n) {
        for (int i = 0; i < RECORD; i++) {
            record.put(i, (byte) (1 + (n * 31 + i) % 255));
        }
    }

    private void assertRecordsIntact(MappedFile file, int end) throws Exception {
        file.flush();
        byte[] onDisk = Files.readAllBytes(file.path());
        ByteBuffer expected = ByteBuffer.allocate(RECORD);
        for (int n = 0; n * RECORD < end; n++) {
            fill(expected, n);
            for (int i = 0; i < RECORD; i++) {
                int at = n * RECORD + i;
                if (onDisk[at] != expected.get(i)) {
                    throw new AssertionError("byte " + at + " of record " + n + " is " + onDisk[at] + ", written "
                            + expected.get(i));
                }
            }
        }
    }
}

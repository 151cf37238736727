package io.ferrymq.store;

import io.ferrymq.common.message.DecodedMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.ferrymq.store.StoreTestSupport.awaitDispatched;
import static io.ferrymq.store.StoreTestSupport.message;
import static io.ferrymq.store.StoreTestSupport.props;
import static io.ferrymq.store.StoreTestSupport.readQueue;
import static io.ferrymq.store.StoreTestSupport.smallConfig;
import static org.assertj.core.api.Assertions.assertThat;

/** Damage written on purpose at the end of the CommitLog, as a crash mid-write leaves it. */
class TornTailRecoveryTest {
    @TempDir
    Path dir;
    private MessageStore store;

    @AfterEach
    void tearDown() {
        if (store != null) {
            store.shutdown();
        }
    }

    private StoreConfig config() {
        return smallConfig(dir).setFlushDiskType(FlushDiskType.SYNC_FLUSH);
    }

    /** Appends n messages, shuts down cleanly and returns the results. */
    private PutResult[] fill(int n) throws Exception {
        store = new MessageStore(config());
        store.start();
        PutResult[] results = new PutResult[n];
        for (int i = 0; i < n; i++) {
            results[i] = store.putMessage(message("T", 0, ("body-" + i).getBytes(), props("KEYS", "key-" + i)));
        }
        awaitDispatched(store);
        store.shutdown();
        store = null;
        return results;
    }

    private Path commitLogFileHolding(long offset) {
        long size = config().getMappedFileSizeCommitLog();
        return config().commitLogDir().resolve(MappedFile.fileName(offset - offset % size));
    }

    private void simulateCrash() throws Exception {
        Files.writeString(config().abortFilePath(), "crashed");
    }

    @Test
    void aHalfWrittenRecordAfterTheLastGoodOneIsDroppedAndNeverServed() throws Exception {
        PutResult[] sent = fill(50);
        long end = sent[49].nextOffset();
        // A torn append: the head of a record (size, magic, a few fields) and nothing else.
        try (RandomAccessFile raf = new RandomAccessFile(commitLogFileHolding(end).toFile(), "rw")) {
            long position = end % config().getMappedFileSizeCommitLog();
            ByteBuffer head = ByteBuffer.allocate(24).putInt(300).putInt(0xDAA320A7).putInt(12345).putInt(0)
                    .putInt(0).putInt(0);
            raf.seek(position);
            raf.write(head.array());
        }
        simulateCrash();

        store = new MessageStore(config());
        store.start();
        assertThat(store.commitLogMaxOffset()).isEqualTo(end);
        awaitDispatched(store);
        assertThat(readQueue(store, "T", 0)).hasSize(50);
        // New appends go where the torn record was and read back whole, across another restart.
        PutResult next = store.putMessage(message("T", 0, "after-crash".getBytes(), props()));
        assertThat(next.wroteOffset()).isEqualTo(end);
        assertThat(next.queueOffset()).isEqualTo(50);
        store.shutdown();
        store = new MessageStore(config());
        store.start();
        List<DecodedMessage> all = readQueue(store, "T", 0);
        assertThat(all).hasSize(51);
        assertThat(new String(all.get(50).body())).isEqualTo("after-crash");
    }

    @Test
    void aRecordWithABadCrcIsCutWithItsConsumeQueueEntryAndIndexKey() throws Exception {
        PutResult[] sent = fill(30);
        PutResult last = sent[29];
        // Flip one body byte of the last record; without a checkpoint recovery verifies the whole log.
        try (RandomAccessFile raf = new RandomAccessFile(commitLogFileHolding(last.wroteOffset()).toFile(), "rw")) {
            // Tail of the record: ...body, topic length (1), "T" (1), properties length (2), "KEYS\1key-29\2" (12).
            long bodyByte = last.nextOffset() % config().getMappedFileSizeCommitLog() - 12 - 2 - 1 - 1 - 1;
            raf.seek(bodyByte);
            int b = raf.read();
            raf.seek(bodyByte);
            raf.write(b ^ 0x5A);
        }
        Files.delete(config().checkpointFile());
        simulateCrash();

        store = new MessageStore(config());
        store.start();
        assertThat(store.commitLogMaxOffset()).isEqualTo(last.wroteOffset());
        assertThat(store.maxOffsetInQueue("T", 0)).isEqualTo(29);
        List<DecodedMessage> all = readQueue(store, "T", 0);
        assertThat(all).hasSize(29);
        assertThat(new String(all.get(28).body())).isEqualTo("body-28");
        try (QueryResult q = store.queryMessages("T", "key-29", 10, 0, Long.MAX_VALUE)) {
            assertThat(q.records()).isEmpty();
        }
        try (QueryResult q = store.queryMessages("T", "key-28", 10, 0, Long.MAX_VALUE)) {
            assertThat(q.records()).hasSize(1);
        }
        PutResult again = store.putMessage(message("T", 0, "replacement".getBytes(), props("KEYS", "key-29")));
        assertThat(again.queueOffset()).isEqualTo(29);
        awaitDispatched(store);
        try (QueryResult q = store.queryMessages("T", "key-29", 10, 0, Long.MAX_VALUE)) {
            assertThat(q.records()).hasSize(1);
        }
    }

    @Test
    void filesWhoseCreationWasCutShortAreRemovedAndTheStoreCarriesOn() throws Exception {
        PutResult[] sent = fill(10);
        simulateCrash();
        // What a kill between creating and naming the next files leaves behind (see MappedFile.createFullSize).
        long nextFile = config().getMappedFileSizeCommitLog();
        Path commitLogLeftover = config().commitLogDir().resolve(MappedFile.fileName(nextFile) + ".creating");
        Files.write(commitLogLeftover, new byte[0]);
        Path queueDir = config().consumeQueueDir().resolve("T").resolve("0");
        Path queueLeftover = queueDir.resolve(MappedFile.fileName(config().getMappedFileSizeConsumeQueue()) + ".creating");
        Files.write(queueLeftover, new byte[100]);

        store = new MessageStore(config());
        store.start();
        assertThat(commitLogLeftover).doesNotExist();
        assertThat(queueLeftover).doesNotExist();
        assertThat(store.commitLogMaxOffset()).isEqualTo(sent[9].nextOffset());
        for (int i = 10; i < 200; i++) {
            assertThat(store.putMessage(message("T", 0, ("body-" + i).getBytes(), props())).status()).isEqualTo(PutStatus.PUT_OK);
        }
        awaitDispatched(store);
        assertThat(readQueue(store, "T", 0)).hasSize(200);
        try (var files = Files.list(config().commitLogDir())) {
            assertThat(files.map(p -> p.getFileName().toString())).allMatch(n -> n.matches("\\d{20}"));
        }
    }

    @Test
    void aCleanRestartDoesNotRescanTheLog() throws Exception {
        fill(20);
        assertThat(Files.exists(config().abortFilePath())).isFalse();
        store = new MessageStore(config());
        store.start();
        assertThat(Files.exists(config().abortFilePath())).isTrue();
        assertThat(readQueue(store, "T", 0)).hasSize(20);
    }
}

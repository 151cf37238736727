package io.ferrymq.store;

import io.ferrymq.common.message.DecodedMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.ferrymq.store.StoreTestSupport.awaitDispatched;
import static io.ferrymq.store.StoreTestSupport.message;
import static io.ferrymq.store.StoreTestSupport.props;
import static io.ferrymq.store.StoreTestSupport.readQueue;
import static io.ferrymq.store.StoreTestSupport.smallConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CommitLog opens the file after the last one ahead of time, so a roll only appends it: the file is on disk
 * before the log reaches it, rolls use it, a clean shutdown deletes it unused, and one a crash leaves behind empty
 * is cut at the next start. Both write modes (ASYNC_FLUSH maps, SYNC_FLUSH writes).
 */
class CommitLogNextFileTest {
    private static final int FILE_SIZE = 64 * 1024;

    @TempDir
    Path dir;
    private MessageStore store;

    @AfterEach
    void tearDown() {
        if (store != null) {
            store.shutdown();
        }
    }

    private StoreConfig config(FlushDiskType flush) {
        return smallConfig(dir).setFlushDiskType(flush);
    }

    private MessageStore start(FlushDiskType flush) throws Exception {
        store = new MessageStore(config(flush));
        store.start();
        return store;
    }

    private void put(int i) {
        PutResult r = store.putMessage(message("T", 0, body(i), props("KEYS", "key-" + i)));
        assertThat(r.status()).as("append %d", i).isEqualTo(PutStatus.PUT_OK);
    }

    private static byte[] body(int i) {
        // About 1 KiB per record: a 64 KiB file holds some sixty.
        return ("body-" + i + "-" + "x".repeat(1000)).getBytes();
    }

    private Path fileAt(FlushDiskType flush, int index) {
        return config(flush).commitLogDir().resolve(MappedFile.fileName((long) index * FILE_SIZE));
    }

    private List<String> logFileNames(FlushDiskType flush) throws Exception {
        try (Stream<Path> s = Files.list(config(flush).commitLogDir())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!(Files.exists(file) && sizeOf(file) == FILE_SIZE)) {
            assertThat(System.nanoTime()).as("waiting for " + file + " to be opened ahead").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private void assertBodies(int count) throws InterruptedException {
        awaitDispatched(store);
        List<DecodedMessage> all = readQueue(store, "T", 0);
        assertThat(all).hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(all.get(i).body()).as("message %d", i).isEqualTo(body(i));
        }
    }

    @ParameterizedTest
    @EnumSource(FlushDiskType.class)
    void theNextFileIsOnDiskBeforeTheLogReachesItAndAShutdownDeletesItUnused(FlushDiskType flush) throws Exception {
        start(flush);
        put(0);
        assertThat(store.commitLogFileCount()).isEqualTo(1);
        awaitFile(fileAt(flush, 1));
        assertThat(store.commitLogFileCount()).as("opened ahead, not part of the log yet").isEqualTo(1);
        assertThat(store.commitLogMaxOffset()).isLessThan(FILE_SIZE);

        int sent = 1;
        while (store.commitLogFileCount() < 3) {
            put(sent++);
        }
        // The second roll used file 1 and started on file 3.
        awaitFile(fileAt(flush, 3));
        assertThat(store.commitLogFileCount()).isEqualTo(3);
        assertBodies(sent);

        store.shutdown();
        store = null;
        assertThat(logFileNames(flush)).as("the unused file is gone after a clean shutdown")
                .containsExactly(IntStream.range(0, 3).mapToObj(i -> MappedFile.fileName((long) i * FILE_SIZE))
                        .toArray(String[]::new));

        start(flush);
        assertThat(store.commitLogFileCount()).isEqualTo(3);
        assertBodies(sent);
        awaitFile(fileAt(flush, 3));
        while (store.commitLogFileCount() < 4) {
            put(sent++);
        }
        assertBodies(sent);
    }

    @ParameterizedTest
    @EnumSource(FlushDiskType.class)
    void anEmptyNextFileLeftByACrashIsCutAtTheNextStart(FlushDiskType flush) throws Exception {
        start(flush);
        for (int i = 0; i < 10; i++) {
            put(i);
        }
        long end = store.commitLogMaxOffset();
        awaitDispatched(store);
        store.shutdown();
        store = null;
        // What a kill -9 leaves: the abort file, and the next file opened ahead at its full size, never written.
        Files.writeString(config(flush).abortFilePath(), "crashed");
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(fileAt(flush, 1).toFile(), "rw")) {
            raf.setLength(FILE_SIZE);
        }

        start(flush);
        assertThat(store.commitLogMaxOffset()).isEqualTo(end);
        assertThat(store.commitLogFileCount()).as("the empty file is not part of the log").isEqualTo(1);
        assertBodies(10);
        int sent = 10;
        while (store.commitLogFileCount() < 2) {
            put(sent++);
        }
        put(sent++);
        assertBodies(sent);
    }
}

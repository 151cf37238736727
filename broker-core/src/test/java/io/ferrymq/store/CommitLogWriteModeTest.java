package io.ferrymq.store;

import io.ferrymq.common.message.DecodedMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static io.ferrymq.store.StoreTestSupport.HOST;
import static io.ferrymq.store.StoreTestSupport.awaitDispatched;
import static io.ferrymq.store.StoreTestSupport.commitLogFiles;
import static io.ferrymq.store.StoreTestSupport.message;
import static io.ferrymq.store.StoreTestSupport.props;
import static io.ferrymq.store.StoreTestSupport.readQueue;
import static io.ferrymq.store.StoreTestSupport.smallConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two ways into the CommitLog's page cache (mapped copies, and write calls) store the same bytes, and
 * thread interrupts of appenders, which would close an interruptible FileChannel for every thread, cost
 * neither a record nor the file.
 */
class CommitLogWriteModeTest {
    @TempDir
    Path dir;
    private final List<MessageStore> open = new ArrayList<>();

    @AfterEach
    void tearDown() {
        for (MessageStore s : open) {
            s.shutdown();
        }
    }

    private MessageStore start(StoreConfig config, MutableClock clock) throws Exception {
        MessageStore s = new MessageStore(config, clock);
        s.start();
        open.add(s);
        return s;
    }

    @Test
    void bothModesWriteTheSameFilesByteForByteAndReadBackAfterARestart() throws Exception {
        for (CommitLogWriteMode mode : List.of(CommitLogWriteMode.MAPPED, CommitLogWriteMode.WRITE)) {
            StoreConfig config = smallConfig(dir.resolve(mode.name())).setCommitLogWriteMode(mode)
                    .setFlushDiskType(FlushDiskType.SYNC_FLUSH);
            MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
            MessageStore s = start(config, clock);
            // Sizes from 1 B to 9 KiB roll several 64 KiB files, so blank end-of-file markers are written too.
            for (int i = 0; i < 120; i++) {
                byte[] body = new byte[1 + (i * 797) % 9000];
                body[0] = (byte) i;
                MessageToAppend m = new MessageToAppend("T", i % 3, 0, body, MessageStore.properties(props("KEYS", "k" + i)),
                        0, 1_700_000_000_000L + i, HOST, HOST, 0, 0L);
                assertThat(s.putMessage(m).status()).isEqualTo(PutStatus.PUT_OK);
                clock.advance(java.time.Duration.ofMillis(1));
            }
            List<MessageToAppend> batch = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                batch.add(new MessageToAppend("T", 1, 0, ("batch-" + i).getBytes(), "", 0, 1_700_000_001_000L + i,
                        HOST, HOST, 0, 0L));
            }
            assertThat(s.putMessages(batch).status()).isEqualTo(PutStatus.PUT_OK);
            awaitDispatched(s);
            s.shutdown();
            open.remove(s);
            s = start(config, clock);
            assertThat(readQueue(s, "T", 0)).hasSize(40);
            assertThat(readQueue(s, "T", 1)).hasSize(45);
            assertThat(readQueue(s, "T", 2)).hasSize(40);
            s.shutdown();
            open.remove(s);
        }
        List<Path> mapped = commitLogFiles(dir.resolve("MAPPED"));
        List<Path> written = commitLogFiles(dir.resolve("WRITE"));
        assertThat(mapped).hasSizeGreaterThan(3);
        assertThat(written.stream().map(p -> p.getFileName().toString()))
                .containsExactlyElementsOf(mapped.stream().map(p -> p.getFileName().toString()).toList());
        for (int i = 0; i < mapped.size(); i++) {
            assertThat(Files.readAllBytes(written.get(i))).as(mapped.get(i).getFileName().toString())
                    .isEqualTo(Files.readAllBytes(mapped.get(i)));
        }
    }

    @Test
    void writesThatDoNotFollowTheLastOneLandWhereTheySay() throws Exception {
        // WRITE mode seeks only when a write does not start where the previous one ended; every other order must
        // still put the bytes at their own position (a rewrite after a failed append, a blank tail, a replica).
        MappedFile f = MappedFile.open(dir, 0, 4096, CommitLogWriteMode.WRITE);
        try {
            f.writeRecords(0, filled(100, 'a'), 100, 1);
            f.writeRecords(100, filled(100, 'b'), 100, 1);
            f.writeAt(300, filled(50, 'd'), 0, 50);
            f.writeRecords(200, filled(100, 'c'), 100, 1);
            f.writeRecords(50, filled(60, 'e'), 60, 2);
            f.writeAt(350, filled(10, 'f'), 0, 10);
            f.publish(360);
            byte[] expected = new byte[360];
            java.util.Arrays.fill(expected, 0, 100, (byte) 'a');
            java.util.Arrays.fill(expected, 100, 200, (byte) 'b');
            java.util.Arrays.fill(expected, 200, 300, (byte) 'c');
            java.util.Arrays.fill(expected, 300, 350, (byte) 'd');
            java.util.Arrays.fill(expected, 50, 110, (byte) 'e');
            java.util.Arrays.fill(expected, 350, 360, (byte) 'f');
            try (SelectedBuffer read = f.select(0, 360)) {
                byte[] actual = new byte[360];
                read.buffer().get(0, actual);
                assertThat(actual).isEqualTo(expected);
            }
            assertThat(java.util.Arrays.copyOf(Files.readAllBytes(f.path()), 360)).isEqualTo(expected);
        } finally {
            f.destroy();
        }
    }

    private static java.nio.ByteBuffer filled(int length, char c) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) c);
        return java.nio.ByteBuffer.wrap(bytes);
    }

    @Test
    void anAppenderWithAPendingInterruptWritesCreatesFilesAndKeepsItsInterrupt() throws Exception {
        MessageStore s = start(smallConfig(dir).setCommitLogWriteMode(CommitLogWriteMode.WRITE),
                new MutableClock(Instant.now()));
        List<PutResult> results = new CopyOnWriteArrayList<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread t = new Thread(() -> {
            Thread.currentThread().interrupt();
            results.add(s.putMessage(message("I", 0, "while-interrupted".getBytes(), props())));
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        t.start();
        t.join();
        assertThat(results).extracting(PutResult::status).containsExactly(PutStatus.PUT_OK);
        assertThat(stillInterrupted).isTrue();
        assertThat(s.putMessage(message("I", 0, "after".getBytes(), props())).status()).isEqualTo(PutStatus.PUT_OK);
        awaitDispatched(s);
        assertThat(readQueue(s, "I", 0)).extracting(m -> new String(m.body()))
                .containsExactly("while-interrupted", "after");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void interruptsArrivingDuringWritesAndForcesLoseNothing() throws Exception {
        MessageStore s = start(smallConfig(dir).setFlushDiskType(FlushDiskType.SYNC_FLUSH),
                new MutableClock(Instant.now()));
        int n = 1500;
        List<String> problems = new CopyOnWriteArrayList<>();
        List<Long> appended = new CopyOnWriteArrayList<>();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                PutResult r = s.putMessage(message("R", 0, ("m-" + i).getBytes(), props()));
                // An interrupt may cut the wait for the force short, but never the append itself.
                if (!r.isAppended() && r.status() != PutStatus.SERVICE_NOT_AVAILABLE) {
                    problems.add(i + ": " + r);
                }
                if (r.isAppended()) {
                    appended.add(r.queueOffset());
                }
                Thread.interrupted();
            }
        });
        writer.start();
        // An interrupt every ~20 µs: many land inside a write or inside the map call of a new file.
        while (writer.isAlive()) {
            writer.interrupt();
            LockSupport.parkNanos(20_000);
        }
        assertThat(problems).isEmpty();
        // Still usable from another thread, and a force covers everything.
        PutResult last = s.putMessage(message("R", 0, "last".getBytes(), props()));
        assertThat(last.status()).isEqualTo(PutStatus.PUT_OK);
        assertThat(s.commitLogFlushedOffset()).isGreaterThanOrEqualTo(last.nextOffset());
        awaitDispatched(s);
        List<DecodedMessage> all = readQueue(s, "R", 0);
        // Appends whose wait was interrupted got SERVICE_NOT_AVAILABLE without an offset but are stored.
        assertThat(all).hasSize(n + 1);
        for (int i = 0; i < n; i++) {
            assertThat(new String(all.get(i).body())).isEqualTo("m-" + i);
        }
        assertThat(appended).doesNotHaveDuplicates();
    }

    @Test
    void theWriteModeAndPrefaultWindowBindFromPropertiesAndAutoFollowsTheFlushType() throws Exception {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("commitLogWriteMode", "MAPPED");
        p.setProperty("commitLogPrefaultAheadBytes", "0");
        StoreConfig config = new StoreConfig();
        assertThat(io.ferrymq.common.config.ConfigBinder.bind(p, config)).isEmpty();
        assertThat(config.getCommitLogWriteMode()).isEqualTo(CommitLogWriteMode.MAPPED);
        assertThat(config.getCommitLogPrefaultAheadBytes()).isZero();
        assertThat(new StoreConfig().getCommitLogWriteMode()).isEqualTo(CommitLogWriteMode.AUTO);
        assertThat(CommitLogWriteMode.AUTO.resolve(FlushDiskType.SYNC_FLUSH)).isEqualTo(CommitLogWriteMode.WRITE);
        assertThat(CommitLogWriteMode.AUTO.resolve(FlushDiskType.ASYNC_FLUSH)).isEqualTo(CommitLogWriteMode.MAPPED);
        assertThat(CommitLogWriteMode.MAPPED.resolve(FlushDiskType.SYNC_FLUSH)).isEqualTo(CommitLogWriteMode.MAPPED);
    }

}

package io.ferrymq.store;

import io.ferrymq.common.message.DecodedMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.ferrymq.store.StoreTestSupport.readQueue;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a real child JVM with SIGKILL in the middle of a SYNC_FLUSH append load, several times over the
 * same store, and checks after each restart that every acknowledged record is there, readable and
 * intact, at the queue offset it was acknowledged with, and that nothing corrupt is served.
 */
class CrashRecoveryTest {
    private static final Logger LOG = LoggerFactory.getLogger(CrashRecoveryTest.class);

    @TempDir
    Path dir;

    /** queueId/queueOffset → id of the acknowledged message there. */
    private final Map<String, Long> acknowledged = new HashMap<>();

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void everyAcknowledgedRecordSurvivesKillDashNine() throws Exception {
        for (int round = 0; round < 3; round++) {
            int acks = runAndKill(300 + round * 150L);
            LOG.info("round {}: child acknowledged {} appends before SIGKILL", round, acks);
            assertThat(acks).as("the child made progress before being killed").isGreaterThan(50);
            assertThat(Files.exists(dir.resolve("abort"))).as("abort file left by the crash").isTrue();
            verifyAfterRestart();
        }
    }

    /** Runs the writer child until it acknowledged {@code minAcks} appends (and a bit more), then SIGKILLs it. */
    private int runAndKill(long minAcks) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                SyncFlushWriterProcess.class.getName(), dir.toString(), "6");
        pb.redirectError(dir.resolveSibling(dir.getFileName() + "-child.err").toFile());
        Process child = pb.start();
        AtomicLong count = new AtomicLong();
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.US_ASCII))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    count.incrementAndGet();
                }
            } catch (java.io.IOException ignored) {
                // the pipe closes when the child dies
            }
        });
        reader.start();
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (count.get() == 0 && System.nanoTime() < deadline && child.isAlive()) {
                Thread.sleep(10);
            }
            assertThat(child.isAlive()).as("child started; see " + dir.getFileName() + "-child.err").isTrue();
            // Progress, not time, decides when to kill: a loaded CI machine may append ten times slower.
            while (count.get() < minAcks && System.nanoTime() < deadline && child.isAlive()) {
                Thread.sleep(5);
            }
            // Then a random moment inside the running load, so kills land at different points of a write.
            Thread.sleep(ThreadLocalRandom.current().nextInt(50, 300));
        } finally {
            // SIGKILL: no shutdown hook, no final flush.
            new ProcessBuilder("kill", "-9", Long.toString(child.pid())).start().waitFor();
            child.waitFor(30, TimeUnit.SECONDS);
            reader.join(10_000);
        }
        int acks = 0;
        synchronized (lines) {
            for (String line : lines) {
                String[] p = line.split(" ");
                // A line cut by the kill is not a complete acknowledgement.
                if (p.length == 4 && p[0].equals("ACK")) {
                    acknowledged.put(p[2] + "/" + p[3], Long.parseLong(p[1]));
                    acks++;
                }
            }
        }
        return acks;
    }

    private void verifyAfterRestart() throws Exception {
        StoreConfig config = StoreTestSupport.smallConfig(dir).setMappedFileSizeCommitLog(256 * 1024)
                .setFlushDiskType(FlushDiskType.SYNC_FLUSH);
        MessageStore store = new MessageStore(config);
        store.start();
        try {
            Map<String, Long> found = new HashMap<>();
            for (int queueId = 0; queueId < 4; queueId++) {
                // readQueue validates every served record, CRC included, and fails on corruption.
                List<DecodedMessage> messages = readQueue(store, "Crash", queueId);
                for (int i = 0; i < messages.size(); i++) {
                    DecodedMessage m = messages.get(i);
                    assertThat(m.queueOffset()).isEqualTo(i);
                    String head = new String(m.body(), 0, Math.min(32, m.body().length), StandardCharsets.US_ASCII);
                    long id = Long.parseLong(head.substring(3, head.indexOf(';')));
                    assertThat(m.property("KEYS")).isEqualTo("id-" + id);
                    found.put(queueId + "/" + i, id);
                }
            }
            for (Map.Entry<String, Long> ack : acknowledged.entrySet()) {
                assertThat(found.get(ack.getKey())).as("acknowledged message at queue/offset " + ack.getKey())
                        .isEqualTo(ack.getValue());
            }
            // The index was rebuilt too: a recent acknowledged key is findable.
            long someId = acknowledged.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            try (QueryResult q = store.queryMessages("Crash", "id-" + someId, 4, 0, Long.MAX_VALUE)) {
                assertThat(q.records()).hasSize(1);
            }
        } finally {
            // Recreate the crash condition for the next round: the next child must find a store to recover,
            // so shut down cleanly here and let the child's kill make the next crash.
            store.shutdown();
        }
    }
}

package io.ferrymq.store;

import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageIds;
import io.ferrymq.common.message.MessageRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static io.ferrymq.store.StoreTestSupport.awaitDispatched;
import static io.ferrymq.store.StoreTestSupport.message;
import static io.ferrymq.store.StoreTestSupport.props;
import static io.ferrymq.store.StoreTestSupport.readQueue;
import static io.ferrymq.store.StoreTestSupport.smallConfig;
import static org.assertj.core.api.Assertions.assertThat;

class MessageStoreTest {
    @TempDir
    Path dir;
    private MessageStore store;

    @AfterEach
    void tearDown() {
        if (store != null) {
            store.shutdown();
        }
    }

    private MessageStore open(StoreConfig config, MutableClock clock) throws Exception {
        store = clock == null ? new MessageStore(config) : new MessageStore(config, clock);
        store.start();
        return store;
    }

    /** What a test appended to one queue, in order. */
    private record Sent(String topic, int queueId, byte[] body, String key) {
    }

    @Test
    void randomSizedMessagesRoundTripAcrossFileRollsAndARestart() throws Exception {
        StoreConfig config = smallConfig(dir);
        open(config, null);
        Random random = new Random(42);
        Map<String, List<Sent>> byQueue = new HashMap<>();
        for (int i = 0; i < 1500; i++) {
            String topic = random.nextBoolean() ? "TopicA" : "Topic_B-%2";
            int queueId = random.nextInt(3);
            byte[] body = new byte[random.nextInt(3000)];
            random.nextBytes(body);
            String key = "k" + i;
            PutResult r = store.putMessage(message(topic, queueId, body, props("KEYS", key, "TAGS", "T" + (i % 5))));
            assertThat(r.status()).isEqualTo(PutStatus.PUT_OK);
            List<Sent> sent = byQueue.computeIfAbsent(topic + "/" + queueId, k -> new ArrayList<>());
            assertThat(r.queueOffset()).isEqualTo(sent.size());
            sent.add(new Sent(topic, queueId, body, key));
        }
        assertThat(store.commitLogFileCount()).isGreaterThan(20);
        awaitDispatched(store);
        assertQueuesHold(byQueue);

        store.shutdown();
        open(config, null);
        assertQueuesHold(byQueue);
        PutResult after = store.putMessage(message("TopicA", 0, "after".getBytes(), props()));
        assertThat(after.queueOffset()).isEqualTo(byQueue.get("TopicA/0").size());
    }

    private void assertQueuesHold(Map<String, List<Sent>> byQueue) {
        for (Map.Entry<String, List<Sent>> e : byQueue.entrySet()) {
            List<Sent> sent = e.getValue();
            List<DecodedMessage> read = readQueue(store, sent.get(0).topic(), sent.get(0).queueId());
            assertThat(read).hasSameSizeAs(sent);
            for (int i = 0; i < sent.size(); i++) {
                DecodedMessage m = read.get(i);
                assertThat(m.queueOffset()).isEqualTo(i);
                assertThat(m.topic()).isEqualTo(sent.get(i).topic());
                assertThat(m.queueId()).isEqualTo(sent.get(i).queueId());
                assertThat(m.body()).isEqualTo(sent.get(i).body());
                assertThat(m.property("KEYS")).isEqualTo(sent.get(i).key());
            }
        }
    }

    /**
     * A burst fast enough for the dispatcher to wait by spinning, then silence, then one append: the dispatcher
     * must have gone back to parking with its wake-up flag set, or the lone record would never be dispatched.
     */
    @Test
    void aLoneAppendAfterAFastBurstIsStillDispatched() throws Exception {
        open(smallConfig(dir).setMappedFileSizeCommitLog(64 << 20), null);
        byte[] body = new byte[1024];
        int burst = 50_000;
        for (int i = 0; i < burst; i++) {
            assertThat(store.putMessage(message("Burst", i % 2, body, props())).status()).isEqualTo(PutStatus.PUT_OK);
        }
        awaitDispatched(store);
        Thread.sleep(50);
        assertThat(store.putMessage(message("Burst", 0, "last".getBytes(), props())).status()).isEqualTo(PutStatus.PUT_OK);
        awaitDispatched(store);
        List<DecodedMessage> queue0 = readQueue(store, "Burst", 0);
        assertThat(queue0).hasSize(burst / 2 + 1);
        assertThat(new String(queue0.get(burst / 2).body())).isEqualTo("last");
        assertThat(readQueue(store, "Burst", 1)).hasSize(burst / 2);
    }

    /**
     * In a fast stream the dispatcher pauses between looks and appenders no longer wake it (see
     * CommitLogDispatcher#inFastStream), so a record appended during such a pause must still be dispatched when the
     * pause ends, with nobody waking it. A cold JVM's dispatcher may not reach the threshold of 100 MB/s, so the
     * test lowers it to 1 MB/s for this store. The lone record comes 0.3 ms after the dispatcher caught up with the
     * stream, inside its first pause (found to fail when the pause has no end).
     */
    @Test
    void aRecordAppendedWhileTheDispatcherPausesInAFastStreamIsDispatched() throws Exception {
        open(smallConfig(dir).setMappedFileSizeCommitLog(32 << 20), null);
        store.countStreamsAsFastFrom(1_000);
        byte[] body = new byte[1024];
        int appends = 2_000;
        int batchSize = 32;
        for (int i = 0; i < appends; i++) {
            List<MessageToAppend> batch = new ArrayList<>();
            for (int k = 0; k < batchSize; k++) {
                batch.add(message("Fast", i % 4, body, props()));
            }
            assertThat(store.putMessages(batch).status()).isEqualTo(PutStatus.PUT_OK);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (store.dispatchedOffset() < store.commitLogMaxOffset() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        LockSupport.parkNanos(300_000);
        assertThat(store.putMessage(message("Fast", 0, "last".getBytes(), props())).status()).isEqualTo(PutStatus.PUT_OK);
        awaitDispatched(store);
        long perQueue = (long) appends / 4 * batchSize;
        assertThat(store.maxOffsetInQueue("Fast", 0)).isEqualTo(perQueue + 1);
        for (int q = 1; q < 4; q++) {
            assertThat(store.maxOffsetInQueue("Fast", q)).isEqualTo(perQueue);
        }
        try (GetResult last = store.getMessages("Fast", 0, perQueue, 32, 64 * 1024)) {
            assertThat(last.status()).isEqualTo(GetStatus.FOUND);
            assertThat(last.records()).hasSize(1);
            assertThat(new String(MessageRecord.decode(last.records().get(0).buffer(), 0).body())).isEqualTo("last");
        }
    }

    @Test
    void aBatchGetsConsecutiveOffsetsInOneFile() throws Exception {
        open(smallConfig(dir), null);
        store.putMessage(message("T", 0, new byte[100], props()));
        List<MessageToAppend> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(message("T", 0, ("m" + i).getBytes(), props()));
        }
        PutResult r = store.putMessages(batch);
        assertThat(r.status()).isEqualTo(PutStatus.PUT_OK);
        assertThat(r.messageCount()).isEqualTo(20);
        assertThat(r.queueOffset()).isEqualTo(1);
        awaitDispatched(store);
        List<DecodedMessage> read = readQueue(store, "T", 0);
        assertThat(read).hasSize(21);
        for (int i = 0; i < 20; i++) {
            assertThat(new String(read.get(i + 1).body())).isEqualTo("m" + i);
            assertThat(read.get(i + 1).physicalOffset()).isEqualTo(
                    i == 0 ? r.wroteOffset() : read.get(i).physicalOffset() + read.get(i).totalSize());
        }
        PutResult mixed = store.putMessages(List.of(message("T", 0, new byte[1], props()),
                message("T", 1, new byte[1], props())));
        assertThat(mixed.status()).isEqualTo(PutStatus.MESSAGE_ILLEGAL);
    }

    @Test
    void readsRespectCountBytesAndFilterAndReportOffsetStates() throws Exception {
        open(smallConfig(dir), null);
        for (int i = 0; i < 10; i++) {
            store.putMessage(message("T", 0, new byte[1000], props("TAGS", i % 2 == 0 ? "even" : "odd")));
        }
        awaitDispatched(store);
        try (GetResult r = store.getMessages("T", 0, 0, 4, 1 << 20)) {
            assertThat(r.status()).isEqualTo(GetStatus.FOUND);
            assertThat(r.messageCount()).isEqualTo(4);
            assertThat(r.nextBeginOffset()).isEqualTo(4);
        }
        try (GetResult r = store.getMessages("T", 0, 0, 32, 2500)) {
            assertThat(r.messageCount()).isEqualTo(2);
            assertThat(r.nextBeginOffset()).isEqualTo(2);
        }
        long oddCode = "odd".hashCode();
        try (GetResult r = store.getMessages("T", 0, 0, 32, 1 << 20, tags -> tags == oddCode)) {
            assertThat(r.messageCount()).isEqualTo(5);
            assertThat(r.records()).allSatisfy(b ->
                    assertThat(MessageRecord.decode(b.buffer(), 0).property("TAGS")).isEqualTo("odd"));
            assertThat(r.nextBeginOffset()).isEqualTo(10);
        }
        try (GetResult r = store.getMessages("T", 0, 9, 32, 1 << 20, tags -> tags == oddCode + 1)) {
            assertThat(r.status()).isEqualTo(GetStatus.NO_MATCHED_MESSAGE);
            assertThat(r.nextBeginOffset()).isEqualTo(10);
        }
        assertThat(store.getMessages("T", 0, 10, 1, 100).status()).isEqualTo(GetStatus.OFFSET_OVERFLOW_ONE);
        assertThat(store.getMessages("T", 0, 50, 1, 100).status()).isEqualTo(GetStatus.OFFSET_OVERFLOW_BADLY);
        assertThat(store.getMessages("T", 7, 0, 1, 100).status()).isEqualTo(GetStatus.NO_MATCHED_LOGIC_QUEUE);
        assertThat(store.minOffsetInQueue("T", 0)).isZero();
        assertThat(store.maxOffsetInQueue("T", 0)).isEqualTo(10);
    }

    @Test
    void findsMessagesByKeyUniqueKeyCommitLogOffsetAndTimestamp() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
        open(smallConfig(dir), clock);
        List<PutResult> results = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            clock.advance(Duration.ofSeconds(1));
            results.add(store.putMessage(message("Orders", i % 4, ("order-" + i).getBytes(),
                    props("KEYS", "order-" + i + " customer-" + (i % 7), "UNIQ_KEY", "UNIQ" + i))));
        }
        awaitDispatched(store);
        long begin = 0;
        long end = Long.MAX_VALUE;
        try (QueryResult q = store.queryMessages("Orders", "order-123", 10, begin, end)) {
            assertThat(q.records()).hasSize(1);
            assertThat(new String(MessageRecord.decode(q.records().get(0).buffer(), 0).body())).isEqualTo("order-123");
        }
        try (QueryResult q = store.queryMessages("Orders", "customer-3", 100, begin, end)) {
            assertThat(q.records()).hasSize(43);
        }
        try (QueryResult q = store.queryMessages("Orders", "UNIQ77", 10, begin, end)) {
            assertThat(q.records()).hasSize(1);
        }
        try (QueryResult q = store.queryMessages("Other", "order-123", 10, begin, end)) {
            assertThat(q.records()).isEmpty();
        }
        long at = results.get(200).wroteOffset();
        String msgId = MessageIds.offsetMessageId(StoreTestSupport.HOST, at);
        try (SelectedBuffer b = store.lookupMessage(MessageIds.commitLogOffsetOf(msgId))) {
            assertThat(new String(MessageRecord.decode(b.buffer(), 0).body(), StandardCharsets.UTF_8)).isEqualTo("order-200");
        }
        assertThat(store.lookupMessage(at + 1)).isNull();
        // Message i of queue q=i%4 was stored at start + (i+1) s and has queue offset i/4.
        long start = Instant.parse("2026-11-21T10:00:00Z").toEpochMilli();
        assertThat(store.offsetByTimestamp("Orders", 1, start + 101_000)).isEqualTo(25);
        assertThat(store.offsetByTimestamp("Orders", 1, start + 100_500)).isEqualTo(25);
        assertThat(store.offsetByTimestamp("Orders", 1, 0)).isZero();
        assertThat(store.offsetByTimestamp("Orders", 1, Long.MAX_VALUE)).isEqualTo(75);
    }

    @Test
    void refusesWhatCannotBeStoredAndKeepsWorking() throws Exception {
        open(smallConfig(dir), null);
        PutResult big = store.putMessage(message("T", 0, new byte[16 * 1024 + 1], props()));
        assertThat(big.status()).isEqualTo(PutStatus.MESSAGE_ILLEGAL);
        assertThat(big.detail()).contains("maxMessageSize");
        PutResult badTopic = store.putMessage(message("../etc", 0, new byte[1], props()));
        assertThat(badTopic.status()).isEqualTo(PutStatus.MESSAGE_ILLEGAL);
        assertThat(badTopic.detail()).contains("'.'");
        assertThat(store.commitLogMaxOffset()).isZero();
        assertThat(store.putMessage(message("T", 0, new byte[1], props())).status()).isEqualTo(PutStatus.PUT_OK);
    }

    @Test
    void syncFlushAcknowledgesOnlyForcedBytesAndSharesForcesAcrossWriters() throws Exception {
        open(smallConfig(dir).setFlushDiskType(FlushDiskType.SYNC_FLUSH), null);
        int threads = 8;
        List<Thread> writers = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < threads; t++) {
            int queueId = t;
            Thread w = new Thread(() -> {
                for (int i = 0; i < 100; i++) {
                    PutResult r = store.putMessage(message("S", queueId, new byte[512], props()));
                    if (r.status() != PutStatus.PUT_OK || store.commitLogFlushedOffset() < r.nextOffset()) {
                        failures.add(new AssertionError("acknowledged before forced: " + r));
                    }
                }
            });
            writers.add(w);
            w.start();
        }
        for (Thread w : writers) {
            w.join();
        }
        assertThat(failures).isEmpty();
        assertThat(store.commitLogFlushedOffset()).isEqualTo(store.commitLogMaxOffset());
    }

    @Test
    void aForceSlowerThanSyncFlushTimeoutIsReportedButTheRecordIsKept() throws Exception {
        CountDownLatch forceMayRun = new CountDownLatch(1);
        // 1 s: far longer than any real force, so only the held one times out; the hold itself is bounded
        // so that a failed assertion cannot leave shutdown waiting forever.
        store = new MessageStore(smallConfig(dir).setFlushDiskType(FlushDiskType.SYNC_FLUSH).setSyncFlushTimeout(1000));
        store.beforeEverySyncForce(() -> {
            try {
                forceMayRun.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        store.start();

        PutResult held = store.putMessage(message("Slow", 0, new byte[4096], props()));
        assertThat(held.isAppended()).isTrue();
        assertThat(held.status()).isEqualTo(PutStatus.FLUSH_DISK_TIMEOUT);
        assertThat(held.detail()).contains("syncFlushTimeout");

        forceMayRun.countDown();
        PutResult next = store.putMessage(message("Slow", 0, new byte[4096], props()));
        assertThat(next.status()).isEqualTo(PutStatus.PUT_OK);
        awaitDispatched(store);
        assertThat(readQueue(store, "Slow", 0)).hasSize(2);
    }
    @Test
    void appendsArrivingWhileAForceHangsTimeOutWithoutWaitingForIt() throws Exception {
        CountDownLatch forceStarted = new CountDownLatch(1);
        CountDownLatch forceMayRun = new CountDownLatch(1);
        store = new MessageStore(smallConfig(dir).setFlushDiskType(FlushDiskType.SYNC_FLUSH).setSyncFlushTimeout(500));
        store.beforeEverySyncForce(() -> {
            forceStarted.countDown();
            try {
                forceMayRun.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        store.start();

        CompletableFuture<PutResult> inTheHungForce = store.putMessageAsync(message("Hang", 0, new byte[100], props()));
        assertThat(forceStarted.await(10, TimeUnit.SECONDS)).isTrue();
        // Registered while the flusher is stuck: no force will start for these until the hung one returns.
        List<CompletableFuture<PutResult>> behindIt = List.of(store.putMessageAsync(message("Hang", 0, new byte[100], props())),
                store.putMessageAsync(message("Hang", 1, new byte[100], props())));

        assertThat(inTheHungForce.get(20, TimeUnit.SECONDS).status()).isEqualTo(PutStatus.FLUSH_DISK_TIMEOUT);
        // Each get is bounded below the 30 s hold: an expiry that waited for the force would fail it.
        for (CompletableFuture<PutResult> f : behindIt) {
            PutResult r = f.get(20, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(PutStatus.FLUSH_DISK_TIMEOUT);
            assertThat(r.detail()).contains("FMQ-STORE-113");
        }

        forceMayRun.countDown();
        assertThat(store.putMessage(message("Hang", 0, new byte[100], props())).status()).isEqualTo(PutStatus.PUT_OK);
        awaitDispatched(store);
        assertThat(readQueue(store, "Hang", 0)).hasSize(3);
        assertThat(readQueue(store, "Hang", 1)).hasSize(1);
    }
    @Test
    void aLoneAppendIsCompletedByTheFlusherAndALargerBatchByTheAcknowledger() throws Exception {
        Semaphore forcesStarted = new Semaphore(0);
        AtomicReference<CountDownLatch> forceMayRun = new AtomicReference<>(new CountDownLatch(1));
        store = new MessageStore(smallConfig(dir).setFlushDiskType(FlushDiskType.SYNC_FLUSH));
        store.beforeEverySyncForce(() -> {
            // The latch is taken before the release: the test replaces it as soon as it sees the release, and a
            // force that took the replacement would wait 30 s while its request timed out.
            CountDownLatch mayRun = forceMayRun.get();
            forcesStarted.release();
            try {
                mayRun.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        store.start();

        // Each force is held until the completion's thread is being watched, so no completion can slip past.
        CompletableFuture<PutResult> lone = store.putMessageAsync(message("B", 0, new byte[100], props()));
        assertThat(forcesStarted.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> loneCompleter = lone.thenApply(r -> Thread.currentThread().getName());
        forceMayRun.getAndSet(new CountDownLatch(1)).countDown();
        assertThat(loneCompleter.get(10, TimeUnit.SECONDS)).isEqualTo("ferrymq-group-commit");
        assertThat(lone.get().status()).isEqualTo(PutStatus.PUT_OK);

        List<CompletableFuture<String>> batchCompleters = new ArrayList<>();
        batchCompleters.add(store.putMessageAsync(message("B", 0, new byte[100], props()))
                .thenApply(r -> Thread.currentThread().getName()));
        assertThat(forcesStarted.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        // Eleven in one force: more than the flusher completes itself.
        for (int i = 0; i < 10; i++) {
            batchCompleters.add(store.putMessageAsync(message("B", 0, new byte[100], props()))
                    .thenApply(r -> Thread.currentThread().getName()));
        }
        forceMayRun.get().countDown();
        for (CompletableFuture<String> completer : batchCompleters) {
            assertThat(completer.get(10, TimeUnit.SECONDS)).isEqualTo("ferrymq-group-commit-ack");
        }
    }
}

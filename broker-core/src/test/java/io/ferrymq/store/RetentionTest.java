package io.ferrymq.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static io.ferrymq.store.StoreTestSupport.awaitDispatched;
import static io.ferrymq.store.StoreTestSupport.message;
import static io.ferrymq.store.StoreTestSupport.props;
import static io.ferrymq.store.StoreTestSupport.readQueue;
import static io.ferrymq.store.StoreTestSupport.smallConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention by age at {@code deleteWhen}, early under disk pressure, and refusal of appends when the
 * disk is full. Time moves through an injected clock; disk usage is the real usage of the temp dir's
 * disk, compared with thresholds set below or above it.
 */
class RetentionTest {
    private static final Instant START = Instant.parse("2026-11-21T10:00:00Z");

    @TempDir
    Path dir;
    private MessageStore store;
    private final MutableClock clock = new MutableClock(START);

    @AfterEach
    void tearDown() {
        if (store != null) {
            store.shutdown();
        }
    }

    /** Starts a store and writes about six 64 KiB files of 2 KiB messages, one per simulated minute. */
    private void fill(StoreConfig config) throws Exception {
        store = new MessageStore(config.setCleanResourceInterval(3_600_000), clock);
        store.start();
        for (int i = 0; i < 180; i++) {
            clock.advance(Duration.ofMinutes(1));
            PutResult r = store.putMessage(message("Old", i % 2, new byte[2000], props("KEYS", "k" + i)));
            assertThat(r.status()).isEqualTo(PutStatus.PUT_OK);
        }
        awaitDispatched(store);
        assertThat(store.commitLogFileCount()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void deletesFilesOlderThanFileReservedTimeOnlyAtDeleteWhen() throws Exception {
        fill(smallConfig(dir).setDeleteWhen("04").setFileReservedTime(72));
        int files = store.commitLogFileCount();

        clock.set(Instant.parse("2026-11-22T04:30:00Z"));
        assertThat(store.runRetention()).as("at 04:00 but nothing is 72 h old yet").isZero();

        clock.set(Instant.parse("2026-11-25T11:00:00Z"));
        assertThat(store.runRetention()).as("old enough, but 11:00 is not deleteWhen").isZero();

        clock.set(Instant.parse("2026-11-25T04:10:00Z"));
        assertThat(store.runRetention()).isEqualTo(files - 1);
        assertThat(store.commitLogFileCount()).isEqualTo(1);
        long newMin = store.commitLogMinOffset();
        assertThat(newMin).isPositive();

        // Consume queues and the index forget what the deleted files held; the rest still reads whole.
        long minOffset = store.minOffsetInQueue("Old", 0);
        assertThat(minOffset).isPositive();
        try (GetResult r = store.getMessages("Old", 0, 0, 10, 1 << 20)) {
            assertThat(r.status()).isEqualTo(GetStatus.OFFSET_TOO_SMALL);
            assertThat(r.nextBeginOffset()).isEqualTo(minOffset);
        }
        assertThat(readQueue(store, "Old", 0)).isNotEmpty().allSatisfy(m ->
                assertThat(m.physicalOffset()).isGreaterThanOrEqualTo(newMin));
        try (QueryResult q = store.queryMessages("Old", "k0", 10, 0, Long.MAX_VALUE)) {
            assertThat(q.records()).isEmpty();
        }
        try (QueryResult q = store.queryMessages("Old", "k179", 10, 0, Long.MAX_VALUE)) {
            assertThat(q.records()).hasSize(1);
        }
        // The log goes on from where it was.
        assertThat(store.putMessage(message("Old", 0, new byte[10], props())).wroteOffset())
                .isGreaterThanOrEqualTo(newMin);
    }

    @Test
    void deletesExpiredFilesEarlyWhenDiskUsagePassesTheRatio() throws Exception {
        // The real disk is certainly more than 0.01 % used: that counts as pressure.
        fill(smallConfig(dir).setDeleteWhen("04").setDiskMaxUsedSpaceRatio(0.0001));
        clock.set(Instant.parse("2026-11-25T11:00:00Z"));
        assertThat(store.runRetention()).isPositive();
        assertThat(store.commitLogFileCount()).isEqualTo(1);
    }

    @Test
    void deletesUnexpiredFilesWhenTheDiskIsAlmostFull() throws Exception {
        fill(smallConfig(dir).setDeleteWhen("04").setDiskSpaceCleanForciblyRatio(0.0001)
                .setDeleteCommitLogFilesBatchMax(2));
        int files = store.commitLogFileCount();
        assertThat(store.runRetention()).as("batch max bounds one pass").isEqualTo(2);
        assertThat(store.commitLogFileCount()).isEqualTo(files - 2);
    }

    @Test
    void refusesAppendsWithAClearStatusWhenTheDiskIsFull() throws Exception {
        store = new MessageStore(smallConfig(dir).setDiskSpaceWarningLevelRatio(0.0001), clock);
        store.start();
        PutResult r = store.putMessage(message("T", 0, new byte[100], props()));
        assertThat(r.status()).isEqualTo(PutStatus.DISK_FULL);
        assertThat(r.detail()).contains("diskSpaceWarningLevelRatio");
        assertThat(store.commitLogMaxOffset()).isZero();
        assertThat(store.commitLogFileCount()).isZero();
    }

    @Test
    void aConfigKeyWithABadValueIsRejectedClearly() {
        StoreConfig config = smallConfig(dir).setDeleteWhen("4am");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MessageStore(config))
                .hasMessageContaining("deleteWhen");
    }
}

package io.ferrymq.store;

import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.DeliveryConst;
import io.ferrymq.common.message.MessageConst;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
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
 * Dead letters live exactly dlqRetentionHours: hidden from pulls, lookups and queries once expired even
 * though their CommitLog file is still there, and kept (copied forward) when the CommitLog's own retention
 * deletes their file earlier.
 */
class DeadLetterRetentionTest {
    private static final Instant START = Instant.parse("2026-11-21T10:00:00Z");
    private static final String DLQ = DeliveryConst.dlqTopic("CG");

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

    private PutResult deadLetter(String body) {
        return store.putMessage(message(DLQ, 0, body.getBytes(StandardCharsets.UTF_8),
                props(MessageConst.PROPERTY_KEYS, body, DeliveryConst.PROPERTY_DEAD_AT_MS, Long.toString(clock.millis()))));
    }

    @Test
    void deadLettersExpireAfterDlqRetentionHoursEvenWhileTheirFileRemains() throws Exception {
        store = new MessageStore(smallConfig(dir).setDlqRetentionHours(72).setFileReservedTime(240)
                .setCleanResourceInterval(3_600_000), clock);
        store.start();
        PutResult first = deadLetter("first");
        clock.advance(Duration.ofHours(10));
        deadLetter("second");
        awaitDispatched(store);
        assertThat(readQueue(store, DLQ, 0)).hasSize(2);

        clock.advance(Duration.ofHours(62).minusMillis(1));
        assertThat(readQueue(store, DLQ, 0)).as("71:59:59.999 after death").hasSize(2);
        clock.advance(Duration.ofMillis(1));
        assertThat(readQueue(store, DLQ, 0)).extracting(m -> new String(m.body(), StandardCharsets.UTF_8))
                .containsExactly("second");
        assertThat(store.lookupMessage(first.wroteOffset())).as("view by id").isNull();
        assertThat(store.queryMessages(DLQ, "first", 10, 0, Long.MAX_VALUE).records()).isEmpty();
        assertThat(store.queryMessages(DLQ, "second", 10, 0, Long.MAX_VALUE).records()).hasSize(1);

        clock.advance(Duration.ofHours(10));
        assertThat(readQueue(store, DLQ, 0)).isEmpty();
    }

    @Test
    void unexpiredDeadLettersOutliveTheirCommitLogFile() throws Exception {
        store = new MessageStore(smallConfig(dir).setDlqRetentionHours(72).setFileReservedTime(1).setDeleteWhen("04;10;11;12;13;14;15;16;17;18;19;20;21;22;23;00;01;02;03;05;06;07;08;09")
                .setCleanResourceInterval(3_600_000), clock);
        store.start();
        deadLetter("letter");
        for (int i = 0; i < 100; i++) {
            assertThat(store.putMessage(message("Busy", 0, new byte[2000], props())).status()).isEqualTo(PutStatus.PUT_OK);
        }
        awaitDispatched(store);
        long firstFileEnd = smallConfig(dir).getMappedFileSizeCommitLog();
        clock.advance(Duration.ofHours(2));
        assertThat(store.runRetention()).as("commit log files past fileReservedTime deleted").isPositive();
        assertThat(store.commitLogMinOffset()).isGreaterThanOrEqualTo(firstFileEnd);
        awaitDispatched(store);

        DecodedMessage kept = readQueue(store, DLQ, 0).get(0);
        assertThat(new String(kept.body(), StandardCharsets.UTF_8)).isEqualTo("letter");
        assertThat(kept.property(DeliveryConst.PROPERTY_DEAD_AT_MS)).as("death time kept, so expiry does not move")
                .isEqualTo(Long.toString(START.toEpochMilli()));

        clock.advance(Duration.ofHours(70));
        assertThat(readQueue(store, DLQ, 0)).as("72 h after death").isEmpty();
    }
}

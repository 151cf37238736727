package io.ferrymq.broker.client;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class QueueLockTableTest {
    private static final QueueLockTable.Queue Q0 = new QueueLockTable.Queue("T", "broker-a", 0);
    private static final QueueLockTable.Queue Q1 = new QueueLockTable.Queue("T", "broker-a", 1);

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AtomicLong maxLive = new AtomicLong(60_000);
    private final QueueLockTable table = new QueueLockTable(new HandClock(now), maxLive::get);

    @Test
    void aQueueHasOneHolderUntilItIsReleased() {
        assertThat(table.tryLock("G", "c1", List.of(Q0, Q1))).containsExactly(Q0, Q1);
        assertThat(table.tryLock("G", "c2", List.of(Q0, Q1))).isEmpty();
        assertThat(table.holder("G", Q0)).isEqualTo("c1");

        table.unlock("G", "c2", List.of(Q0));
        assertThat(table.holder("G", Q0)).as("only the holder releases").isEqualTo("c1");
        table.unlock("G", "c1", List.of(Q0));
        assertThat(table.tryLock("G", "c2", List.of(Q0, Q1))).containsExactly(Q0);
    }

    @Test
    void groupsLockIndependently() {
        assertThat(table.tryLock("G1", "c1", List.of(Q0))).containsExactly(Q0);
        assertThat(table.tryLock("G2", "c2", List.of(Q0))).containsExactly(Q0);
    }

    @Test
    void aLockExpiresUnlessRenewedAndRenewalKeepsItAlive() {
        table.tryLock("G", "c1", List.of(Q0, Q1));
        now.addAndGet(40_000);
        assertThat(table.tryLock("G", "c1", List.of(Q0))).as("renews Q0 only").containsExactly(Q0);
        now.addAndGet(40_000);
        assertThat(table.holder("G", Q1)).as("80 s since Q1 was renewed").isNull();
        assertThat(table.tryLock("G", "c2", List.of(Q0, Q1))).containsExactly(Q1);
        assertThat(table.holder("G", Q0)).isEqualTo("c1");

        now.addAndGet(20_000);
        assertThat(table.holder("G", Q0)).as("60 s since renewal: exactly at the limit it still holds").isEqualTo("c1");
        now.incrementAndGet();
        assertThat(table.tryLock("G", "c2", List.of(Q0))).containsExactly(Q0);
    }

    @Test
    void theLifetimeIsReadOnEveryDecision() {
        table.tryLock("G", "c1", List.of(Q0));
        now.addAndGet(5_000);
        assertThat(table.tryLock("G", "c2", List.of(Q0))).isEmpty();
        maxLive.set(2_000);
        assertThat(table.tryLock("G", "c2", List.of(Q0))).containsExactly(Q0);
    }

    @Test
    void pruningForgetsOnlyExpiredLocks() {
        table.tryLock("G1", "c1", List.of(Q0));
        now.addAndGet(50_000);
        table.tryLock("G2", "c2", List.of(Q0, Q1));
        now.addAndGet(20_000);
        assertThat(table.pruneExpired()).isEqualTo(1);
        assertThat(table.holder("G2", Q1)).isEqualTo("c2");
        assertThat(table.tryLock("G1", "c3", List.of(Q0))).containsExactly(Q0);
    }

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        private final AtomicLong millis;

        HandClock(AtomicLong millis) {
            this.millis = millis;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }
}

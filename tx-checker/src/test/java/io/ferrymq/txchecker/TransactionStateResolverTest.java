package io.ferrymq.txchecker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker's answers against a real H2 file database, with the grace period driven by a hand-moved clock. */
class TransactionStateResolverTest {
    private static final Duration GRACE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(1_700_000_000_000L);
    private TxChecker checker;
    private TransactionLog log;
    private DataSource ds;

    @BeforeEach
    void start() throws SQLException {
        checker = TxChecker.start(config(), clock);
        log = checker.transactionLog();
        ds = checker.dataSource();
        BusinessTable.create(ds);
    }

    @AfterEach
    void stop() {
        checker.close();
    }

    private TxCheckerConfig config() {
        return new TxCheckerConfig()
                .setJdbcUrl("jdbc:h2:file:" + dir.resolve("txlog").toAbsolutePath())
                .setGraceMillis(GRACE.toMillis())
                .setMaxPoolSize(3)
                // Generous: opening the H2 file takes over a second on a loaded CI machine.
                .setConnectionTimeoutMillis(5_000)
                .setPurgeIntervalMinutes(0);
    }

    /** Half message sent now; the local transaction runs afterwards. */
    private long halfMessageSentNow() {
        return clock.millis();
    }

    @Test
    void committedRowAnswersCommit() throws SQLException {
        long half = halfMessageSentNow();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            BusinessTable.insertOrder(c, "order-1");
            log.record(c, "tx-commit", "group-a", "order-1");
            c.commit();
        }
        assertThat(checker.check("tx-commit", half, "group-a")).isEqualTo(CheckOutcome.COMMIT);
        clock.advance(GRACE.multipliedBy(10));
        assertThat(checker.check("tx-commit", half, "group-a")).isEqualTo(CheckOutcome.COMMIT);
    }

    @Test
    void rolledBackBusinessTransactionIsUnknownWithinGraceThenRollback() throws SQLException {
        long half = halfMessageSentNow();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            BusinessTable.insertOrder(c, "order-2");
            log.record(c, "tx-rolled-back");
            c.rollback();
        }
        assertThat(checker.check("tx-rolled-back", half, null)).isEqualTo(CheckOutcome.UNKNOWN);
        clock.advance(GRACE.minusMillis(1));
        assertThat(checker.check("tx-rolled-back", half, null)).isEqualTo(CheckOutcome.UNKNOWN);
        clock.advance(Duration.ofMillis(1));
        assertThat(checker.check("tx-rolled-back", half, null)).isEqualTo(CheckOutcome.ROLLBACK);
        assertThat(checker.check("tx-rolled-back", half, null)).isEqualTo(CheckOutcome.ROLLBACK);
        assertThat(BusinessTable.orderExists(ds, "order-2")).isFalse();
    }

    @Test
    void aLocalTransactionRecordingAfterTheCheckerRolledBackMustFail() throws SQLException {
        long half = halfMessageSentNow();
        clock.advance(GRACE.plusSeconds(1));
        assertThat(checker.check("tx-slow", half, "group-a")).isEqualTo(CheckOutcome.ROLLBACK);

        // The slow local transaction finally gets to record: the checker's mark wins, the business change goes.
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            BusinessTable.insertOrder(c, "order-slow");
            assertThatThrownBy(() -> log.record(c, "tx-slow"))
                    .isInstanceOf(TransactionAlreadyResolvedException.class)
                    .hasMessageContaining("FMQ-TXC-030")
                    .hasMessageContaining("rolled back by the checker");
            c.rollback();
        }
        assertThat(BusinessTable.orderExists(ds, "order-slow")).isFalse();
        assertThat(checker.check("tx-slow", half, "group-a")).isEqualTo(CheckOutcome.ROLLBACK);
    }

    @Test
    void recordFailureAnswersRollbackAtOnceAndIsIdempotent() throws SQLException {
        long half = halfMessageSentNow();
        assertThat(log.recordFailure("tx-failed", "stock exhausted")).isEqualTo(CheckOutcome.ROLLBACK);
        assertThat(log.recordFailure("tx-failed", "stock exhausted")).isEqualTo(CheckOutcome.ROLLBACK);
        assertThat(checker.check("tx-failed", half, null)).isEqualTo(CheckOutcome.ROLLBACK);
    }

    @Test
    void recordFailureNeverOverridesACommit() throws SQLException {
        long half = halfMessageSentNow();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            log.record(c, "tx-ambiguous");
            c.commit();
        }
        // e.g. the commit went through but the app saw a broken connection and reports a failure
        assertThat(log.recordFailure("tx-ambiguous", "commit acknowledgement lost")).isEqualTo(CheckOutcome.COMMIT);
        assertThat(checker.check("tx-ambiguous", half, null)).isEqualTo(CheckOutcome.COMMIT);
    }

    @Test
    void rowOfAnOpenTransactionIsInvisibleSoTheAnswerIsUnknownEvenPastGrace() throws Exception {
        long half = halfMessageSentNow();
        try (Connection open = ds.getConnection()) {
            open.setAutoCommit(false);
            BusinessTable.insertOrder(open, "order-open");
            log.record(open, "tx-open");
            // The local transaction has written its row but not committed: the key race.
            assertThat(checker.check("tx-open", half, null)).isEqualTo(CheckOutcome.UNKNOWN);
            clock.advance(GRACE.plusSeconds(5));
            // Past grace the checker tries to write its rollback mark, waits on the open row's lock and gives up.
            CheckOutcome pastGrace = assertTimeoutPreemptively(Duration.ofSeconds(15),
                    () -> checker.check("tx-open", half, null));
            assertThat(pastGrace).isEqualTo(CheckOutcome.UNKNOWN);
            open.commit();
        }
        assertThat(checker.check("tx-open", half, null)).isEqualTo(CheckOutcome.COMMIT);
        assertThat(BusinessTable.orderExists(ds, "order-open")).isTrue();
    }

    @Test
    void inTransactionCommitsWorkAndRowTogether() throws SQLException {
        long half = halfMessageSentNow();
        int inserted = log.inTransaction(ds, "tx-helper", c -> BusinessTable.insertOrder(c, "order-helper"));
        assertThat(inserted).isEqualTo(1);
        assertThat(BusinessTable.orderExists(ds, "order-helper")).isTrue();
        assertThat(checker.check("tx-helper", half, null)).isEqualTo(CheckOutcome.COMMIT);
    }

    @Test
    void inTransactionRollsBackAndMarksTheFailure() throws SQLException {
        long half = halfMessageSentNow();
        assertThatThrownBy(() -> log.inTransaction(ds, "tx-helper-fails", c -> {
            BusinessTable.insertOrder(c, "order-helper-fails");
            throw new IllegalStateException("payment declined");
        })).isInstanceOf(IllegalStateException.class).hasMessage("payment declined");
        assertThat(BusinessTable.orderExists(ds, "order-helper-fails")).isFalse();
        // Within grace, yet ROLLBACK at once: the helper marked the failure.
        assertThat(checker.check("tx-helper-fails", half, null)).isEqualTo(CheckOutcome.ROLLBACK);
    }

    @Test
    void recordRefusesAnAutocommitConnection() throws SQLException {
        long half = halfMessageSentNow();
        try (Connection c = ds.getConnection()) {
            assertThatThrownBy(() -> log.record(c, "tx-autocommit"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("FMQ-TXC-033");
        }
        clock.advance(GRACE.plusSeconds(1));
        assertThat(checker.check("tx-autocommit", half, null)).isEqualTo(CheckOutcome.ROLLBACK);
    }

    @Test
    void withoutAHalfMessageTimestampAMissingRowStaysUnknown() {
        clock.advance(Duration.ofDays(2));
        assertThat(checker.check("tx-no-timestamp", 0, null)).isEqualTo(CheckOutcome.UNKNOWN);
    }

    @Test
    void unusableTransactionIdsAnswerUnknown() {
        long longAgo = clock.millis() - GRACE.toMillis() * 10;
        assertThat(checker.check(null, longAgo, null)).isEqualTo(CheckOutcome.UNKNOWN);
        assertThat(checker.check(" ", longAgo, null)).isEqualTo(CheckOutcome.UNKNOWN);
        assertThat(checker.check("x".repeat(129), longAgo, null)).isEqualTo(CheckOutcome.UNKNOWN);
    }

    @Test
    void poolExhaustionAnswersUnknownAfterTheConnectionTimeout() throws Exception {
        long half = halfMessageSentNow();
        log.inTransaction(ds, "tx-pool", c -> null);
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < checker.config().getMaxPoolSize(); i++) {
                held.add(ds.getConnection());
            }
            CheckOutcome starved = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> checker.check("tx-pool", half, null));
            assertThat(starved).isEqualTo(CheckOutcome.UNKNOWN);
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
        assertThat(checker.check("tx-pool", half, null)).isEqualTo(CheckOutcome.COMMIT);
    }

    @Test
    void purgeDeletesRowsPastTheRetentionOnly() throws SQLException {
        log.inTransaction(ds, "tx-old", c -> null);
        log.recordFailure("tx-old-failed", "test");
        clock.advance(Duration.ofDays(6));
        log.inTransaction(ds, "tx-recent", c -> null);
        clock.advance(Duration.ofDays(1).plusMinutes(1));

        assertThat(checker.retention().purgeExpired()).isEqualTo(2);
        assertThat(checker.retention().purgeExpired()).isZero();
        assertThat(checker.check("tx-recent", clock.millis() - Duration.ofDays(1).toMillis(), null))
                .isEqualTo(CheckOutcome.COMMIT);
        assertThat(BusinessTable.count(ds, "ferrymq_tx_log")).isEqualTo(1);
    }

    @Test
    void concurrentRecordsFromSeveralThreadsAllCommit() throws Exception {
        long half = halfMessageSentNow();
        int threads = 6;
        int perThread = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        String id = "tx-" + thread + "-" + i;
                        log.inTransaction(ds, id, c -> BusinessTable.insertOrder(c, "order-" + id));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(BusinessTable.count(ds, "ferrymq_tx_log")).isEqualTo(threads * perThread);
        assertThat(BusinessTable.count(ds, "orders")).isEqualTo(threads * perThread);
        clock.advance(GRACE.multipliedBy(2));
        for (int t = 0; t < threads; t++) {
            assertThat(checker.check("tx-" + t + "-" + (perThread - 1), half, null)).isEqualTo(CheckOutcome.COMMIT);
        }
    }

    @Test
    void schemaCreationIsIdempotentAcrossTwoCheckersOnOneDatabase() throws SQLException {
        long half = halfMessageSentNow();
        log.inTransaction(ds, "tx-first", c -> null);
        try (TxChecker second = TxChecker.start(config(), clock)) {
            assertThat(second.check("tx-first", half, null)).isEqualTo(CheckOutcome.COMMIT);
            second.transactionLog().inTransaction(second.dataSource(), "tx-second", c -> null);
        }
        assertThat(checker.check("tx-second", half, null)).isEqualTo(CheckOutcome.COMMIT);
    }

    @Test
    void aCustomTableNameIsUsed() throws SQLException {
        long half = halfMessageSentNow();
        try (TxChecker custom = TxChecker.start(config().setTableName("app_txlog"), clock)) {
            custom.transactionLog().inTransaction(custom.dataSource(), "tx-custom", c -> null);
            assertThat(BusinessTable.count(custom.dataSource(), "app_txlog")).isEqualTo(1);
            assertThat(custom.check("tx-custom", half, null)).isEqualTo(CheckOutcome.COMMIT);
        }
        // Not in the default table: this checker finds nothing and, within grace, does not guess.
        assertThat(checker.check("tx-custom", half, null)).isEqualTo(CheckOutcome.UNKNOWN);
    }

    @Test
    void afterCloseChecksAnswerUnknown() {
        long half = halfMessageSentNow();
        checker.close();
        checker.close();
        clock.advance(GRACE.multipliedBy(2));
        assertThat(checker.check("tx-closed", half, null)).isEqualTo(CheckOutcome.UNKNOWN);
    }
}

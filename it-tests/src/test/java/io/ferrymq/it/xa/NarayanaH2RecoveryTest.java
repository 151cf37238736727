package io.ferrymq.it.xa;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.transaction.xa.Xid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.ferrymq.it.xa.TwoH2BranchesProcess.LEDGER;
import static io.ferrymq.it.xa.TwoH2BranchesProcess.ORDERS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves the XA test harness on H2 alone: a Narayana transaction manager in a child JVM, killed with SIGKILL inside
 * two-phase commit by a {@link CrashPoint}, and a restarted Narayana (a second child JVM, same object store and node
 * identifier) completing what it left: two XA branches on two H2 databases served by this JVM. First, without a
 * transaction manager, that H2 keeps a branch prepared by a killed JVM in doubt, which everything else relies on.
 * The test JVM itself never configures Narayana, so other test classes in the same surefire JVM may.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NarayanaH2RecoveryTest {
    private static final Logger LOG = LoggerFactory.getLogger(NarayanaH2RecoveryTest.class);
    private static final Duration MARKER_TIMEOUT = Duration.ofSeconds(40);

    @TempDir
    static Path dir;
    private static H2Xa h2;

    @BeforeAll
    static void startDatabases() throws Exception {
        h2 = H2Xa.startServer(Files.createDirectories(dir.resolve("h2")));
        h2.execute(ORDERS, TwoH2BranchesProcess.CREATE_ORDERS);
        h2.execute(LEDGER, TwoH2BranchesProcess.CREATE_LEDGER);
    }

    @AfterAll
    static void stopDatabases() {
        if (h2 != null) {
            h2.close();
        }
    }

    /** H2 by itself: a branch prepared by a JVM that is then killed stays in doubt, and commits from elsewhere. */
    @Test
    void h2KeepsABranchPreparedByAKilledJvmInDoubt() throws Exception {
        try (TmProcess app = TmProcess.start(dir.resolve("h2-prepare.out"), TwoH2BranchesProcess.class,
                "h2-prepare", h2.baseUrl(), "raw-1")) {
            app.awaitLine("H2_PREPARED", MARKER_TIMEOUT);
            app.killHard();
        }
        List<Xid> inDoubt = h2.inDoubt(ORDERS);
        assertThat(inDoubt).hasSize(1);
        Xid xid = inDoubt.get(0);
        assertThat(xid.getFormatId()).isEqualTo(TwoH2BranchesProcess.RAW_FORMAT_ID);
        assertThat(xid.getGlobalTransactionId()).isEqualTo(TwoH2BranchesProcess.RAW_XID.getGlobalTransactionId());
        assertThat(xid.getBranchQualifier()).isEqualTo(TwoH2BranchesProcess.RAW_XID.getBranchQualifier());
        assertThat(rows(ORDERS, "raw-1")).as("not committed yet").isZero();

        h2.freshXAResource(ORDERS).commit(xid, false);
        assertThat(rows(ORDERS, "raw-1")).isEqualTo(1);
        assertThat(h2.inDoubt(ORDERS)).isEmpty();
    }

    @Test
    void killedInCommitAfterPrepareTheRestartedTransactionManagerCommitsBothBranchesOnce() throws Exception {
        Path store = dir.resolve("store-commit");
        try (TmProcess app = startTm(store, "order-A", CrashPoint.Mode.CRASH_IN_COMMIT)) {
            app.awaitLine(CrashPoint.MARKER + " commit", MARKER_TIMEOUT);
            // The crash point is committed first: both H2 branches are prepared, neither committed, the decision logged.
            assertThat(h2.inDoubt(ORDERS)).hasSize(1);
            assertThat(h2.inDoubt(LEDGER)).hasSize(1);
            assertThat(transactionLogFiles(store)).hasSize(1);
            app.killHard();
        }
        assertThat(rows(ORDERS, "order-A")).isZero();
        assertThat(rows(LEDGER, "order-A")).isZero();
        assertThat(h2.inDoubt(ORDERS)).as("still in doubt after the kill").hasSize(1);

        String recovered = recoverInChild(store);
        assertThat(recovered).contains("LOGS_BEFORE 1")
                // Read back from the log, not from a recovery helper (its recover() lists nothing).
                .contains(CrashPoint.RECOVERED_MARKER + " commit crash-point-order-A")
                .contains("crashPointCommits=1 crashPointRollbacks=0");
        assertThat(rows(ORDERS, "order-A")).isEqualTo(1);
        assertThat(rows(LEDGER, "order-A")).isEqualTo(1);
        assertThat(h2.inDoubt(ORDERS)).isEmpty();
        assertThat(h2.inDoubt(LEDGER)).isEmpty();
        assertThat(transactionLogFiles(store)).isEmpty();
    }

    @Test
    void killedInPrepareNothingIsCommittedAndRecoveryLeavesNothingBehind() throws Exception {
        Path store = dir.resolve("store-prepare");
        try (TmProcess app = startTm(store, "order-B", CrashPoint.Mode.CRASH_IN_PREPARE)) {
            app.awaitLine(CrashPoint.MARKER + " prepare", MARKER_TIMEOUT);
            // The crash point is prepared first: the H2 branches are not prepared yet and nothing is logged.
            assertThat(h2.inDoubt(ORDERS)).isEmpty();
            assertThat(h2.inDoubt(LEDGER)).isEmpty();
            assertThat(transactionLogFiles(store)).isEmpty();
            app.killHard();
        }

        String recovered = recoverInChild(store);
        assertThat(recovered).contains("LOGS_BEFORE 0").contains("crashPointCommits=0 crashPointRollbacks=0");
        assertThat(rows(ORDERS, "order-B")).isZero();
        assertThat(rows(LEDGER, "order-B")).isZero();
        assertThat(h2.inDoubt(ORDERS)).isEmpty();
        assertThat(h2.inDoubt(LEDGER)).isEmpty();
    }

    /**
     * The crash point enlisted last: both H2 branches are prepared when the JVM stops in prepare, but no decision was
     * logged. The restarted TM finds them through its recovery helpers, without a log they are orphans, and the node
     * identifier in their Xids is its own: it rolls them back.
     */
    @Test
    void killedInPrepareAfterTheH2BranchesWerePreparedRecoveryRollsBackTheOrphans() throws Exception {
        Path store = dir.resolve("store-orphans");
        try (TmProcess app = startTm(store, "order-D", CrashPoint.Mode.CRASH_IN_PREPARE, "last")) {
            app.awaitLine(CrashPoint.MARKER + " prepare", MARKER_TIMEOUT);
            assertThat(h2.inDoubt(ORDERS)).hasSize(1);
            assertThat(h2.inDoubt(LEDGER)).hasSize(1);
            assertThat(transactionLogFiles(store)).isEmpty();
            app.killHard();
        }

        String recovered = recoverInChild(store);
        assertThat(recovered).contains("LOGS_BEFORE 0").contains("crashPointCommits=0 crashPointRollbacks=0");
        assertThat(h2.inDoubt(ORDERS)).isEmpty();
        assertThat(h2.inDoubt(LEDGER)).isEmpty();
        assertThat(rows(ORDERS, "order-D")).isZero();
        assertThat(rows(LEDGER, "order-D")).isZero();
    }

    /** Without a crash point in the way, the child's transaction commits: the harness does not fail everything. */
    @Test
    void withoutACrashTheTransactionCommitsBothBranches() throws Exception {
        Path store = dir.resolve("store-none");
        try (TmProcess app = startTm(store, "order-C", CrashPoint.Mode.NONE)) {
            app.awaitLine("COMMITTED order-C", MARKER_TIMEOUT);
            assertThat(app.awaitExit(MARKER_TIMEOUT)).isZero();
        }
        assertThat(rows(ORDERS, "order-C")).isEqualTo(1);
        assertThat(rows(LEDGER, "order-C")).isEqualTo(1);
        assertThat(transactionLogFiles(store)).isEmpty();
    }

    private static TmProcess startTm(Path store, String id, CrashPoint.Mode mode) throws IOException {
        return startTm(store, id, mode, "first");
    }

    private static TmProcess startTm(Path store, String id, CrashPoint.Mode mode, String crashPointPosition)
            throws IOException {
        return TmProcess.start(dir.resolve("tm-" + id + ".out"), TwoH2BranchesProcess.class,
                "tm", store.toString(), h2.baseUrl(), id, mode.name(), crashPointPosition);
    }

    /** Runs recovery in a restarted transaction manager (a child JVM) over {@code store}; returns its output. */
    private static String recoverInChild(Path store) throws Exception {
        try (TmProcess recovery = TmProcess.start(dir.resolve("recover-" + store.getFileName() + ".out"),
                TwoH2BranchesProcess.class, "recover", store.toString(), h2.baseUrl())) {
            String line = recovery.awaitLine("RECOVERED", MARKER_TIMEOUT);
            assertThat(recovery.awaitExit(MARKER_TIMEOUT)).as(recovery.output()).isZero();
            LOG.info("recovery over {}: {}", store.getFileName(), line);
            return recovery.output();
        }
    }

    private static long rows(String table, String id) throws Exception {
        return h2.queryLong(table, "SELECT COUNT(*) FROM " + table + " WHERE id = ?", id);
    }

    /** The AtomicAction logs in {@code store}, as files: read without a transaction manager in this JVM. */
    private static List<Path> transactionLogFiles(Path store) throws IOException {
        if (!Files.exists(store)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(store)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.toString().contains("/BasicAction/TwoPhaseCoordinator/AtomicAction/"))
                    .toList();
        }
    }
}

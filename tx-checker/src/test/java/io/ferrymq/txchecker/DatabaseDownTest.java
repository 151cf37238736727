package io.ferrymq.txchecker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The database really goes away: an H2 TCP server on a loopback port is stopped and started again on the same
 * port. Checks must answer UNKNOWN (never ROLLBACK) while it is down, return within the connection timeout, and
 * answer from the log again once it is back.
 */
class DatabaseDownTest {
    private static final Duration GRACE = Duration.ofSeconds(60);
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(1_700_000_000_000L);
    private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    private Server server;
    private int port;
    private TxChecker checker;

    @BeforeEach
    void captureResolverLog() {
        warnings.start();
        ((Logger) LoggerFactory.getLogger(TransactionStateResolver.class)).addAppender(warnings);
    }

    @AfterEach
    void stopAll() {
        ((Logger) LoggerFactory.getLogger(TransactionStateResolver.class)).detachAppender(warnings);
        if (checker != null) {
            checker.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    private void startServer() throws SQLException {
        // -ifNotExists lets the first remote connection create the database in the temp dir.
        server = Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", dir.toString(),
                "-ifNotExists").start();
        port = server.getPort();
    }

    private TxChecker startChecker() {
        return TxChecker.start(new TxCheckerConfig()
                .setJdbcUrl("jdbc:h2:tcp://127.0.0.1:" + port + "/txlog")
                .setGraceMillis(GRACE.toMillis())
                .setMaxPoolSize(2)
                .setConnectionTimeoutMillis(3_000)
                .setPurgeIntervalMinutes(0), clock);
    }

    @Test
    void whileTheDatabaseIsDownChecksAnswerUnknownQuicklyAndRecoverWhenItIsBack() throws Exception {
        startServer();
        checker = startChecker();
        long half = clock.millis();
        checker.transactionLog().inTransaction(checker.dataSource(), "tx-committed", c -> null);
        assertThat(checker.check("tx-committed", half, "group-a")).isEqualTo(CheckOutcome.COMMIT);

        server.stop();
        // Far past grace: a checker that guessed on a missing row would now roll back.
        clock.advance(GRACE.multipliedBy(3));
        assertThat(checkWithinLimit("tx-committed", half)).isEqualTo(CheckOutcome.UNKNOWN);
        assertThat(checkWithinLimit("tx-never-recorded", half)).isEqualTo(CheckOutcome.UNKNOWN);
        assertThat(warnings.list).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).contains("FMQ-TXC-024", "tx-never-recorded", "group-a");
        });
        // The application side gets an exception it can act on, not a silent loss.
        assertThatThrownBy(() -> checker.transactionLog().recordFailure("tx-x", "test")).isInstanceOf(SQLException.class);

        startServer();
        assertThat(eventually(() -> checker.check("tx-committed", half, "group-a"), CheckOutcome.COMMIT))
                .isEqualTo(CheckOutcome.COMMIT);
        assertThat(checker.check("tx-never-recorded", half, "group-a")).isEqualTo(CheckOutcome.ROLLBACK);
    }

    @Test
    void theCheckerStartsWithTheDatabaseDownAndCreatesTheTableWhenItComesBack() throws Exception {
        startServer();
        server.stop(); // keeps a port known to be free a moment ago; nothing listens on it now

        checker = assertTimeoutPreemptively(Duration.ofSeconds(10), this::startChecker);
        long half = clock.millis();
        assertThat(checkWithinLimit("tx-1", half)).isEqualTo(CheckOutcome.UNKNOWN);

        startServer();
        eventually(() -> {
            checker.transactionLog().inTransaction(checker.dataSource(), "tx-1", c -> null);
            return true;
        }, true);
        assertThat(checker.check("tx-1", half, null)).isEqualTo(CheckOutcome.COMMIT);
    }

    private CheckOutcome checkWithinLimit(String transactionId, long half) {
        // Bounded by the 1 s connection timeout; the limit here only catches a hang, it measures nothing.
        return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> checker.check(transactionId, half, "group-a"));
    }

    /** Polls {@code action} until it returns {@code expected} (exceptions count as not yet), within the limit. */
    private static <T> T eventually(Callable<T> action, T expected) throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY_LIMIT.toNanos();
        T last = null;
        Exception lastError = null;
        while (System.nanoTime() < deadline) {
            try {
                last = action.call();
                if (expected.equals(last)) {
                    return last;
                }
            } catch (Exception e) {
                lastError = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not " + expected + " within " + RECOVERY_LIMIT + "; last " + last, lastError);
    }
}

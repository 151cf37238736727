package io.ferrymq.txchecker;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's side of the transaction log: records, inside the application's own local JDBC transaction,
 * that the transaction committed, and marks transactions known to have failed. Stateless apart from the table's
 * schema flag; safe to share between any number of threads.
 *
 * <p>Why it is safe: the row is inserted on the caller's connection, so it becomes visible exactly when the
 * business change commits, and vanishes with it on rollback. The table's primary key on the transaction id
 * makes the first writer win: once the checker has answered ROLLBACK it has written a failure mark, so a local
 * transaction that only records later fails with {@link TransactionAlreadyResolvedException} and must roll back;
 * once a transaction has committed its row, {@link #recordFailure} cannot turn it into a rollback.
 */
public final class TransactionLog {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionLog.class);

    private final TxLogTable table;
    private final Clock clock;

    /**
     * A log in {@code dataSource}, which must reach the same database as the business connections passed to
     * {@link #record}; used for creating the table and for {@link #recordFailure}.
     */
    public TransactionLog(DataSource dataSource, TxCheckerConfig config) {
        this(dataSource, config, Clock.systemUTC());
    }

    public TransactionLog(DataSource dataSource, TxCheckerConfig config, Clock clock) {
        this(new TxLogTable(dataSource, config), clock);
    }

    TransactionLog(TxLogTable table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    /**
     * Records that {@code transactionId} commits together with the caller's transaction: call it on the business
     * connection, before its commit. Equivalent to {@code record(c, transactionId, null, null)}.
     */
    public void record(Connection connection, String transactionId) throws SQLException {
        record(connection, transactionId, null, null);
    }

    /**
     * Records that {@code transactionId} commits together with the caller's transaction, on the caller's
     * connection (autocommit must be off, or the row would commit on its own). {@code producerGroup} and
     * {@code businessKey} are optional, kept for operators reading the table.
     *
     * @throws TransactionAlreadyResolvedException the id already has a row (resolved as rolled back, or recorded
     *     twice): roll the local transaction back
     * @throws IllegalStateException the connection is in autocommit mode
     */
    public void record(Connection connection, String transactionId, String producerGroup, String businessKey)
            throws SQLException {
        Objects.requireNonNull(connection, "connection");
        requireTransactionId(transactionId);
        requireLength("producerGroup", producerGroup, TxLogTable.MAX_GROUP_OR_KEY);
        requireLength("businessKey", businessKey, TxLogTable.MAX_GROUP_OR_KEY);
        if (connection.getAutoCommit()) {
            throw new IllegalStateException("FMQ-TXC-033 record() of transaction " + transactionId
                    + " needs the connection of the business transaction with autocommit off; in autocommit mode the"
                    + " row would commit on its own, whatever happens to the business change");
        }
        table.ensureSchema();
        try {
            table.insert(connection, transactionId, TxLogTable.COMMITTED, producerGroup, businessKey, null,
                    clock.millis());
        } catch (SQLException e) {
            if (TxLogTable.isDuplicateKey(e)) {
                throw new TransactionAlreadyResolvedException(transactionId, "FMQ-TXC-030 transaction "
                        + transactionId + " already has a row in " + table.name() + " (" + describeExisting(transactionId)
                        + "); roll this local transaction back", e);
            }
            throw e;
        }
        LOG.debug("Transaction {} recorded in {} (commits with the caller's transaction)", transactionId, table.name());
    }

    /**
     * Marks {@code transactionId} as failed in a short transaction of its own, so a back-check answers ROLLBACK
     * without waiting for the grace period. Idempotent. It never overrides a commit: if the local transaction did
     * commit its row (say its commit succeeded but the acknowledgement was lost), the mark is refused.
     *
     * @return ROLLBACK when the transaction is (now or already) marked failed; COMMIT when it had committed
     * @throws SQLException the log could not be written, e.g. the database is down or the row is locked by the
     *     still-open local transaction
     */
    public CheckOutcome recordFailure(String transactionId, String reason) throws SQLException {
        requireTransactionId(transactionId);
        table.ensureSchema();
        CheckOutcome outcome = table.inOwnTransaction(c -> {
            try {
                table.insert(c, transactionId, TxLogTable.FAILED, null, null, reason, clock.millis());
                return null;
            } catch (SQLException e) {
                if (!TxLogTable.isDuplicateKey(e)) {
                    throw e;
                }
                TxLogTable.resetAfterFailure(c);
                TxLogTable.Row row = table.find(c, transactionId);
                if (row == null) {
                    throw e; // purged between the insert and the read: let the caller try again
                }
                return row.committed() ? CheckOutcome.COMMIT : CheckOutcome.ROLLBACK;
            }
        });
        if (outcome == null) {
            LOG.info("FMQ-TXC-032 transaction {} marked failed: {}", transactionId, reason);
            return CheckOutcome.ROLLBACK;
        }
        if (outcome == CheckOutcome.COMMIT) {
            LOG.warn("FMQ-TXC-031 transaction {} was not marked failed: it has committed its row, so its half message"
                    + " is committed (the failure reported was: {})", transactionId, reason);
        } else {
            LOG.debug("Transaction {} was already marked failed", transactionId);
        }
        return outcome;
    }

    /**
     * Runs {@code work} and records {@code transactionId} in one local transaction on a connection of
     * {@code dataSource}: autocommit off, work, {@link #record}, commit. If anything fails the transaction is
     * rolled back, the failure is marked with {@link #recordFailure} on a best-effort basis (so a back-check can
     * answer ROLLBACK at once) and the original exception is rethrown.
     */
    public <T> T inTransaction(DataSource dataSource, String transactionId, SqlWork<T> work) throws SQLException {
        requireTransactionId(transactionId);
        Objects.requireNonNull(work, "work");
        try {
            return runAndRecord(dataSource, transactionId, work);
        } catch (SQLException | RuntimeException e) {
            // After the business connection is closed, so a small shared pool still has one for the mark.
            markFailedAfter(transactionId, e);
            throw e;
        }
    }

    private <T> T runAndRecord(DataSource dataSource, String transactionId, SqlWork<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                record(c, transactionId);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                TxLogTable.rollbackQuietly(c, e);
                throw e;
            } finally {
                restoreAutoCommit(c, autoCommit);
            }
        }
    }

    private void markFailedAfter(String transactionId, Throwable failure) {
        if (failure instanceof TransactionAlreadyResolvedException) {
            return; // the row is there already; nothing to add
        }
        try {
            recordFailure(transactionId, "local transaction failed: " + failure);
        } catch (SQLException | RuntimeException e) {
            // The back-check still resolves it: ROLLBACK once the grace period has passed.
            failure.addSuppressed(e);
        }
    }

    private static void restoreAutoCommit(Connection c, boolean autoCommit) {
        try {
            c.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            LOG.debug("Could not restore autocommit={} on a pooled connection", autoCommit, e);
        }
    }

    private String describeExisting(String transactionId) {
        try {
            TxLogTable.Row row = table.inOwnTransaction(c -> table.find(c, transactionId));
            if (row == null) {
                return "not visible to other connections: recorded twice in this transaction, or held by another"
                        + " open transaction";
            }
            return row.committed() ? "recorded as committed before" : "marked failed: " + row.reason();
        } catch (SQLException | RuntimeException e) {
            return "its state could not be read: " + e.getMessage();
        }
    }

    static void requireTransactionId(String transactionId) {
        if (transactionId == null || transactionId.isBlank()) {
            throw new IllegalArgumentException("transactionId must not be empty");
        }
        requireLength("transactionId", transactionId, TxLogTable.MAX_TRANSACTION_ID);
    }

    private static void requireLength(String what, String value, int max) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException(what + " is " + value.length() + " characters long, at most " + max
                    + " fit in the transaction log");
        }
    }
}

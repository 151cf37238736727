package io.ferrymq.txchecker;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL of the transaction-log table: its schema, created once on first use, and the few statements the
 * log, the resolver and the retention run against it. Thread-safe: the only state is a volatile "schema is in
 * place" flag, and concurrent creators are harmless because the DDL is idempotent.
 *
 * <p>A row is written once and never updated: its primary key on the transaction id decides who was first, the
 * application's committed business transaction ({@value #COMMITTED}) or a failure mark ({@value #FAILED}) from
 * the application or the checker. Timestamps are epoch milliseconds in a BIGINT, free of any time zone.
 */
final class TxLogTable {
    private static final Logger LOG = LoggerFactory.getLogger(TxLogTable.class);

    static final String COMMITTED = "COMMITTED";
    static final String FAILED = "FAILED";
    static final int MAX_TRANSACTION_ID = 128;
    static final int MAX_GROUP_OR_KEY = 255;
    static final int MAX_REASON = 512;

    /** A row as read back. */
    record Row(String state, String reason, long createdAtMillis) {
        boolean committed() {
            return COMMITTED.equals(state);
        }
    }

    private final DataSource dataSource;
    private final String name;
    private final boolean createTable;
    private final int queryTimeoutSeconds;
    private final String createTableSql;
    private final String createIndexSql;
    private final String probeSql;
    private final String insertSql;
    private final String selectSql;
    private final String deleteOlderThanSql;
    private volatile boolean schemaReady;

    TxLogTable(DataSource dataSource, TxCheckerConfig config) {
        this.dataSource = dataSource;
        this.name = TxCheckerConfig.validateTableName(config.getTableName());
        this.createTable = config.isCreateTable();
        this.queryTimeoutSeconds = config.getQueryTimeoutSeconds();
        this.createTableSql = "CREATE TABLE IF NOT EXISTS " + name + " ("
                + "transaction_id VARCHAR(" + MAX_TRANSACTION_ID + ") NOT NULL PRIMARY KEY, "
                + "state VARCHAR(16) NOT NULL, "
                + "producer_group VARCHAR(" + MAX_GROUP_OR_KEY + "), "
                + "business_key VARCHAR(" + MAX_GROUP_OR_KEY + "), "
                + "reason VARCHAR(" + MAX_REASON + "), "
                + "created_at_ms BIGINT NOT NULL)";
        this.createIndexSql = "CREATE INDEX IF NOT EXISTS " + name + "_created_idx ON " + name + " (created_at_ms)";
        this.probeSql = "SELECT transaction_id FROM " + name + " WHERE 1 = 0";
        this.insertSql = "INSERT INTO " + name
                + " (transaction_id, state, producer_group, business_key, reason, created_at_ms) VALUES (?, ?, ?, ?, ?, ?)";
        this.selectSql = "SELECT state, reason, created_at_ms FROM " + name + " WHERE transaction_id = ?";
        this.deleteOlderThanSql = "DELETE FROM " + name + " WHERE created_at_ms < ?";
    }

    String name() {
        return name;
    }

    /**
     * Makes sure the table exists, creating it on first use on a connection of its own: DDL on the caller's
     * connection would commit the caller's open transaction on most databases.
     */
    void ensureSchema() throws SQLException {
        if (schemaReady || !createTable) {
            return;
        }
        inOwnTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout(queryTimeoutSeconds);
                try {
                    s.execute(createTableSql);
                } catch (SQLException e) {
                    // Another process may have created it concurrently (some databases then fail on their
                    // catalog): the table being there is all that matters.
                    if (!exists(c)) {
                        throw new SQLException("FMQ-TXC-012 cannot create transaction-log table " + name + " ("
                                + e.getMessage() + "); if this database lacks CREATE TABLE IF NOT EXISTS, create it"
                                + " by hand (docs/tx-checker.md) and set createTable=false",
                                e.getSQLState(), e.getErrorCode(), e);
                    }
                }
                try {
                    s.execute(createIndexSql);
                } catch (SQLException e) {
                    // Only the retention purge needs this index, so its absence costs speed, not correctness.
                    LOG.warn("FMQ-TXC-013 cannot create index {}_created_idx on {}.created_at_ms ({}); the retention"
                            + " purge scans the whole table until it exists", name, name, e.getMessage());
                }
            }
            return null;
        });
        schemaReady = true;
        LOG.debug("Transaction-log table {} is in place", name);
    }

    private boolean exists(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout(queryTimeoutSeconds);
                s.executeQuery(probeSql).close();
            }
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** The row of {@code transactionId}, or null; on the given connection so callers can read inside their work. */
    Row find(Connection c, String transactionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(selectSql)) {
            ps.setQueryTimeout(queryTimeoutSeconds);
            ps.setString(1, transactionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Row(rs.getString(1), rs.getString(2), rs.getLong(3)) : null;
            }
        }
    }

    /** Inserts a row on the given connection and leaves committing to its owner. */
    void insert(Connection c, String transactionId, String state, String producerGroup, String businessKey,
            String reason, long createdAtMillis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insertSql)) {
            ps.setQueryTimeout(queryTimeoutSeconds);
            ps.setString(1, transactionId);
            ps.setString(2, state);
            ps.setString(3, producerGroup);
            ps.setString(4, businessKey);
            ps.setString(5, truncate(reason, MAX_REASON));
            ps.setLong(6, createdAtMillis);
            ps.executeUpdate();
        }
    }

    int deleteOlderThan(Connection c, long cutoffMillis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(deleteOlderThanSql)) {
            ps.setQueryTimeout(queryTimeoutSeconds);
            ps.setLong(1, cutoffMillis);
            return ps.executeUpdate();
        }
    }

    /**
     * Runs {@code work} on a connection of this table's data source and commits it; rolls back if the work fails.
     * Works with pools handing out autocommit connections (nothing left to commit) and with those that do not.
     */
    <T> T inOwnTransaction(SqlWork<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            try {
                T result = work.run(c);
                if (!autoCommit) {
                    c.commit();
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                if (!autoCommit) {
                    rollbackQuietly(c, e);
                }
                evictIfBroken(c);
                throw e;
            }
        }
    }

    /**
     * HikariCP only discards a connection after errors whose SQLState says "connection" (08xxx); H2 reports a
     * dropped server as 90067/90121. Without this, a broken connection returned to the pool is handed out again to
     * every check arriving within HikariCP's 500 ms validation bypass, and checks stay UNKNOWN after the database
     * is back.
     */
    private void evictIfBroken(Connection c) {
        if (!(dataSource instanceof HikariDataSource pool)) {
            return;
        }
        boolean valid;
        try {
            valid = c.isValid(Math.max(1, queryTimeoutSeconds / 2));
        } catch (SQLException | RuntimeException e) {
            valid = false;
        }
        if (!valid) {
            LOG.debug("Evicting a broken connection from the transaction-log pool");
            pool.evictConnection(c);
        }
    }

    /**
     * After a failed statement on a non-autocommit connection, PostgreSQL refuses further statements until the
     * transaction is rolled back; call this before reading again on the same connection.
     */
    static void resetAfterFailure(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.rollback();
        }
    }

    static void rollbackQuietly(Connection c, Throwable failure) {
        try {
            c.rollback();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** True when the database refused a statement for an integrity constraint: here, a second row for one id. */
    static boolean isDuplicateKey(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLIntegrityConstraintViolationException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}

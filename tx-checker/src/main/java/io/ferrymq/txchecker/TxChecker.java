package io.ferrymq.txchecker;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.ferrymq.common.config.ConfigException;
import io.ferrymq.common.util.DaemonThreads;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running transaction checker: owns the connection pool to the transaction-log database, the
 * {@link TransactionLog}, the {@link TransactionStateResolver} and a daemon thread purging rows past the retention.
 * {@link #check} is what a producer's check listener (or a standalone checker process) calls per back-check.
 *
 * <p>It starts even when the database is down: it then logs FMQ-TXC-011, every check answers UNKNOWN (never
 * ROLLBACK), and it serves normally once the database is back, creating the table then if needed. Only an
 * unusable configuration (bad value, no JDBC driver for the URL) fails the start.
 *
 * <p>Thread-safe: any number of threads may check and record concurrently; {@link #close} may be called from any
 * thread, once or more.
 */
public final class TxChecker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TxChecker.class);
    /** The broker's default half-message retention (fileReservedTime); a shorter log retention is suspicious. */
    private static final int BROKER_DEFAULT_RESERVED_HOURS = 72;

    private final TxCheckerConfig config;
    private final HikariDataSource dataSource;
    private final TxLogTable table;
    private final TransactionLog transactionLog;
    private final TransactionStateResolver resolver;
    private final TransactionLogRetention retention;
    private final ScheduledExecutorService purger;

    private TxChecker(TxCheckerConfig config, HikariDataSource dataSource, Clock clock) {
        this.config = config;
        this.dataSource = dataSource;
        this.table = new TxLogTable(dataSource, config);
        this.transactionLog = new TransactionLog(table, clock);
        this.resolver = new TransactionStateResolver(table, clock, config.getGraceMillis());
        this.retention = new TransactionLogRetention(table, clock, config.retention());
        this.purger = config.getPurgeIntervalMinutes() > 0
                ? Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("ferrymq-txchecker-purge"))
                : null;
    }

    /** Starts a checker on the system clock. */
    public static TxChecker start(TxCheckerConfig config) {
        return start(config, Clock.systemUTC());
    }

    /**
     * Validates {@code config}, opens the pool and makes sure the table exists.
     *
     * @param clock measures the grace period and stamps rows; tests pass one they can advance
     * @throws ConfigException the configuration is unusable; a database that is merely down is not an error here
     */
    public static TxChecker start(TxCheckerConfig config, Clock clock) {
        config.validate();
        if (config.getRetentionHours() < BROKER_DEFAULT_RESERVED_HOURS) {
            LOG.warn("FMQ-TXC-005 retentionHours={} is shorter than the broker's default half-message retention ({} h):"
                    + " a committed transaction whose row is purged before its last back-check is rolled back",
                    config.getRetentionHours(), BROKER_DEFAULT_RESERVED_HOURS);
        }
        TxChecker checker = new TxChecker(config, openPool(config), clock);
        checker.prepareSchema();
        checker.schedulePurge();
        return checker;
    }

    private static HikariDataSource openPool(TxCheckerConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("ferrymq-txchecker");
        hikari.setJdbcUrl(config.getJdbcUrl());
        hikari.setUsername(config.getJdbcUser());
        hikari.setPassword(config.getJdbcPassword());
        hikari.setMaximumPoolSize(config.getMaxPoolSize());
        // Back-checks are rare: keep one connection warm rather than the whole pool open against the app's DB.
        hikari.setMinimumIdle(1);
        hikari.setConnectionTimeout(config.getConnectionTimeoutMillis());
        // Validating a pooled connection must fit inside the connection timeout, or a dead database would make a
        // check wait longer than configured.
        hikari.setValidationTimeout(config.getConnectionTimeoutMillis() / 2);
        // Do not try to connect while building the pool: the checker must come up with the database down.
        hikari.setInitializationFailTimeout(-1);
        // A check must see the latest committed row and must not read another transaction's uncommitted one.
        hikari.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        hikari.setAutoCommit(true);
        try {
            return new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new ConfigException("FMQ-TXC-006 cannot open a connection pool for jdbcUrl " + config.maskedUrl()
                    + ": " + e.getMessage() + " (is the database's JDBC driver on the classpath?)");
        }
    }

    private void prepareSchema() {
        try {
            if (config.isCreateTable()) {
                table.ensureSchema();
            } else {
                dataSource.getConnection().close();
            }
            LOG.info("FMQ-TXC-010 transaction checker started: log table {} in {}{}, grace {} ms, retention {} h",
                    table.name(), config.maskedUrl(), h2FileNote(config.getJdbcUrl()), config.getGraceMillis(),
                    config.getRetentionHours());
        } catch (SQLException | RuntimeException e) {
            LOG.warn("FMQ-TXC-011 transaction checker started, but the database at {} is unreachable ({});"
                    + " back-checks answer UNKNOWN and nothing is rolled back until it is reachable again",
                    config.maskedUrl(), TransactionStateResolver.describe(e));
        }
    }

    private void schedulePurge() {
        if (purger == null) {
            return;
        }
        long every = config.getPurgeIntervalMinutes();
        purger.scheduleWithFixedDelay(this::purgeQuietly, every, every, TimeUnit.MINUTES);
    }

    private void purgeQuietly() {
        try {
            retention.purgeExpired();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("FMQ-TXC-041 could not purge expired rows from {} ({}); retrying in {} min",
                    config.getTableName(), TransactionStateResolver.describe(e), config.getPurgeIntervalMinutes());
        }
    }

    /**
     * Answers one back-check; never throws. This is the method a producer's check listener delegates to.
     *
     * @param halfMessageTimestampMillis the half message's born timestamp, epoch ms (the broker re-stores a half at
     *     every check, so its store timestamp moves; the born timestamp does not)
     * @param producerGroup optional, for the log and a rollback mark
     */
    public CheckOutcome check(String transactionId, long halfMessageTimestampMillis, String producerGroup) {
        return resolver.resolve(transactionId, halfMessageTimestampMillis, producerGroup);
    }

    public TransactionLog transactionLog() {
        return transactionLog;
    }

    public TransactionStateResolver resolver() {
        return resolver;
    }

    public TransactionLogRetention retention() {
        return retention;
    }

    /**
     * The pool to the transaction-log database. An application without a pool of its own may run its business
     * transactions on it (it is small: {@code maxPoolSize}); closing the checker closes it.
     */
    public DataSource dataSource() {
        return dataSource;
    }

    public TxCheckerConfig config() {
        return config;
    }

    /** Stops the purge thread and closes the pool; connections in use are closed as they are returned. */
    @Override
    public void close() {
        if (dataSource.isClosed()) {
            return;
        }
        if (purger != null) {
            purger.shutdownNow();
        }
        dataSource.close();
        LOG.info("FMQ-TXC-050 transaction checker stopped ({})", config.getTableName());
    }

    /**
     * For an H2 file URL, where the file is: an app and a standalone checker that resolve a relative path from
     * different working directories would use two different logs, and the checker would roll back committed work.
     */
    static String h2FileNote(String jdbcUrl) {
        String rest;
        if (jdbcUrl.startsWith("jdbc:h2:file:")) {
            rest = jdbcUrl.substring("jdbc:h2:file:".length());
        } else if (jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.matches("jdbc:h2:(mem|tcp|ssl|zip|split|nio\\w*|async):.*")) {
            rest = jdbcUrl.substring("jdbc:h2:".length());
        } else {
            return "";
        }
        int semicolon = rest.indexOf(';');
        String path = semicolon >= 0 ? rest.substring(0, semicolon) : rest;
        if (path.startsWith("~")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        return " (H2 file " + Path.of(path).toAbsolutePath().normalize() + ".mv.db)";
    }
}

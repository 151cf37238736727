package io.ferrymq.txchecker;

import io.ferrymq.common.config.ConfigBinder;
import io.ferrymq.common.config.ConfigException;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Typed configuration of the transaction checker. Field names are the property keys (bound by
 * {@link ConfigBinder}); {@code docs/tx-checker.md} lists them with their defaults. Mutable until handed to
 * {@link TxChecker#start}; treat it as read-only afterwards. Not thread-safe while being changed.
 */
public class TxCheckerConfig {
    private static final Logger LOG = LoggerFactory.getLogger(TxCheckerConfig.class);

    /** Unquoted SQL identifier; the limit keeps the derived index name under PostgreSQL's 63 characters. */
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,47}");
    /** Below this, half the timeout for validating a pooled connection would fall under HikariCP's 250 ms floor. */
    static final int MIN_CONNECTION_TIMEOUT_MILLIS = 500;

    /**
     * JDBC URL of the database that holds the transaction log; the application's business tables must be in the
     * same database. The default is an H2 file in automatic mixed mode, so an application and a standalone
     * checker process can open it at the same time: both must name the same file, so use an absolute path
     * outside a quick test.
     */
    private String jdbcUrl = "jdbc:h2:file:./ferrymq-data/txlog;AUTO_SERVER=TRUE";
    private String jdbcUser = "sa";
    private String jdbcPassword = "";
    /** Transaction-log table: letters, digits and '_' only, since it is spliced into SQL. */
    private String tableName = "ferrymq_tx_log";
    /** Create the table and its index on first use; turn off where the schema is managed by migrations. */
    private boolean createTable = true;
    /** Most pooled connections; back-checks are rare, so a few suffice and the database is not crowded. */
    private int maxPoolSize = 4;
    /** How long to wait for a pooled connection (pool exhausted or database down) before answering UNKNOWN. */
    private int connectionTimeoutMillis = 3_000;
    /** Longest a single statement may run, e.g. an insert waiting on a row lock. */
    private int queryTimeoutSeconds = 5;
    /**
     * How old a half message must be before a missing row means ROLLBACK. Younger, its local transaction may still
     * be running (its row is not visible until it commits), so the answer is UNKNOWN.
     */
    private long graceMillis = 60_000;
    /** Hours a row is kept; it must outlive every back-check of its half message (see TransactionLogRetention). */
    private int retentionHours = 7 * 24;
    /** How often TxChecker deletes rows past the retention, in minutes; 0 turns the periodic purge off. */
    private int purgeIntervalMinutes = 60;

    /**
     * Binds {@code properties} onto this config without validating it.
     *
     * @return keys this config does not know, for a caller whose file also holds other settings
     */
    public Set<String> bind(Properties properties) {
        return ConfigBinder.bind(properties, this);
    }

    /** A config from {@code properties}: unknown keys are reported as a warning, then the whole is validated. */
    public static TxCheckerConfig fromProperties(Properties properties) {
        TxCheckerConfig config = new TxCheckerConfig();
        Set<String> unknown = config.bind(properties);
        if (!unknown.isEmpty()) {
            LOG.warn("FMQ-CFG-001 transaction checker config has keys it does not know, ignored: {}", unknown);
        }
        config.validate();
        return config;
    }

    /** Checks every value; {@link TxChecker#start} refuses a config this rejects. */
    public TxCheckerConfig validate() {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
            throw new ConfigException("FMQ-TXC-003 jdbcUrl must be a JDBC URL starting with 'jdbc:', was '"
                    + jdbcUrl + "'");
        }
        validateTableName(tableName);
        range("maxPoolSize", maxPoolSize, 1, 64);
        range("connectionTimeoutMillis", connectionTimeoutMillis, MIN_CONNECTION_TIMEOUT_MILLIS, 60_000);
        range("queryTimeoutSeconds", queryTimeoutSeconds, 1, 300);
        range("graceMillis", graceMillis, 1_000, Duration.ofDays(1).toMillis());
        range("retentionHours", retentionHours, 1, 24 * 365);
        range("purgeIntervalMinutes", purgeIntervalMinutes, 0, 24 * 60);
        if (Duration.ofHours(retentionHours).toMillis() <= graceMillis) {
            throw new ConfigException("FMQ-TXC-004 retentionHours (" + retentionHours
                    + ") must keep rows much longer than graceMillis (" + graceMillis + ")");
        }
        return this;
    }

    /**
     * Accepts only an unquoted SQL identifier (letters, digits, '_', not starting with a digit, at most 48
     * characters): the name is spliced into SQL, so anything else could inject statements.
     */
    static String validateTableName(String name) {
        if (name == null || !TABLE_NAME.matcher(name).matches()) {
            throw new ConfigException("FMQ-TXC-001 tableName '" + name + "' is not a plain SQL identifier: use"
                    + " letters, digits and '_' only, not starting with a digit, at most 48 characters");
        }
        return name;
    }

    private static void range(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ConfigException("FMQ-TXC-002 " + key + " is " + value + ", must be between " + min + " and "
                    + max);
        }
    }

    public Duration grace() {
        return Duration.ofMillis(graceMillis);
    }

    public Duration retention() {
        return Duration.ofHours(retentionHours);
    }

    public String getJdbcUrl() { return jdbcUrl; }
    public TxCheckerConfig setJdbcUrl(String v) { jdbcUrl = v; return this; }
    public String getJdbcUser() { return jdbcUser; }
    public TxCheckerConfig setJdbcUser(String v) { jdbcUser = v; return this; }
    public String getJdbcPassword() { return jdbcPassword; }
    public TxCheckerConfig setJdbcPassword(String v) { jdbcPassword = v; return this; }
    public String getTableName() { return tableName; }
    public TxCheckerConfig setTableName(String v) { tableName = v; return this; }
    public boolean isCreateTable() { return createTable; }
    public TxCheckerConfig setCreateTable(boolean v) { createTable = v; return this; }
    public int getMaxPoolSize() { return maxPoolSize; }
    public TxCheckerConfig setMaxPoolSize(int v) { maxPoolSize = v; return this; }
    public int getConnectionTimeoutMillis() { return connectionTimeoutMillis; }
    public TxCheckerConfig setConnectionTimeoutMillis(int v) { connectionTimeoutMillis = v; return this; }
    public int getQueryTimeoutSeconds() { return queryTimeoutSeconds; }
    public TxCheckerConfig setQueryTimeoutSeconds(int v) { queryTimeoutSeconds = v; return this; }
    public long getGraceMillis() { return graceMillis; }
    public TxCheckerConfig setGraceMillis(long v) { graceMillis = v; return this; }
    public int getRetentionHours() { return retentionHours; }
    public TxCheckerConfig setRetentionHours(int v) { retentionHours = v; return this; }
    public int getPurgeIntervalMinutes() { return purgeIntervalMinutes; }
    public TxCheckerConfig setPurgeIntervalMinutes(int v) { purgeIntervalMinutes = v; return this; }

    /** The settings as a log line; the password is masked, also where a URL carries one. */
    @Override
    public String toString() {
        return "TxCheckerConfig{jdbcUrl=" + maskedUrl() + ", jdbcUser=" + jdbcUser
                + ", jdbcPassword=" + (jdbcPassword == null || jdbcPassword.isEmpty() ? "(empty)" : "****")
                + ", tableName=" + tableName + ", createTable=" + createTable + ", maxPoolSize=" + maxPoolSize
                + ", connectionTimeoutMillis=" + connectionTimeoutMillis + ", queryTimeoutSeconds="
                + queryTimeoutSeconds + ", graceMillis=" + graceMillis + ", retentionHours=" + retentionHours
                + ", purgeIntervalMinutes=" + purgeIntervalMinutes + "}";
    }

    /** The URL with any {@code password=...} parameter masked, for log lines. */
    String maskedUrl() {
        return jdbcUrl == null ? null : jdbcUrl.replaceAll("(?i)(password=)[^;&]*", "$1****");
    }
}

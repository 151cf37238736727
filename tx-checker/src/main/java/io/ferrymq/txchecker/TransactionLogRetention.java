package io.ferrymq.txchecker;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes transaction-log rows older than the retention. Stateless; safe from any thread, and two processes
 * purging the same table at once only delete the same rows.
 *
 * <p>Why rows must be kept long: the broker checks an unresolved half message back up to
 * {@code transactionCheckMax} times, {@code transactionCheckInterval} apart, and a broker that was down resumes
 * checking after its restart for as long as it keeps the half message (its {@code fileReservedTime}, 72 h by
 * default). If a committed row were purged before the last of those checks, the checker would find no row for
 * a half message far past its grace period and answer ROLLBACK: the business change stays committed while its
 * message is discarded. So the retention must exceed both {@code transactionCheckMax × transactionCheckInterval}
 * and the broker's half-message retention, with room for outages; the default of 7 days does. Purged failure
 * marks are harmless: a late check finds no row and rolls back again.
 */
public final class TransactionLogRetention {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionLogRetention.class);

    private final TxLogTable table;
    private final Clock clock;
    private final Duration retention;

    public TransactionLogRetention(DataSource dataSource, TxCheckerConfig config, Clock clock) {
        this(new TxLogTable(dataSource, config), clock, config.retention());
    }

    TransactionLogRetention(TxLogTable table, Clock clock, Duration retention) {
        this.table = table;
        this.clock = clock;
        this.retention = retention;
    }

    /**
     * Deletes the rows created more than the retention ago.
     *
     * @return how many rows were deleted
     */
    public int purgeExpired() throws SQLException {
        long cutoff = clock.millis() - retention.toMillis();
        table.ensureSchema();
        int deleted = table.inOwnTransaction(c -> table.deleteOlderThan(c, cutoff));
        if (deleted > 0) {
            LOG.info("FMQ-TXC-040 deleted {} transaction-log rows older than {} h from {}", deleted,
                    retention.toHours(), table.name());
        } else {
            LOG.debug("No transaction-log rows older than {} h in {}", retention.toHours(), table.name());
        }
        return deleted;
    }
}

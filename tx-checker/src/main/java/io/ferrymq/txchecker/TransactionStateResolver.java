package io.ferrymq.txchecker;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the broker's back-check of a half message from the transaction log. Never throws and never answers
 * ROLLBACK on a guess: whatever goes wrong (database down, pool exhausted, timeout, row locked) is UNKNOWN, and
 * the broker asks again. Stateless apart from the table's schema flag; safe from any number of threads.
 *
 * <ul>
 *   <li>COMMIT: the transaction's row is committed.</li>
 *   <li>ROLLBACK: the row is a failure mark; or there is no row and the half message is older than the grace
 *       period. In that last case the resolver first inserts a failure mark itself, and answers ROLLBACK only if
 *       that insert wins: a local transaction still running past the grace period then fails to record and rolls
 *       back, instead of committing a business change whose message was discarded.</li>
 *   <li>UNKNOWN: no row yet and the half message is younger than the grace period (its local transaction may
 *       still run, and an uncommitted row is invisible); or the row is locked by that open transaction; or the log
 *       could not be read.</li>
 * </ul>
 */
public final class TransactionStateResolver {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionStateResolver.class);

    private final TxLogTable table;
    private final Clock clock;
    private final long graceMillis;

    /** A resolver reading the log in {@code dataSource}, with the grace period of {@code config}. */
    public TransactionStateResolver(DataSource dataSource, TxCheckerConfig config) {
        this(dataSource, config, Clock.systemUTC());
    }

    /** As above, with the clock the grace period is measured by (tests advance it instead of sleeping). */
    public TransactionStateResolver(DataSource dataSource, TxCheckerConfig config, Clock clock) {
        this(new TxLogTable(dataSource, config), clock, config.getGraceMillis());
    }

    TransactionStateResolver(TxLogTable table, Clock clock, long graceMillis) {
        this.table = table;
        this.clock = clock;
        this.graceMillis = graceMillis;
    }

    /** {@link #resolve(String, long, String)} without a producer group. */
    public CheckOutcome resolve(String transactionId, long halfMessageTimestampMillis) {
        return resolve(transactionId, halfMessageTimestampMillis, null);
    }

    /**
     * The state of {@code transactionId}.
     *
     * @param halfMessageTimestampMillis the half message's born timestamp (epoch ms); the grace period counts from
     *     there. Zero or negative means not known, and a missing row then stays UNKNOWN.
     * @param producerGroup optional, written on a failure mark and logged
     */
    public CheckOutcome resolve(String transactionId, long halfMessageTimestampMillis, String producerGroup) {
        try {
            TransactionLog.requireTransactionId(transactionId);
        } catch (IllegalArgumentException e) {
            LOG.warn("FMQ-TXC-025 back-check with an unusable transaction id '{}' (group {}) answers UNKNOWN: {}",
                    transactionId, producerGroup, e.getMessage());
            return CheckOutcome.UNKNOWN;
        }
        try {
            table.ensureSchema();
            return table.inOwnTransaction(c -> decide(c, transactionId, halfMessageTimestampMillis, producerGroup));
        } catch (SQLException | RuntimeException e) {
            LOG.warn("FMQ-TXC-024 back-check of transaction {} (group {}) answers UNKNOWN: the transaction log in {}"
                    + " could not be read ({}); nothing is rolled back, the broker will check again",
                    transactionId, producerGroup, table.name(), describe(e));
            return CheckOutcome.UNKNOWN;
        }
    }

    private CheckOutcome decide(Connection c, String transactionId, long halfTs, String group) throws SQLException {
        TxLogTable.Row row = table.find(c, transactionId);
        if (row != null) {
            return fromRow(transactionId, row);
        }
        if (halfTs <= 0) {
            LOG.info("FMQ-TXC-023 transaction {} -> UNKNOWN: no committed row, and the half message's timestamp is"
                    + " unknown, so the grace period cannot be applied", transactionId);
            return CheckOutcome.UNKNOWN;
        }
        long now = clock.millis();
        long ageMillis = now - halfTs;
        if (ageMillis < graceMillis) {
            LOG.info("FMQ-TXC-023 transaction {} -> UNKNOWN: no committed row yet and the half message is {} ms old,"
                    + " within the {} ms grace period (the local transaction may still be running)",
                    transactionId, ageMillis, graceMillis);
            return CheckOutcome.UNKNOWN;
        }
        String reason = "no committed row " + ageMillis + " ms after the half message (grace " + graceMillis
                + " ms); rolled back by the checker";
        try {
            table.insert(c, transactionId, TxLogTable.FAILED, group, null, reason, now);
        } catch (SQLException e) {
            if (TxLogTable.isDuplicateKey(e)) {
                // The local transaction committed its row between our read and our insert.
                TxLogTable.resetAfterFailure(c);
                TxLogTable.Row late = table.find(c, transactionId);
                if (late != null) {
                    return fromRow(transactionId, late);
                }
            } else {
                // A lock timeout may already have made the pool discard the connection; the answer stands anyway.
                try {
                    TxLogTable.resetAfterFailure(c);
                } catch (SQLException resetFailure) {
                    e.addSuppressed(resetFailure);
                }
            }
            // Typically a lock wait timeout: the local transaction has inserted its row and is still open.
            LOG.warn("FMQ-TXC-026 transaction {} -> UNKNOWN: could not write the rollback mark ({}); its local"
                    + " transaction is probably still open and holds the row", transactionId, describe(e));
            return CheckOutcome.UNKNOWN;
        }
        LOG.info("FMQ-TXC-022 transaction {} (group {}) -> ROLLBACK: {}", transactionId, group, reason);
        return CheckOutcome.ROLLBACK;
    }

    private static CheckOutcome fromRow(String transactionId, TxLogTable.Row row) {
        if (row.committed()) {
            LOG.info("FMQ-TXC-020 transaction {} -> COMMIT: committed row recorded at {} ms", transactionId,
                    row.createdAtMillis());
            return CheckOutcome.COMMIT;
        }
        LOG.info("FMQ-TXC-021 transaction {} -> ROLLBACK: marked failed ({})", transactionId, row.reason());
        return CheckOutcome.ROLLBACK;
    }

    /** The exception and its root cause in one line, e.g. a pool timeout caused by a refused connection. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.toString() : e + ", caused by " + root;
    }
}

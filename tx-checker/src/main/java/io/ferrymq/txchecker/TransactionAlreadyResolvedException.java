package io.ferrymq.txchecker;

import java.sql.SQLException;

/**
 * {@link TransactionLog#record} found a row for the transaction id already: either the checker has resolved the
 * transaction as rolled back (the local transaction ran longer than the grace period), the application marked it
 * failed, or the id was recorded twice. The caller's local transaction must roll back. Carries the database's
 * SQLState (class 23, integrity constraint violation) so generic JDBC error handling still sees a constraint error.
 */
public class TransactionAlreadyResolvedException extends SQLException {
    private final String transactionId;

    public TransactionAlreadyResolvedException(String transactionId, String message, SQLException cause) {
        super(message, cause.getSQLState(), cause.getErrorCode(), cause);
        this.transactionId = transactionId;
    }

    public String getTransactionId() {
        return transactionId;
    }
}

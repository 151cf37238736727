package io.ferrymq.txchecker;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Business work run inside {@link TransactionLog#inTransaction}: it uses the given connection and neither commits
 * nor closes it.
 *
 * @param <T> what the work returns to the caller
 */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}

/**
 * Back-check resolver for half messages from a JDBC transaction log.
 *
 * <p>The application writes a row into the transaction-log table in the same local JDBC transaction as its
 * business change ({@link io.ferrymq.txchecker.TransactionLog}); when the broker checks back a half message,
 * {@link io.ferrymq.txchecker.TransactionStateResolver} answers from that row. {@link io.ferrymq.txchecker.TxChecker}
 * owns the connection pool and wires both. See {@code docs/tx-checker.md}.
 */
package io.ferrymq.txchecker;

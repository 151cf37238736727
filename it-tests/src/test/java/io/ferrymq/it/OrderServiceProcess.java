package io.ferrymq.it;

import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.Message;
import io.ferrymq.client.TransactionProducer;
import io.ferrymq.client.TransactionState;
import io.ferrymq.txchecker.TxChecker;
import io.ferrymq.txchecker.TxCheckerConfig;
import io.ferrymq.txchecker.TxCheckerListener;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The producing application of {@link TxCheckerProcessTest}, run in a child JVM: places one order as a transactional
 * message whose local transaction writes the order row and the transaction-log row, and stops where the test kills it.
 * Prints markers on stdout for the test to wait on.
 *
 * <p>Modes: {@code after-db-commit} (the database transaction committed; END_TRANSACTION never sent),
 * {@code before-db-commit} (the database transaction is open, holding its rows), {@code complete} (exits normally).
 */
public final class OrderServiceProcess {
    static final String GROUP = "order-service";

    private OrderServiceProcess() {
    }

    public static void main(String[] args) throws Exception {
        String namesrv = args[0];
        String jdbcUrl = args[1];
        String topic = args[2];
        String orderId = args[3];
        String mode = args[4];
        TxCheckerConfig db = new TxCheckerConfig().setJdbcUrl(jdbcUrl).setPurgeIntervalMinutes(0).setGraceMillis(2_000);
        ClientConfig client = new ClientConfig().setNamesrvAddr(namesrv).setInstanceName("order-app");
        try (TxChecker app = TxChecker.start(db);
             TransactionProducer producer = new TransactionProducer(GROUP, client, new TxCheckerListener(app))) {
            createOrdersTable(app);
            producer.start();
            producer.sendInTransaction(new Message(topic, orderId.getBytes(StandardCharsets.UTF_8)), (m, txId) -> {
                if (mode.equals("before-db-commit")) {
                    Connection c = app.dataSource().getConnection();
                    c.setAutoCommit(false);
                    insertOrder(c, orderId);
                    app.transactionLog().record(c, txId, GROUP, orderId);
                    say("IN_DB_TRANSACTION " + txId);
                    Thread.sleep(Long.MAX_VALUE);
                }
                app.transactionLog().inTransaction(app.dataSource(), txId, c -> insertOrder(c, orderId));
                say("DB_COMMITTED " + txId);
                if (mode.equals("after-db-commit")) {
                    Thread.sleep(Long.MAX_VALUE);
                }
                return TransactionState.COMMIT;
            });
            say("DONE");
        }
    }

    static void createOrdersTable(TxChecker app) throws SQLException {
        try (Connection c = app.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS orders (id VARCHAR(64) PRIMARY KEY, state VARCHAR(16))");
        }
    }

    static int insertOrder(Connection c, String orderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (id, state) VALUES (?, 'PLACED')")) {
            ps.setString(1, orderId);
            return ps.executeUpdate();
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}

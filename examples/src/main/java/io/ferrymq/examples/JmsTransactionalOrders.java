package io.ferrymq.examples;

import io.ferrymq.jms.FerryConnectionFactory;
import io.ferrymq.jms.FerryTransactionResult;
import io.ferrymq.jms.FerryTransactionState;
import io.ferrymq.jms.FerryTransactionalProducer;
import io.ferrymq.jms.FerryTransactions;
import io.ferrymq.txchecker.TxChecker;
import io.ferrymq.txchecker.TxCheckerConfig;
import io.ferrymq.txchecker.service.TxCheckerService;
import io.ferrymq.txchecker.service.TxCheckerServiceConfig;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The transactional order service in JMS: each order row and its "order placed" JMS message commit together or not at
 * all, through {@link FerryTransactions}. One order commits, one is declined (rolled back, never sent), and with the
 * third the service "dies" after its database commit, before telling the broker; the tx-checker service (what
 * {@code bin/txchecker} runs) then answers the broker's back-check from the transaction log and the order is
 * delivered, once. A JMS listener on the queue prints what shipping receives. Runs a nameserver and a broker in this
 * JVM, data in a local folder.
 */
public final class JmsTransactionalOrders {
    private static final String GROUP = "jms-order-service";

    private JmsTransactionalOrders() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "ferrymq-data").toAbsolutePath().normalize().resolve("jms-orders");
        // Back-checks within seconds instead of the production 6 s + every 30 s, so the example is quick.
        EmbeddedCluster cluster = EmbeddedCluster.start(data,
                b -> b.setTransactionTimeOut(2_000).setTransactionCheckInterval(1_000), s -> { });
        String namesrvAddr = cluster.namesrvAddr();
        String jdbcUrl = "jdbc:h2:file:" + data.resolve("orders-db") + ";AUTO_SERVER=TRUE";
        String run = UUID.randomUUID().toString().substring(0, 8);
        Set<String> shipped = ConcurrentHashMap.newKeySet();
        ConnectionFactory factory = new FerryConnectionFactory("ferrymq://" + namesrvAddr);
        try (Connection shipping = factory.createConnection()) {
            Session session = shipping.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createConsumer(session.createQueue("jms.orders")).setMessageListener(m -> {
                try {
                    String order = ((TextMessage) m).getText();
                    System.out.printf("shipping: received %s%n", order);
                    shipped.add(order);
                } catch (JMSException e) {
                    throw new IllegalStateException(e);
                }
            });
            shipping.start();

            placeOrders(factory, jdbcUrl, run);

            System.out.println("the order service is gone; starting the tx-checker for producer group " + GROUP);
            try (TxCheckerService checker = new TxCheckerService(
                    new TxCheckerServiceConfig().setNamesrvAddr(namesrvAddr).setProducerGroups(GROUP)
                            .setHeartbeatBrokerIntervalMillis(1_000),
                    new TxCheckerConfig().setJdbcUrl(jdbcUrl).setGraceMillis(5_000).setPurgeIntervalMinutes(0))) {
                checker.start();
                long deadline = System.currentTimeMillis() + 60_000;
                while (!shipped.containsAll(Set.of(run + "-order-1", run + "-order-3"))
                        && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                }
            }
            System.out.printf("shipped %s; the declined order %s-order-2 was never sent%n",
                    shipped.stream().sorted().toList(), run);
        } finally {
            cluster.close();
        }
    }

    /** The order service: its database (orders and transaction log) and a transactional JMS producer. */
    private static void placeOrders(ConnectionFactory factory, String jdbcUrl, String run) throws Exception {
        try (TxChecker db = TxChecker.start(new TxCheckerConfig().setJdbcUrl(jdbcUrl).setPurgeIntervalMinutes(0));
             Connection connection = factory.createConnection()) {
            try (java.sql.Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS orders (id VARCHAR(64) PRIMARY KEY, amount INT)");
            }
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue orders = session.createQueue("jms.orders");
            // No checker of its own: the tx-checker answers this group's back-checks, also while this service is down.
            FerryTransactionalProducer producer = FerryTransactions.createProducer(session, orders, GROUP, null);

            FerryTransactionResult placed = producer.send(session.createTextMessage(run + "-order-1"), (m, txId) -> {
                db.transactionLog().inTransaction(db.dataSource(), txId, c -> insertOrder(c, run + "-order-1", 42));
                return FerryTransactionState.COMMIT;
            });
            System.out.printf("order 1: %s (%s)%n", placed.state(), placed.messageId());

            FerryTransactionResult declined = producer.send(session.createTextMessage(run + "-order-2"), (m, txId) -> {
                try {
                    db.transactionLog().inTransaction(db.dataSource(), txId, c -> {
                        insertOrder(c, run + "-order-2", 99_999);
                        throw new SQLException("payment declined");
                    });
                    return FerryTransactionState.COMMIT;
                } catch (SQLException e) {
                    return FerryTransactionState.ROLLBACK;
                }
            });
            System.out.printf("order 2: %s (payment declined)%n", declined.state());

            // The crash: the database transaction commits, and the service dies before it can say COMMIT
            // (UNKNOWN reaches the broker exactly as silence would).
            FerryTransactionResult crashed = producer.send(session.createTextMessage(run + "-order-3"), (m, txId) -> {
                db.transactionLog().inTransaction(db.dataSource(), txId, c -> insertOrder(c, run + "-order-3", 7));
                return FerryTransactionState.UNKNOWN;
            });
            System.out.printf("order 3: committed in the database, then the order service died (%s)%n",
                    crashed.messageId());
            producer.close();
        }
    }

    private static int insertOrder(java.sql.Connection c, String id, int amount) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (id, amount) VALUES (?, ?)")) {
            ps.setString(1, id);
            ps.setInt(2, amount);
            return ps.executeUpdate();
        }
    }
}

package io.ferrymq.examples;

import io.ferrymq.client.AdminClient;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ConsumeFromWhere;
import io.ferrymq.client.HalfMessageInfo;
import io.ferrymq.client.Message;
import io.ferrymq.client.MessageListener;
import io.ferrymq.client.PushConsumer;
import io.ferrymq.client.SendResult;
import io.ferrymq.client.TransactionProducer;
import io.ferrymq.client.TransactionSendResult;
import io.ferrymq.client.TransactionState;
import io.ferrymq.txchecker.TxChecker;
import io.ferrymq.txchecker.TxCheckerConfig;
import io.ferrymq.txchecker.TxCheckerListener;
import io.ferrymq.txchecker.service.TxCheckerService;
import io.ferrymq.txchecker.service.TxCheckerServiceConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An order service whose "order placed" event is a transactional message: the order row and the event commit together
 * or not at all. Three orders:
 * <ol>
 *   <li>placed normally: the order row commits with its transaction-log row, then the message is committed;</li>
 *   <li>refused (payment declined): the database transaction rolls back, and so does the message;</li>
 *   <li>placed, and then the service "crashes" after its database commit but before telling the broker: the half
 *       message waits, invisible; the standalone tx-checker (the same code as {@code bin/txchecker}) answers the
 *       broker's back-check from the transaction log, and the order event is delivered, once.</li>
 * </ol>
 * A shipping consumer prints what it receives. Runs a nameserver and a broker in this JVM, data in a local folder.
 */
public final class TransactionalOrderService {
    private static final String GROUP = "order-service";
    private static final String TOPIC = "OrderEvents";

    private TransactionalOrderService() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "ferrymq-data").toAbsolutePath().normalize().resolve("orders");
        // Back-checks within seconds instead of the production 6 s + every 30 s, so the example is quick.
        EmbeddedCluster cluster = EmbeddedCluster.start(data,
                b -> b.setTransactionTimeOut(2_000).setTransactionCheckInterval(1_000), s -> { });
        String namesrvAddr = cluster.namesrvAddr();
        // The order database, which also holds the transaction log. Application and checker use the same URL.
        String jdbcUrl = "jdbc:h2:file:" + data.resolve("orders-db") + ";AUTO_SERVER=TRUE";
        System.out.printf("FerryMQ running: nameserver %s, broker %s; orders database %s%n", namesrvAddr,
                cluster.brokerAddr(), jdbcUrl);

        String run = UUID.randomUUID().toString().substring(0, 8);
        Set<String> shipped = ConcurrentHashMap.newKeySet();
        try (AdminClient admin = new AdminClient(client(namesrvAddr, "admin"))) {
            admin.start();
            admin.createTopic("DefaultCluster", TOPIC, 4);
        }
        cluster.awaitRoute(TOPIC);
        try (PushConsumer shipping = new PushConsumer("shipping", client(namesrvAddr, "shipping"))) {
            shipping.subscribe(TOPIC, "*").setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET)
                    .setListener(m -> {
                        String order = new String(m.body(), StandardCharsets.UTF_8);
                        System.out.printf("shipping: received %s%n", order);
                        shipped.add(order);
                        return MessageListener.Result.SUCCESS;
                    });
            shipping.start();
            while (shipping.assignment().isEmpty()) {
                Thread.sleep(20);
            }

            String crashed = placeOrders(namesrvAddr, jdbcUrl, run);
            waitForBrokerCheck(namesrvAddr, crashed);

            System.out.println("starting the tx-checker for producer group " + GROUP
                    + " (what bin/txchecker -c conf/txchecker.properties runs)");
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
            System.out.printf("shipped %s; the declined order %s-order-2 was never sent%n", shipped.stream().sorted()
                    .toList(), run);
        } finally {
            cluster.close();
        }
    }

    /** Places the three orders as the order service would; returns the transaction id of the one that "crashed". */
    private static String placeOrders(String namesrvAddr, String jdbcUrl, String run) throws Exception {
        try (TxChecker db = TxChecker.start(new TxCheckerConfig().setJdbcUrl(jdbcUrl).setPurgeIntervalMinutes(0));
             TransactionProducer producer = new TransactionProducer(GROUP, client(namesrvAddr, "order-service"),
                     new TxCheckerListener(db))) {
            createOrdersTable(db);
            producer.start();

            TransactionSendResult placed = producer.sendInTransaction(event(run + "-order-1"), (m, txId) -> {
                db.transactionLog().inTransaction(db.dataSource(), txId, c -> insertOrder(c, run + "-order-1", 42));
                return TransactionState.COMMIT;
            });
            System.out.printf("order 1: %s (transaction %s)%n", placed.state(), placed.transactionId());

            TransactionSendResult declined = producer.sendInTransaction(event(run + "-order-2"), (m, txId) -> {
                try {
                    db.transactionLog().inTransaction(db.dataSource(), txId, c -> {
                        insertOrder(c, run + "-order-2", 99_999);
                        throw new SQLException("payment declined");
                    });
                } catch (SQLException e) {
                    return TransactionState.ROLLBACK;
                }
                return TransactionState.COMMIT;
            });
            System.out.printf("order 2: %s (payment declined)%n", declined.state());

            // The crash: the database transaction commits, and the service dies before ending the transaction.
            SendResult half = producer.sendHalf(event(run + "-order-3"));
            db.transactionLog().inTransaction(db.dataSource(), half.msgId(), c -> insertOrder(c, run + "-order-3", 7));
            System.out.printf("order 3: committed in the database, then the order service crashed (transaction %s)%n",
                    half.msgId());
            return half.msgId();
        }
    }

    /** Shows what operators see while no one answers: the half message is kept, listed, waiting for a producer. */
    private static void waitForBrokerCheck(String namesrvAddr, String transactionId) throws Exception {
        try (AdminClient admin = new AdminClient(client(namesrvAddr, "admin"))) {
            admin.start();
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                List<HalfMessageInfo> waiting = admin.halfMessages(GROUP, TOPIC);
                for (HalfMessageInfo h : waiting) {
                    if (h.transactionId().equals(transactionId) && h.lastAnswer().equals("NO_PRODUCER")) {
                        System.out.printf("broker: half message %s of %s is %d ms old, due for a check, no producer of"
                                + " %s connected (mqadmin halfMessageList shows this)%n", h.transactionId(), h.topic(),
                                h.ageMillis(), GROUP);
                        return;
                    }
                }
                Thread.sleep(200);
            }
        }
    }

    private static Message event(String orderId) {
        return new Message(TOPIC, "placed", orderId, orderId.getBytes(StandardCharsets.UTF_8));
    }

    private static ClientConfig client(String namesrvAddr, String instance) {
        return new ClientConfig().setNamesrvAddr(namesrvAddr).setInstanceName(instance);
    }

    private static void createOrdersTable(TxChecker db) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS orders (id VARCHAR(64) PRIMARY KEY, amount INT)");
        }
    }

    private static int insertOrder(Connection c, String id, int amount) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (id, amount) VALUES (?, ?)")) {
            ps.setString(1, id);
            ps.setInt(2, amount);
            return ps.executeUpdate();
        }
    }
}

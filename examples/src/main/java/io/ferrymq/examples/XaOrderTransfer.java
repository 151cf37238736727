package io.ferrymq.examples;

import io.ferrymq.jms.FerryXAConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import jakarta.transaction.Status;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import org.h2.jdbcx.JdbcDataSource;

import javax.transaction.xa.XAResource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A standalone JTA program (Narayana) moving orders between a database and a queue atomically: each JTA transaction
 * enlists two resource managers, FerryMQ (an XA session) and an H2 database (an XA connection), and changes both or
 * neither (docs/xa.md).
 * <ol>
 *   <li><b>recovery</b>: Narayana completes whatever a previous run left in doubt (killed between prepare and
 *       commit), before anything else;</li>
 *   <li><b>transfer out</b>: each NEW order is sent to the queue and marked SENT in one transaction; one order is
 *       declined after both were done, and the rollback undoes both: no message, the row stays NEW;</li>
 *   <li><b>transfer in</b>: each message is received, recorded as a shipment and its order marked SHIPPED in one
 *       transaction; the first attempt fails and rolls back, the message comes again (JMSRedelivered) and commits.</li>
 * </ol>
 * Runs a nameserver and a broker in this JVM; broker data, database and transaction logs live in
 * {@code ferrymq-data/xa-orders}; every run places new orders, so it runs again on the same data. Single-threaded:
 * everything runs on the main thread, which is also the thread each JTA transaction is associated with.
 */
public final class XaOrderTransfer {
    /** Written into every Xid of this program: recovery rolls back prepared branches without a log that carry it. */
    private static final String NODE = "ferrymq-xa-order-transfer";
    private static final String QUEUE = "xa.orders";
    /** The resource managers' names in Narayana's log: the same at enlistment and at recovery (see NamedXAResource). */
    private static final String FERRYMQ_RM = "ferrymq";
    private static final String ORDERS_DB_RM = "h2-orders-db";
    /** What the ferry refuses to carry: such an order is declined in its transaction, which rolls back. */
    private static final String TOO_HEAVY = "grand piano";
    /** What each run orders. */
    private static final List<String> ITEMS = List.of("bicycle", TOO_HEAVY, "crate of apples");
    /** How long transfer in waits for a message it knows was sent (the consumer's first pull may take a moment). */
    private static final long RECEIVE_TIMEOUT_MILLIS = 30_000;

    private final TransactionManager tm;
    private final JdbcDataSource database;
    private final XASession xaSession;
    private final javax.sql.XAConnection databaseXa;
    /**
     * The XA connection's one JDBC handle, kept for all transactions: H2 closes the previous handle when
     * getConnection() is called again, which rolls back and turns auto-commit on under a running branch.
     */
    private final Connection databaseHandle;
    private final Queue queue;

    private record Order(int id, String item) {
        @Override
        public String toString() {
            return "order " + id + " (" + item + ")";
        }
    }

    private record TransferOutResult(int sent, int declined) {
    }

    private record TransferInResult(int shipped, int rolledBackAttempts) {
    }

    private XaOrderTransfer(TransactionManager tm, JdbcDataSource database, XASession xaSession,
                            javax.sql.XAConnection databaseXa) throws Exception {
        this.tm = tm;
        this.database = database;
        this.xaSession = xaSession;
        this.databaseXa = databaseXa;
        this.databaseHandle = databaseXa.getConnection();
        this.queue = xaSession.createQueue(QUEUE);
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "ferrymq-data").toAbsolutePath().normalize()
                .resolve("xa-orders");
        // Narayana first: its singletons read their settings once, when first used.
        StandaloneNarayana narayana = StandaloneNarayana.configure(data.resolve("narayana"), NODE);
        EmbeddedCluster cluster = EmbeddedCluster.start(data, b -> { }, s -> { });
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:file:" + data.resolve("orders-db"));
        database.setUser("sa");
        System.out.printf("FerryMQ running: nameserver %s, broker %s; orders database %s; transaction logs in %s%n",
                cluster.namesrvAddr(), cluster.brokerAddr(), database.getURL(), data.resolve("narayana"));

        FerryXAConnectionFactory factory = new FerryXAConnectionFactory();
        factory.setNamesrvAddr(cluster.namesrvAddr());
        try {
            createTables(database);
            recoverInDoubtTransactions(narayana, factory, database);

            XAConnection connection = factory.createXAConnection();
            javax.sql.XAConnection databaseXa = database.getXAConnection();
            try {
                connection.start();
                XaOrderTransfer transfer = new XaOrderTransfer(narayana.transactionManager(), database,
                        connection.createXASession(), databaseXa);
                transfer.placeNewOrders();
                TransferOutResult out = transfer.transferOut();
                TransferInResult in = transfer.transferIn();
                transfer.printSummary(out, in);
            } finally {
                connection.close();
                databaseXa.close();
            }
        } finally {
            narayana.shutdown();
            cluster.close();
        }
        System.out.println("Done: everything shut down cleanly; the data stays in " + data);
    }

    // ------------------------------------------------------------------ 1. recovery

    /**
     * A run killed after its transaction manager logged "commit" and before every branch heard it leaves a
     * transaction log in Narayana's object store and branches prepared in FerryMQ and H2: the order's message is
     * neither delivered nor dropped, its row neither SENT nor NEW, and each resource manager holds its locks until told
     * the outcome. A run killed during prepare leaves prepared branches without a log: Narayana never decided, so
     * they roll back. Recovery asks both resource managers (through the recovery resources registered here) which
     * branches they hold in doubt, matches them with the logs, and finishes them.
     *
     * <p>After a run killed between its two commits (FerryMQ's done, H2's not), Narayana logs warnings while it
     * works it out: ARJUNA016037/016038 (FerryMQ no longer lists its branch: it committed; the resource name in the
     * log settles that) and possibly ARJUNA016027 with H2's "Transaction ... not found" (an orphan check trying to
     * roll back the H2 branch recovery had just committed). Both are harmless; the summary shows the outcome.
     */
    private static void recoverInDoubtTransactions(StandaloneNarayana narayana, FerryXAConnectionFactory factory,
                                                   JdbcDataSource database) throws Exception {
        List<javax.sql.XAConnection> recoveryDbConnections = new ArrayList<>();
        try (XAConnection recoveryJms = factory.createXAConnection()) {
            // Each FerryMQ XA connection is one resource manager, and any of them lists and finishes every branch the
            // brokers hold.
            XAResource ferry = recoveryJms.createXASession().getXAResource();
            narayana.addRecoveryResources(() -> new XAResource[] {new NamedXAResource(ferry, FERRYMQ_RM)});
            // A fresh H2 XA connection each time: H2 rolls back only one in-doubt branch per recover() call on a
            // connection, so each scan gets a new one.
            narayana.addRecoveryResources(() -> {
                try {
                    javax.sql.XAConnection c = database.getXAConnection();
                    recoveryDbConnections.add(c);
                    return new XAResource[] {new NamedXAResource(c.getXAResource(), ORDERS_DB_RM)};
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot open an XA connection to " + database.getURL(), e);
                }
            });

            int logs = narayana.unfinishedTransactions();
            List<Integer> inDoubt = narayana.inDoubtBranches();
            if (logs == 0 && inDoubt.get(0) == 0 && inDoubt.get(1) == 0) {
                System.out.println("recovery: nothing in doubt; no earlier run was interrupted in the middle of a"
                        + " transaction");
            } else {
                System.out.printf("recovery: an earlier run was interrupted: %d transaction(s) logged as committing but"
                        + " unfinished; prepared and in doubt: %d FerryMQ branch(es), %d H2 branch(es)%n",
                        logs, inDoubt.get(0), inDoubt.get(1));
                int scans = narayana.recover();
                System.out.printf("recovery: done in %d scan(s): Narayana committed the branches of every logged"
                        + " transaction and rolled back prepared branches it had no log for; nothing is in doubt now%n",
                        scans);
                System.out.printf("recovery: orders SENT, their messages waiting in the queue: %s%n",
                        listed(ordersWithStatus(database, "SENT")));
            }
        } finally {
            for (javax.sql.XAConnection c : recoveryDbConnections) {
                c.close();
            }
        }
    }

    // ------------------------------------------------------------------ the orders database

    /** The committed orders in {@code status}, by id. */
    private static List<Order> ordersWithStatus(JdbcDataSource database, String status) throws SQLException {
        List<Order> orders = new ArrayList<>();
        try (Connection c = database.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, item FROM orders WHERE status = ? ORDER BY id")) {
            ps.setString(1, status);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    orders.add(new Order(rs.getInt(1), rs.getString(2)));
                }
            }
        }
        return orders;
    }

    private static void createTables(JdbcDataSource database) throws SQLException {
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS orders (id INT PRIMARY KEY, item VARCHAR(100) NOT NULL,"
                    + " status VARCHAR(10) NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS shipments (id INT AUTO_INCREMENT PRIMARY KEY, order_id INT NOT NULL,"
                    + " item VARCHAR(100) NOT NULL, shipped_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)");
        }
    }

    /**
     * Orders one of each item, as NEW, numbered after the earlier runs' orders; an item that still has a NEW order (the
     * declined grand piano of an earlier run) is not ordered again. Auto-commit: no transaction needed.
     */
    private void placeNewOrders() throws SQLException {
        List<Order> placed = new ArrayList<>();
        List<Order> waiting = new ArrayList<>();
        try (Connection c = database.getConnection()) {
            for (String item : ITEMS) {
                int earlier = (int) queryLong(c, "SELECT COALESCE(MIN(id), 0) FROM orders WHERE status = 'NEW'"
                        + " AND item = ?", item);
                if (earlier != 0) {
                    waiting.add(new Order(earlier, item));
                    continue;
                }
                int id = (int) queryLong(c, "SELECT COALESCE(MAX(id), 0) + 1 FROM orders");
                update(c, "INSERT INTO orders (id, item, status) VALUES (?, ?, 'NEW')", id, item);
                placed.add(new Order(id, item));
            }
        }
        System.out.printf("placed %s%s%n", placed.isEmpty() ? "no new order" : listed(placed) + ", status NEW",
                waiting.isEmpty() ? "" : "; still NEW from an earlier run: " + listed(waiting));
    }

    // ------------------------------------------------------------------ 2. transfer out

    /**
     * Sends each NEW order and marks it SENT, one JTA transaction per order; also the ones an earlier run declined or
     * did not get to. Returns {sent, declined}.
     */
    private TransferOutResult transferOut() throws Exception {
        List<Order> newOrders = ordersWithStatus(database, "NEW");
        System.out.printf("transfer out: %d NEW order(s), one transaction each%n", newOrders.size());
        MessageProducer producer = xaSession.createProducer(queue);
        int sent = 0;
        int declined = 0;
        for (Order order : newOrders) {
            beginWithBothResources();
            try {
                MapMessage m = xaSession.createMapMessage();
                m.setInt("orderId", order.id());
                m.setString("item", order.item());
                // Held by the branch: the broker stores it at prepare and delivers it only at commit.
                producer.send(m);
                update(databaseHandle, "UPDATE orders SET status = 'SENT' WHERE id = ? AND status = 'NEW'", order.id());
                // Decided after both changes on purpose, to show the rollback undoing both.
                if (order.item().equals(TOO_HEAVY)) {
                    tm.rollback();
                    declined++;
                    System.out.printf("  %s: declined, too heavy for the ferry: rolled back, the message was never"
                            + " delivered and the row is still NEW%n", order);
                    continue;
                }
                tm.commit();
                sent++;
                System.out.printf("  %s: committed: message sent and row SENT%n", order);
            } catch (Exception e) {
                rollbackAfter(e);
                throw e;
            }
        }
        producer.close();
        return new TransferOutResult(sent, declined);
    }

    // ------------------------------------------------------------------ 3. transfer in

    /**
     * Ships every SENT order: receives its message, records the shipment and marks the order SHIPPED, one JTA
     * transaction per message. The first attempt fails on purpose.
     */
    private TransferInResult transferIn() throws Exception {
        // Every SENT order has exactly one message waiting, including an order a recovered transaction sent.
        long waiting = queryLong("SELECT COUNT(*) FROM orders WHERE status = 'SENT'");
        System.out.printf("transfer in: %d SENT order(s) waiting in queue %s, one transaction per message%n", waiting,
                QUEUE);
        MessageConsumer consumer = xaSession.createConsumer(queue);
        int shipped = 0;
        int failedAttempts = 0;
        while (shipped < waiting) {
            beginWithBothResources();
            try {
                // Received inside the branch: consumed at commit, delivered again after a rollback.
                Message m = consumer.receive(RECEIVE_TIMEOUT_MILLIS);
                if (m == null) {
                    tm.rollback();
                    System.out.printf("  no message within %d s although %d order(s) are still SENT: see the log"
                            + " above%n", RECEIVE_TIMEOUT_MILLIS / 1000, waiting - shipped);
                    break;
                }
                Order order = orderIn(m);
                String delivery = String.format("JMSRedelivered=%s, delivery %d", m.getJMSRedelivered(),
                        m.getIntProperty("JMSXDeliveryCount"));
                update(databaseHandle, "INSERT INTO shipments (order_id, item) VALUES (?, ?)", order.id(),
                        order.item());
                int marked = update(databaseHandle, "UPDATE orders SET status = 'SHIPPED' WHERE id = ?"
                        + " AND status = 'SENT'", order.id());
                if (marked != 1) {
                    // Would mean the message came twice, or without its row: what XA is here to prevent.
                    System.out.printf("  %s: its row is not SENT; shipping it anyway to show the problem%n", order);
                }
                if (failedAttempts == 0) {
                    tm.rollback();
                    failedAttempts++;
                    System.out.printf("  %s received (%s): the label printer jammed: rolled back, no shipment row,"
                            + " the message goes back to the queue%n", order, delivery);
                    continue;
                }
                tm.commit();
                shipped++;
                System.out.printf("  %s received (%s): committed: shipment recorded, row SHIPPED, message consumed%n",
                        order, delivery);
            } catch (Exception e) {
                rollbackAfter(e);
                throw e;
            }
        }
        consumer.close();
        return new TransferInResult(shipped, failedAttempts);
    }

    // ------------------------------------------------------------------ summary

    private void printSummary(TransferOutResult out, TransferInResult in) throws Exception {
        System.out.println("Summary");
        System.out.printf("  this run: %d order(s) sent, %d declined (rolled back); %d shipped, %d attempt(s) rolled"
                + " back and redelivered%n", out.sent(), out.declined(), in.shipped(), in.rolledBackAttempts());
        System.out.printf("  orders table: %d NEW, %d SENT, %d SHIPPED%n",
                queryLong("SELECT COUNT(*) FROM orders WHERE status = 'NEW'"),
                queryLong("SELECT COUNT(*) FROM orders WHERE status = 'SENT'"),
                queryLong("SELECT COUNT(*) FROM orders WHERE status = 'SHIPPED'"));
        long shipments = queryLong("SELECT COUNT(*) FROM shipments");
        long shippedOrders = queryLong("SELECT COUNT(DISTINCT order_id) FROM shipments");
        System.out.printf("  shipments table: %d row(s) for %d order(s)%s%n", shipments, shippedOrders,
                shipments == shippedOrders ? ": every order shipped exactly once" : ": SOME ORDERS SHIPPED TWICE");
        System.out.printf("  queue %s: %s%n", QUEUE, leftInQueue());
    }

    /** Looks for a message nobody expected, in a transaction rolled back so that it is not consumed. */
    private String leftInQueue() throws Exception {
        MessageConsumer consumer = xaSession.createConsumer(queue);
        beginWithBothResources();
        try {
            Message m = consumer.receive(1_000);
            return m == null ? "empty" : "an unexpected message is left: " + orderIn(m);
        } finally {
            tm.rollback();
            consumer.close();
        }
    }

    /** "order 4 (bicycle), order 5 (crate of apples)", or "none". */
    private static String listed(List<Order> orders) {
        return orders.isEmpty() ? "none" : String.join(", ", orders.stream().map(Order::toString).toList());
    }

    private static Order orderIn(Message m) throws JMSException {
        MapMessage map = (MapMessage) m;
        return new Order(map.getInt("orderId"), map.getString("item"));
    }

    // ------------------------------------------------------------------ JTA and JDBC plumbing

    /**
     * Begins a JTA transaction and enlists both resource managers: Narayana starts a branch in each (XAResource.start),
     * so what this thread then does through the XA session and the XA connection's handle belongs to the transaction.
     * At commit Narayana ends both, prepares both, logs its decision, then commits both.
     */
    private void beginWithBothResources() throws Exception {
        tm.begin();
        Transaction tx = tm.getTransaction();
        tx.enlistResource(new NamedXAResource(xaSession.getXAResource(), FERRYMQ_RM));
        tx.enlistResource(new NamedXAResource(databaseXa.getXAResource(), ORDERS_DB_RM));
    }

    /** Rolls back the transaction {@code failure} interrupted, if it is still there. */
    private void rollbackAfter(Exception failure) {
        try {
            if (tm.getStatus() != Status.STATUS_NO_TRANSACTION) {
                tm.rollback();
            }
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }

    private static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    /** A number from the committed data, on a connection of its own (outside any transaction). */
    private long queryLong(String sql) throws SQLException {
        try (Connection c = database.getConnection()) {
            return queryLong(c, sql);
        }
    }

    private static long queryLong(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}

package io.ferrymq.it;

import io.ferrymq.it.xa.H2Xa;
import io.ferrymq.it.xa.Narayana;
import io.ferrymq.it.xa.TmProcess;
import io.ferrymq.it.xa.CrashPoint;
import io.ferrymq.jms.FerryXAConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import jakarta.transaction.TransactionManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FerryMQ XA under a real transaction manager (Narayana, standalone) with a real second resource (H2 through its XA
 * data source): a send and an insert commit or roll back together; a receive and an insert too, with redelivery after
 * a failure; a broker restart between prepare and commit; and the transaction manager's JVM killed with SIGKILL after
 * prepare (a restarted one recovers: the message is delivered exactly once and the row is there) and before prepare
 * (neither). Narayana runs in this JVM for the first tests and in child JVMs for the crash tests.
 */
class JmsXaNarayanaTest extends JmsTestBase {
    private static final Duration MARKER_TIMEOUT = Duration.ofSeconds(60);
    private static Path dir;
    private static H2Xa h2;
    private static TransactionManager tm;

    @BeforeAll
    static void startTransactionManagerAndDatabase() throws Exception {
        dir = Files.createTempDirectory("ferrymq-xa-narayana");
        h2 = H2Xa.startServer(Files.createDirectories(dir.resolve("h2")));
        h2.execute(JmsXaOrderProcess.ORDERS, JmsXaOrderProcess.CREATE_ORDERS);
        tm = Narayana.configure(dir.resolve("objectstore"), "ferrymq-jms-xa-test-jvm").transactionManager();
    }

    @AfterAll
    static void stopDatabase() {
        if (h2 != null) {
            h2.close();
        }
    }

    private XASession xaSession() throws Exception {
        FerryXAConnectionFactory f = new FerryXAConnectionFactory();
        f.setNamesrvAddr(cluster.namesrvAddr());
        XAConnection c = closeLater(f.createXAConnection());
        c.start();
        return c.createXASession();
    }

    private static long orderRows(String id) throws Exception {
        return h2.queryLong(JmsXaOrderProcess.ORDERS, "SELECT COUNT(*) FROM orders WHERE id = ?", id);
    }

    /**
     * Inserts through the XA connection's one handle: H2 closes the previous handle when getConnection() is called
     * again, which rolls back and turns auto-commit on under the running branch.
     */
    private static void insertOrder(java.sql.Connection db, String id) throws Exception {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO orders (id) VALUES (?)")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    /** Begins a JTA transaction with these resources enlisted in this order (the order Narayana prepares them in). */
    private static void begin(XAResource... resources) throws Exception {
        tm.begin();
        for (XAResource r : resources) {
            tm.getTransaction().enlistResource(r);
        }
    }

    @Test
    void aSendAndAnInsertCommitTogetherOrNeitherHappens() throws Exception {
        Queue q = new io.ferrymq.jms.FerryQueue(unique("xa-orders"));
        XASession session = xaSession();
        String committed = unique("order");
        javax.sql.XAConnection db = h2.openXa(JmsXaOrderProcess.ORDERS);
        java.sql.Connection sql = db.getConnection();
        begin(session.getXAResource(), db.getXAResource());
        session.createProducer(q).send(session.createTextMessage(committed));
        insertOrder(sql, committed);
        tm.commit();

        String rolledBack = unique("order");
        begin(session.getXAResource(), db.getXAResource());
        session.createProducer(q).send(session.createTextMessage(rolledBack));
        insertOrder(sql, rolledBack);
        tm.rollback();
        db.close();

        MessageConsumer consumer = connection().createSession().createConsumer(q);
        assertEquals(List.of(committed), receiveTexts(consumer, 2, 3_000), "only the committed order is sent");
        assertEquals(1, orderRows(committed));
        assertEquals(0, orderRows(rolledBack));
    }

    @Test
    void aReceiveAndAnInsertCommitTogetherAndAFailureRedeliversTheMessage() throws Exception {
        Queue q = new io.ferrymq.jms.FerryQueue(unique("xa-inbox"));
        String id = unique("order");
        connection().createSession().createProducer(q).send(connection().createSession().createTextMessage(id));

        XASession session = xaSession();
        MessageConsumer consumer = session.createConsumer(q);
        javax.sql.XAConnection db = h2.openXa(JmsXaOrderProcess.ORDERS);
        java.sql.Connection sql = db.getConnection();

        // First attempt: the processing fails after the row is written; the transaction rolls back.
        begin(session.getXAResource(), db.getXAResource());
        Message first = consumer.receive(5_000);
        assertNotNull(first);
        insertOrder(sql, ((TextMessage) first).getText());
        tm.setRollbackOnly();
        tm.rollback();
        assertEquals(0, orderRows(id), "the row went with the failed attempt");

        // Second attempt: the message comes again, flagged, and this time both commit.
        begin(session.getXAResource(), db.getXAResource());
        Message again = consumer.receive(5_000);
        assertNotNull(again, "redelivered after the rollback");
        assertEquals(id, ((TextMessage) again).getText());
        assertTrue(again.getJMSRedelivered());
        insertOrder(sql, id);
        tm.commit();
        db.close();
        consumer.close();

        assertEquals(1, orderRows(id));
        MessageConsumer other = connection().createSession().createConsumer(q);
        assertNull(other.receive(1_000), "consumed by the committed transaction");
    }

    /** Stands in for a slow third resource: while it prepares, FerryMQ's branch is prepared and the broker restarts. */
    private static final class RestartBrokerWhilePreparing implements XAResource {
        @Override
        public int prepare(Xid xid) throws XAException {
            try {
                cluster.stopBroker("broker-a");
                cluster.restartBroker("broker-a");
            } catch (Exception e) {
                XAException x = new XAException(XAException.XAER_RMERR);
                x.initCause(e);
                throw x;
            }
            return XA_OK;
        }

        @Override
        public void commit(Xid xid, boolean onePhase) {
        }

        @Override
        public void end(Xid xid, int flags) {
        }

        @Override
        public void forget(Xid xid) {
        }

        @Override
        public int getTransactionTimeout() {
            return 0;
        }

        @Override
        public boolean isSameRM(XAResource other) {
            return other == this;
        }

        @Override
        public Xid[] recover(int flag) {
            return new Xid[0];
        }

        @Override
        public void rollback(Xid xid) {
        }

        @Override
        public boolean setTransactionTimeout(int seconds) {
            return false;
        }

        @Override
        public void start(Xid xid, int flags) {
        }
    }

    @Test
    void theBrokerRestartingBetweenPrepareAndCommitLosesNothing() throws Exception {
        Queue q = new io.ferrymq.jms.FerryQueue(unique("xa-restart"));
        XASession session = xaSession();
        String id = unique("order");
        javax.sql.XAConnection db = h2.openXa(JmsXaOrderProcess.ORDERS);
        java.sql.Connection sql = db.getConnection();
        begin(session.getXAResource(), db.getXAResource(), new RestartBrokerWhilePreparing());
        session.createProducer(q).send(session.createTextMessage(id));
        insertOrder(sql, id);
        tm.commit();
        db.close();

        MessageConsumer consumer = connection().createSession().createConsumer(q);
        assertEquals(List.of(id), receiveTexts(consumer, 2, 5_000), "delivered once, after the restart");
        assertEquals(1, orderRows(id));
    }

    private TmProcess orderProcess(Path store, Queue q, String id, CrashPoint.Mode mode) throws Exception {
        return TmProcess.start(dir.resolve(id + ".out"), JmsXaOrderProcess.class, "order", store.toString(), h2.baseUrl(),
                cluster.namesrvAddr(), q.getQueueName(), id, mode.name());
    }

    private String recoverInChild(Path store) throws Exception {
        try (TmProcess recovery = TmProcess.start(dir.resolve(store.getFileName() + "-recover.out"),
                JmsXaOrderProcess.class, "recover", store.toString(), h2.baseUrl(), cluster.namesrvAddr())) {
            recovery.awaitLine("RECOVERED", MARKER_TIMEOUT);
            return recovery.output();
        }
    }

    @Test
    void aTransactionManagerKilledAfterPrepareIsCompletedByItsSuccessorExactlyOnce() throws Exception {
        Queue q = new io.ferrymq.jms.FerryQueue(unique("xa-crash-commit"));
        String id = unique("order");
        Path store = dir.resolve("store-" + id);
        MessageConsumer consumer = connection().createSession().createConsumer(q);
        try (TmProcess app = orderProcess(store, q, id, CrashPoint.Mode.CRASH_IN_COMMIT)) {
            app.awaitLine(CrashPoint.MARKER + " commit", MARKER_TIMEOUT);
            app.killHard();
        }
        assertNull(consumer.receive(1_000), "prepared, not committed: nothing delivered yet");
        assertEquals(0, orderRows(id));

        String recovered = recoverInChild(store);
        assertTrue(recovered.contains("LOGS_BEFORE 1"), recovered);
        assertEquals(List.of(id), receiveTexts(consumer, 2, 5_000), "delivered exactly once");
        assertEquals(1, orderRows(id));
    }

    @Test
    void aTransactionManagerKilledBeforePrepareLeavesNeitherTheMessageNorTheRow() throws Exception {
        Queue q = new io.ferrymq.jms.FerryQueue(unique("xa-crash-prepare"));
        String id = unique("order");
        Path store = dir.resolve("store-" + id);
        MessageConsumer consumer = connection().createSession().createConsumer(q);
        try (TmProcess app = orderProcess(store, q, id, CrashPoint.Mode.CRASH_IN_PREPARE)) {
            app.awaitLine(CrashPoint.MARKER + " prepare", MARKER_TIMEOUT);
            app.killHard();
        }
        String recovered = recoverInChild(store);
        assertTrue(recovered.contains("LOGS_BEFORE 0"), recovered);
        assertNull(consumer.receive(1_500), "never sent");
        assertEquals(0, orderRows(id));
    }
}

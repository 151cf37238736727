package io.ferrymq.it;

import io.ferrymq.it.xa.CrashPoint;
import io.ferrymq.it.xa.H2Xa;
import io.ferrymq.it.xa.Narayana;
import io.ferrymq.jms.FerryXAConnectionFactory;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;

import javax.transaction.xa.XAResource;
import java.nio.file.Path;
import java.sql.PreparedStatement;

/**
 * The transaction-manager JVMs of {@link JmsXaNarayanaTest}, started through {@link io.ferrymq.it.xa.TmProcess};
 * prints markers on stdout.
 *
 * <ul>
 *   <li>{@code order <objectStore> <h2BaseUrl> <namesrv> <queue> <orderId> <crashMode>}: one JTA transaction (Narayana)
 *       that sends the order to the queue through FerryMQ XA and inserts its row through H2 XA, with a
 *       {@link CrashPoint} enlisted first so the JVM stops (to be killed) inside prepare or commit;</li>
 *   <li>{@code recover <objectStore> <h2BaseUrl> <namesrv>}: a restarted Narayana on the same object store and node,
 *       with FerryMQ and H2 recovery resources; prints {@code RECOVERED scans=<n>} once nothing is left in doubt.</li>
 * </ul>
 */
public final class JmsXaOrderProcess {
    static final String NODE = "ferrymq-jms-xa-it";
    static final String ORDERS = "shop";
    static final String CREATE_ORDERS = "CREATE TABLE IF NOT EXISTS orders (id VARCHAR(64) PRIMARY KEY)";

    private JmsXaOrderProcess() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "order" -> order(Path.of(args[1]), H2Xa.connect(args[2]), args[3], args[4], args[5],
                    CrashPoint.Mode.valueOf(args[6]));
            case "recover" -> recover(Path.of(args[1]), H2Xa.connect(args[2]), args[3]);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static XAConnection jms(String namesrv) throws Exception {
        FerryXAConnectionFactory f = new FerryXAConnectionFactory();
        f.setNamesrvAddr(namesrv);
        XAConnection c = f.createXAConnection();
        c.start();
        return c;
    }

    private static void order(Path store, H2Xa h2, String namesrv, String queue, String orderId, CrashPoint.Mode mode)
            throws Exception {
        TransactionManager tm = Narayana.configure(store, NODE).transactionManager();
        XAConnection jms = jms(namesrv);
        XASession session = jms.createXASession();
        javax.sql.XAConnection db = h2.openXa(ORDERS);
        tm.begin();
        Transaction tx = tm.getTransaction();
        // First: prepared first and committed first, so it stops the JVM before or after the others prepare.
        tx.enlistResource(new CrashPoint("crash-point-" + orderId, mode));
        tx.enlistResource(session.getXAResource());
        tx.enlistResource(db.getXAResource());
        session.createProducer(session.createQueue(queue)).send(session.createTextMessage(orderId));
        try (PreparedStatement ps = db.getConnection().prepareStatement("INSERT INTO orders (id) VALUES (?)")) {
            ps.setString(1, orderId);
            ps.executeUpdate();
        }
        tm.commit();
        say("COMMITTED " + orderId);
        jms.close();
    }

    private static void recover(Path store, H2Xa h2, String namesrv) throws Exception {
        Narayana narayana = Narayana.configure(store, NODE);
        XAConnection jms = jms(namesrv);
        XAResource jmsResource = jms.createXASession().getXAResource();
        narayana.addRecoveryHelper(() -> new XAResource[] {jmsResource});
        narayana.addRecoveryHelper(h2.recoveryResources(ORDERS));
        say("LOGS_BEFORE " + narayana.transactionLogs().size());
        int scans = narayana.recover();
        say("RECOVERED scans=" + scans);
        narayana.stopRecovery();
        jms.close();
        h2.close();
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}

package io.ferrymq.it.xa;

import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;

import javax.sql.XAConnection;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The child JVMs of {@link NarayanaH2RecoveryTest}, started through {@link TmProcess}; prints markers on stdout.
 *
 * <ul>
 *   <li>{@code tm <objectStoreDir> <h2BaseUrl> <id> <NONE|CRASH_IN_PREPARE|CRASH_IN_COMMIT> [first|last]}: a
 *       Narayana transaction with a {@link CrashPoint} enlisted first (or last), and one XA branch on database
 *       {@value #ORDERS} and one on {@value #LEDGER}, each inserting row {@code id}; commits (and prints
 *       {@code COMMITTED <id>}) unless the crash point stops it;</li>
 *   <li>{@code recover <objectStoreDir> <h2BaseUrl>}: a restarted Narayana on the same store and node identifier,
 *       recovering both databases; prints {@code LOGS_BEFORE <n>}, then {@code RECOVERED scans=<n>
 *       crashPointCommits=<n> crashPointRollbacks=<n>};</li>
 *   <li>{@code h2-prepare <h2BaseUrl> <id>}: no transaction manager: one XA branch on {@value #ORDERS} with
 *       {@link #RAW_XID}, inserting row {@code id}, prepared; prints {@code H2_PREPARED} and blocks.</li>
 * </ul>
 */
final class TwoH2BranchesProcess {
    static final String ORDERS = "orders";
    static final String LEDGER = "ledger";
    static final String NODE = "ferrymq-xa-it-1";
    static final String CREATE_ORDERS = "CREATE TABLE IF NOT EXISTS orders (id VARCHAR(64) PRIMARY KEY)";
    static final String CREATE_LEDGER = "CREATE TABLE IF NOT EXISTS ledger (id VARCHAR(64) PRIMARY KEY)";
    static final int RAW_FORMAT_ID = 4711;
    static final Xid RAW_XID = new SimpleXid(RAW_FORMAT_ID, "raw-gtrid".getBytes(StandardCharsets.UTF_8),
            "raw-bqual".getBytes(StandardCharsets.UTF_8));

    private TwoH2BranchesProcess() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "tm" -> transaction(Path.of(args[1]), H2Xa.connect(args[2]), args[3], CrashPoint.Mode.valueOf(args[4]),
                    args.length > 5 && args[5].equals("last"));
            case "recover" -> recover(Path.of(args[1]), H2Xa.connect(args[2]));
            case "h2-prepare" -> h2Prepare(H2Xa.connect(args[1]), args[2]);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static void transaction(Path store, H2Xa h2, String id, CrashPoint.Mode mode, boolean crashPointLast)
            throws Exception {
        TransactionManager tm = Narayana.configure(store, NODE).transactionManager();
        XAConnection orders = h2.openXa(ORDERS);
        XAConnection ledger = h2.openXa(LEDGER);
        tm.begin();
        Transaction tx = tm.getTransaction();
        CrashPoint crashPoint = new CrashPoint("crash-point-" + id, mode);
        if (!crashPointLast) {
            // First, so it is prepared first and committed first.
            tx.enlistResource(crashPoint);
        }
        tx.enlistResource(orders.getXAResource());
        tx.enlistResource(ledger.getXAResource());
        if (crashPointLast) {
            // Last: both H2 branches are prepared before it stops the JVM, and no log is written yet.
            tx.enlistResource(crashPoint);
        }
        insert(orders.getConnection(), "INSERT INTO orders (id) VALUES (?)", id);
        insert(ledger.getConnection(), "INSERT INTO ledger (id) VALUES (?)", id);
        tm.commit();
        say("COMMITTED " + id);
        h2.close();
    }

    private static void recover(Path store, H2Xa h2) {
        Narayana narayana = Narayana.configure(store, NODE);
        narayana.addRecoveryHelper(h2.recoveryResources(ORDERS, LEDGER));
        say("LOGS_BEFORE " + narayana.transactionLogs().size());
        int scans = narayana.recover();
        say("RECOVERED scans=" + scans + " crashPointCommits=" + CrashPoint.recoveredCommits()
                + " crashPointRollbacks=" + CrashPoint.recoveredRollbacks());
        narayana.stopRecovery();
        h2.close();
    }

    private static void h2Prepare(H2Xa h2, String id) throws Exception {
        XAConnection c = h2.openXa(ORDERS);
        XAResource r = c.getXAResource();
        r.start(RAW_XID, XAResource.TMNOFLAGS);
        insert(c.getConnection(), "INSERT INTO orders (id) VALUES (?)", id);
        r.end(RAW_XID, XAResource.TMSUCCESS);
        say("H2_PREPARED vote=" + r.prepare(RAW_XID));
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void insert(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    record SimpleXid(int formatId, byte[] globalTransactionId, byte[] branchQualifier) implements Xid {
        @Override
        public int getFormatId() {
            return formatId;
        }

        @Override
        public byte[] getGlobalTransactionId() {
            return globalTransactionId.clone();
        }

        @Override
        public byte[] getBranchQualifier() {
            return branchQualifier.clone();
        }
    }
}

package io.ferrymq.it.xa;

import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.XAConnection;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * H2 as an XA resource manager that several JVMs share: an H2 TCP server on 127.0.0.1 (an ephemeral port, file
 * databases under a base directory, created on first use), and the JDBC and XA plumbing a JTA test needs.
 * {@link org.h2.jdbcx.JdbcDataSource} implements {@link javax.sql.XADataSource}.
 *
 * <p>The JVM that owns the databases calls {@link #startServer(Path)}; a child JVM (a transaction manager that the
 * test kills) calls {@link #connect(String)} with {@link #baseUrl()}. Each database name is a separate resource
 * manager (and H2's {@code isSameRM} is identity, so even two connections to one database are two branches).
 *
 * <p><b>Prepared branches survive their transaction manager: verified with H2 2.3.232.</b> A child JVM started an XA
 * branch on a TCP connection, inserted a row, {@code end}ed and {@code prepare}d it, and was killed with SIGKILL.
 * A new connection's {@code XAResource.recover(TMSTARTRSCAN | TMENDRSCAN)} then returned the branch's Xid (same
 * format id, global id and qualifier), {@code INFORMATION_SCHEMA.IN_DOUBT} listed it as {@code IN_DOUBT}, and
 * {@code commit(xid, false)} on that new connection made the row visible (count 1). This held both when another
 * connection kept the database open throughout and when the killed JVM's connection was the last one (the database
 * closed and was reopened from its file). No setting is needed, because of how H2 implements it:
 * {@code prepare} runs {@code PREPARE COMMIT "<xid>"}, which names the MVStore transaction, marks it PREPARED and
 * commits the store; a session closing (a dropped TCP connection included) with a prepared transaction only ends it,
 * where an unprepared one is rolled back; and {@code recover()} lists every open transaction in state PREPARED from
 * {@code INFORMATION_SCHEMA.IN_DOUBT}, whichever session prepared it. A killed branch that was not prepared is rolled
 * back when the server sees the connection drop. {@code NarayanaH2RecoveryTest} repeats this check on every run
 * (without a transaction manager, then through Narayana).
 *
 * <p>Caveats (the first two read in H2's {@code JdbcXAConnection} and reproduced on 2.3.232 in one JVM):
 * <ul>
 *   <li>a graceful {@code XAConnection.close()} after {@code getConnection()} (the usual case: that is how the branch
 *       did its work) closes the logical connection handle, which rolls back, the prepared branch included: none was
 *       left in doubt. So never {@link #close()} this helper (or such an XA connection) while a branch it prepared
 *       should stay in doubt: kill the JVM;</li>
 *   <li>{@code rollback(xid)} runs {@code ROLLBACK TRANSACTION "<xid>"} only while the connection's "prepared" flag
 *       is set (by its own {@code prepare} or by {@code recover()}), and clears it: rolling back two in-doubt
 *       branches through one XAResource after one {@code recover()} rolls back the first and silently leaves the
 *       second in doubt. Narayana's recovery calls {@code recover()} on a fresh resource at every scan, so such
 *       expect such orphans to go one per database per scan. {@code commit(xid, false)} has no such flag;</li>
 *   <li>use file databases (as the server here does): an in-memory one does not outlive its last connection;</li>
 *   <li>a prepared branch keeps its row locks until resolved; readers see the last committed rows.</li>
 * </ul>
 */
public final class H2Xa implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(H2Xa.class);
    public static final String USER = "sa";
    public static final String PASSWORD = "";

    private final Server server;
    private final String baseUrl;
    private final List<XAConnection> opened = new ArrayList<>();

    private H2Xa(Server server, String baseUrl) {
        this.server = server;
        this.baseUrl = baseUrl;
    }

    /**
     * Starts an H2 TCP server on 127.0.0.1 and an ephemeral port, its databases files under {@code baseDir}, created
     * by the first connection that names them. {@link #close()} stops it.
     */
    public static H2Xa startServer(Path baseDir) throws SQLException {
        // -tcpAllowOthers stays off: the server answers loopback connections only.
        Server server = Server.createTcpServer("-tcp", "-tcpPort", "0", "-ifNotExists",
                "-baseDir", baseDir.toAbsolutePath().toString()).start();
        String url = "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/";
        LOG.info("H2 TCP server at {} on {}", url, baseDir);
        return new H2Xa(server, url);
    }

    /** A client of a server another JVM started; {@code baseUrl} is that server's {@link #baseUrl()}. */
    public static H2Xa connect(String baseUrl) {
        if (!baseUrl.startsWith("jdbc:h2:tcp://") || !baseUrl.endsWith("/")) {
            throw new IllegalArgumentException("expected jdbc:h2:tcp://host:port/, got " + baseUrl);
        }
        return new H2Xa(null, baseUrl);
    }

    /** {@code jdbc:h2:tcp://127.0.0.1:<port>/}: append a database name for a JDBC URL; pass it to child JVMs. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The JDBC URL of {@code database}. */
    public String url(String database) {
        return baseUrl + database;
    }

    /** A data source for {@code database}; also its {@link javax.sql.XADataSource}. */
    public JdbcDataSource dataSource(String database) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url(database));
        ds.setUser(USER);
        ds.setPassword(PASSWORD);
        return ds;
    }

    /** A plain (auto-commit) connection to {@code database}; the caller closes it. */
    public Connection connection(String database) throws SQLException {
        return dataSource(database).getConnection();
    }

    /** Runs DDL or DML statements on {@code database} in auto-commit mode (e.g. {@code CREATE TABLE IF NOT EXISTS}). */
    public void execute(String database, String... sql) throws SQLException {
        try (Connection c = connection(database); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    /**
     * Runs a query returning one number, e.g. {@code SELECT COUNT(*) FROM t WHERE id = ?}. Committed data only, and it
     * does not wait on a prepared branch's locks.
     */
    public long queryLong(String database, String sql, Object... params) throws SQLException {
        try (Connection c = connection(database); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no row from " + sql);
                }
                return rs.getLong(1);
            }
        }
    }

    /**
     * A new XA connection to {@code database}, kept open until {@link #close()} (a branch's connection must outlive
     * its transaction; recovery may use it after the scan that produced it).
     */
    public synchronized XAConnection openXa(String database) throws SQLException {
        XAConnection c = dataSource(database).getXAConnection();
        opened.add(c);
        return c;
    }

    /** The XAResource of a new {@link #openXa XA connection} to {@code database}. */
    public XAResource freshXAResource(String database) {
        try {
            return openXa(database).getXAResource();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open an XA connection to " + url(database), e);
        }
    }

    /**
     * For {@link Narayana#addRecoveryHelper}: each call returns one fresh XAResource (a new XA connection) per
     * database, so a scan never uses a connection a previous one broke.
     */
    public Supplier<XAResource[]> recoveryResources(String... databases) {
        List<String> names = List.of(databases);
        return () -> names.stream().map(this::freshXAResource).toArray(XAResource[]::new);
    }

    /** The Xids {@code database} holds prepared and unresolved, on a fresh XA connection. */
    public List<Xid> inDoubt(String database) throws SQLException, XAException {
        XAConnection c = dataSource(database).getXAConnection();
        try {
            return List.of(c.getXAResource().recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN));
        } finally {
            c.close();
        }
    }

    /**
     * Closes the XA connections this instance opened (rolling back any branch on them still prepared: see above) and
     * stops the server if it started one.
     */
    @Override
    public synchronized void close() {
        for (XAConnection c : opened) {
            try {
                c.close();
            } catch (SQLException e) {
                // A connection the server already dropped: nothing left to release.
                LOG.debug("closing an XA connection failed", e);
            }
        }
        opened.clear();
        if (server != null) {
            server.stop();
        }
    }

    @Override
    public String toString() {
        return "H2Xa[" + Objects.toString(baseUrl) + (server == null ? ", client" : ", server") + "]";
    }
}

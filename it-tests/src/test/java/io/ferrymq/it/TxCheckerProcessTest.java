package io.ferrymq.it;

import io.ferrymq.client.AdminClient;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.HalfMessageInfo;
import io.ferrymq.client.Message;
import io.ferrymq.client.TransactionProducer;
import io.ferrymq.client.TransactionSendResult;
import io.ferrymq.client.TransactionState;
import io.ferrymq.txchecker.TxChecker;
import io.ferrymq.txchecker.TxCheckerConfig;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The standalone transaction checker ({@code bin/txchecker}, its own process) resolving the transactions of a producing
 * application that died, on a real H2 file database: the application (a child JVM) is killed with SIGKILL after its
 * database commit but before END_TRANSACTION (the checker finds the row: delivered exactly once) and before its
 * database commit (no row: rolled back, never delivered); and with the database server down during checks, the
 * checker answers UNKNOWN until it is back, then the message is delivered once. The broker runs in this JVM with
 * checks every 300 ms.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TxCheckerProcessTest {
    private static final String TOPIC = "Orders";
    private static LocalCluster cluster;
    private static Path dir;
    private static String jdbcUrl;
    private static NodeProcess checker;

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalCluster.builder().brokerConfig(c -> c.setTransactionTimeOut(500).setTransactionCheckInterval(300)
                .setTransactionCheckMax(40)).start();
        dir = Files.createTempDirectory("ferrymq-txchecker-it");
        jdbcUrl = "jdbc:h2:file:" + dir.resolve("orders") + ";AUTO_SERVER=TRUE";
        try (AdminClient admin = new AdminClient(config("admin"))) {
            admin.start();
            admin.createTopic("DefaultCluster", TOPIC, 2);
        }
        checker = startChecker("order-checker", OrderServiceProcess.GROUP, jdbcUrl);
    }

    @AfterAll
    static void stop() throws Exception {
        if (checker != null) {
            checker.close();
        }
        cluster.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static ClientConfig config(String instance) {
        return new ClientConfig().setNamesrvAddr(cluster.namesrvAddr()).setInstanceName(instance);
    }

    /** Starts bin/txchecker for {@code group} on {@code url}; returns once it serves. */
    private static NodeProcess startChecker(String name, String group, String url) throws Exception {
        Path props = dir.resolve(name + ".properties");
        Files.writeString(props, String.join("\n",
                "namesrvAddr=" + cluster.namesrvAddr(),
                "producerGroups=" + group,
                "instanceName=" + name,
                "heartbeatBrokerIntervalMillis=500",
                "jdbcUrl=" + url,
                "graceMillis=2000",
                "connectionTimeoutMillis=1000",
                "queryTimeoutSeconds=1",
                "purgeIntervalMinutes=0") + "\n");
        NodeProcess p = NodeProcess.start(dir.resolve(name + ".log"), "txchecker", "-c", props.toString());
        await(() -> output(p).contains("FMQ-TXC-100"), name + " to serve", p);
        return p;
    }

    private static String output(NodeProcess p) {
        try {
            return p.output();
        } catch (IOException e) {
            return "";
        }
    }

    private static void await(BooleanSupplier condition, String what, NodeProcess logOf) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what
                        + (logOf == null ? "" : "; log of the checker:\n" + logOf.output()));
            }
            Thread.sleep(50);
        }
    }

    /** The producing application in a child JVM, printing its markers into a file. */
    private static Process startApp(String orderId, String mode, Path out) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                OrderServiceProcess.class.getName(), cluster.namesrvAddr(), jdbcUrl, TOPIC, orderId, mode));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    /** Waits for the app to print {@code marker}; returns the rest of that line (the transaction id). */
    private static String awaitMarker(Process app, Path out, String marker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(out)) {
                if (line.startsWith(marker + " ")) {
                    return line.substring(marker.length() + 1).trim();
                }
            }
            if (!app.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the application never printed " + marker + ":\n" + Files.readString(out));
    }

    /**
     * Waits until {@code checker} logged answer {@code code} (e.g. FMQ-TXC-020 COMMIT) for {@code tx} and the broker
     * settled the half: it no longer lists it.
     */
    private static void awaitAnswered(NodeProcess checker, String group, String tx, String code) throws Exception {
        await(() -> output(checker).lines().anyMatch(l -> l.contains(code) && l.contains(tx)),
                "the checker to answer " + code + " for " + tx, checker);
        await(() -> !listed(group, tx), "the broker to settle " + tx, checker);
    }

    private static void kill9(Process app) throws InterruptedException {
        app.destroyForcibly();
        assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private static boolean listed(String group, String transactionId) {
        try {
            return info(group, transactionId) != null;
        } catch (Exception unknownYet) {
            return true;
        }
    }

    /** How the broker lists the unresolved half {@code transactionId}; null when it is not (or no longer) listed. */
    private static HalfMessageInfo info(String group, String transactionId) throws Exception {
        try (AdminClient admin = new AdminClient(config("info-" + System.nanoTime()))) {
            admin.start();
            return admin.halfMessages(group, null).stream().filter(h -> h.transactionId().equals(transactionId))
                    .findFirst().orElse(null);
        }
    }

    private static int delivered(String body) throws Exception {
        return Collections.frequency(TopicReader.bodies(config("reader"), TOPIC), body);
    }

    private static boolean orderRowExists(String url, String orderId) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM orders WHERE id = ?")) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }

    /** A database server of its own, to take down and bring back. */
    private static Server h2Server(int port, Path baseDir) throws SQLException {
        return Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", baseDir.toString(), "-ifNotExists")
                .start();
    }

    @Test
    void killedAfterItsDatabaseCommitTheCheckerCommitsTheMessageOnce() throws Exception {
        Path out = dir.resolve("app-after-commit.out");
        Process app = startApp("order-A", "after-db-commit", out);
        String tx = awaitMarker(app, out, "DB_COMMITTED");
        kill9(app);

        awaitAnswered(checker, OrderServiceProcess.GROUP, tx, "FMQ-TXC-020");
        assertThat(delivered("order-A")).isEqualTo(1);
        assertThat(orderRowExists(jdbcUrl, "order-A")).isTrue();
    }

    @Test
    void killedBeforeItsDatabaseCommitTheMessageIsRolledBackAndNeverDelivered() throws Exception {
        Path out = dir.resolve("app-before-commit.out");
        Process app = startApp("order-B", "before-db-commit", out);
        String tx = awaitMarker(app, out, "IN_DB_TRANSACTION");
        kill9(app);

        awaitAnswered(checker, OrderServiceProcess.GROUP, tx, "FMQ-TXC-022");
        assertThat(delivered("order-B")).isZero();
        assertThat(orderRowExists(jdbcUrl, "order-B")).as("the killed transaction's row is gone").isFalse();
    }

    @Test
    void whileTheDatabaseIsDownChecksAnswerUnknownAndTheMessageIsDeliveredOnceItIsBack() throws Exception {
        String group = "payment-service";
        Path base = Files.createDirectories(dir.resolve("h2-server"));
        int port = NodeProcess.freePort();
        String url = "jdbc:h2:tcp://127.0.0.1:" + port + "/payments";
        Server[] db = {h2Server(port, base)};
        NodeProcess paymentChecker = startChecker("payment-checker", group, url);
        try {
            String tx;
            TxCheckerConfig appDb = new TxCheckerConfig().setJdbcUrl(url).setPurgeIntervalMinutes(0)
                    .setConnectionTimeoutMillis(500);
            try (TxChecker app = TxChecker.start(appDb);
                 TransactionProducer producer = new TransactionProducer(group, config("payment-app"), h -> null)) {
                OrderServiceProcess.createOrdersTable(app);
                producer.start();
                TransactionSendResult r = producer.sendInTransaction(
                        new Message(TOPIC, "payment-P".getBytes(StandardCharsets.UTF_8)), (m, id) -> {
                            app.transactionLog().inTransaction(app.dataSource(), id,
                                    c -> OrderServiceProcess.insertOrder(c, "payment-P"));
                            // The commit is in; the database server goes down and the application leaves unsure.
                            db[0].stop();
                            return TransactionState.UNKNOWN;
                        });
                tx = r.transactionId();
            }
            await(() -> {
                try {
                    HalfMessageInfo h = info(group, tx);
                    return h != null && h.checks() >= 2 && "UNKNOWN".equals(h.lastAnswer());
                } catch (Exception e) {
                    return false;
                }
            }, "checks answered UNKNOWN while the database is down", paymentChecker);
            assertThat(info(group, tx).parked()).isFalse();
            assertThat(delivered("payment-P")).isZero();
            assertThat(paymentChecker.output()).contains("FMQ-TXC-024");

            db[0] = h2Server(port, base);
            awaitAnswered(paymentChecker, group, tx, "FMQ-TXC-020");
            assertThat(delivered("payment-P")).isEqualTo(1);

            assertThat(NodeProcess.run("mqshutdown", "txchecker", "payment-checker.properties")).isZero();
            assertThat(paymentChecker.awaitExit(30)).isTrue();
            assertThat(paymentChecker.output()).contains("FMQ-TXC-105").contains("FMQ-TXC-050");
        } finally {
            paymentChecker.close();
            db[0].stop();
        }
    }
}

package io.ferrymq.it.wildfly;

import io.ferrymq.jms.FerryXAConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import jakarta.jms.XAConnection;
import org.jboss.arquillian.container.test.api.ContainerController;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.transaction.xa.XAResource;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application server dies between prepare and commit, and its transaction recovery finishes the work after a
 * restart: a CMT method enlists {@link CrashXAResource} first, inserts a row through the H2 XA datasource and sends
 * through the adapter; Narayana prepares all three, logs the decision and commits the crash resource first, which
 * blocks; the test kills the server's JVM with SIGKILL, checks the FerryMQ and H2 branches are in doubt, restarts
 * the server (its deployments come back from its configuration) and waits for recovery: the row once, the message
 * once, no branch left in doubt anywhere.
 */
@ExtendWith(WildFlySuite.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@Timeout(value = 400, unit = TimeUnit.SECONDS)
class WildFlyRecoveryTest {
    private static final Logger LOG = LoggerFactory.getLogger(WildFlyRecoveryTest.class);
    private static final String APP = "ferrymq-crash";
    private static TestClient client;

    @ArquillianResource
    private ContainerController controller;

    @Deployment(name = "adapter", order = 1, testable = false)
    @TargetsContainer(WildFlyAdapterTest.CONTAINER)     // a manual container deploys only what names it
    static ResourceAdapterArchive adapter() {
        return Deployments.adapter(List.of("wf-crash-orders"), List.of());
    }

    @Deployment(name = "app", order = 2, testable = false)
    @TargetsContainer(WildFlyAdapterTest.CONTAINER)
    static WebArchive app() {
        // org.jboss.jts: Narayana's recovery API, for CrashRecoveryRegistration.
        return Deployments.webApp(APP, "org.jboss.jts", CrashServlet.class, CrashOrderBean.class, OrderWork.class,
                CrashXAResource.class, CrashRecoveryRegistration.class);
    }

    @BeforeEach
    void server() throws JMSException {
        controller.start(WildFlyAdapterTest.CONTAINER);
        if (client == null) {
            client = new TestClient(WildFlySuite.get().appUrl(APP));
        }
    }

    @AfterAll
    static void closeClient() throws JMSException {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    @Test
    void serverKilledAfterPrepareRecoversTheTransactionExactlyOnceAfterRestart() throws Exception {
        Path crashDir = WildFlySuite.wildFlyHome().resolve("standalone/data/ferrymq-crash");
        WildFlySuite.deleteTree(crashDir);
        ProcessHandle server = serverProcess();

        long t0 = System.nanoTime();
        CompletableFuture<HttpResponse<String>> call = client.http().sendAsync(
                client.request("crash", Map.of("id", "crash-1", "item", "survives the crash")),
                HttpResponse.BodyHandlers.ofString());
        await(() -> Files.exists(crashDir.resolve("commit-reached")) || call.isDone(), 60_000,
                "the transaction reaching its first commit");
        assertThat(call).as("the call is blocked in commit, not finished").isNotDone();

        server.destroyForcibly();      // SIGKILL: no shutdown hooks, no graceful close of any connection
        assertThat(server.onExit().get(60, TimeUnit.SECONDS).isAlive()).isFalse();
        LOG.info("WildFly (pid {}) killed in commit after {} ms", server.pid(), (System.nanoTime() - t0) / 1_000_000);

        // In doubt now: every branch prepared, none committed.
        assertThat(WildFlyAdapterTest.rows("crash-%")).as("row invisible while its branch is in doubt").isEmpty();
        assertThat(h2InDoubt()).as("H2 branches in doubt").isEqualTo(1);
        assertThat(ferryPreparedBranches()).as("FerryMQ branches prepared").isEqualTo(1);
        assertThat(preparedCrashBranches(crashDir)).as("crash resource branches prepared").isEqualTo(1);
        assertThat(client.receive("wf-crash-orders", 0, 0, 1_000)).as("nothing delivered before recovery").isEmpty();

        controller.kill(WildFlyAdapterTest.CONTAINER);    // Arquillian's view of it: gone (the process is dead)
        long restart = System.nanoTime();
        controller.start(WildFlyAdapterTest.CONTAINER);
        LOG.info("WildFly restarted in {} ms; waiting for its transaction recovery",
                (System.nanoTime() - restart) / 1_000_000);

        List<Message> delivered = client.receive("wf-crash-orders", 1, 180_000, 5_000);
        LOG.info("recovery delivered the message {} ms after the restart began", (System.nanoTime() - restart) / 1_000_000);
        assertThat(delivered).as("the message, exactly once").hasSize(1);
        assertThat(delivered.get(0).getStringProperty("orderId")).isEqualTo("crash-1");
        assertThat(((TextMessage) delivered.get(0)).getText()).isEqualTo("survives the crash");
        await(() -> uncheckedRows().size() == 1, 120_000, "the row committed by recovery");
        assertThat(WildFlyAdapterTest.rows("crash-%")).containsExactly("crash-1");
        await(() -> uncheckedInDoubt() == 0, 60_000, "no branch left in doubt");
        assertThat(ferryPreparedBranches()).as("FerryMQ branches left prepared").isZero();
        assertThat(h2InDoubt()).as("H2 branches left in doubt").isZero();
        assertThat(client.receive("wf-crash-orders", 0, 0, 3_000)).as("no second delivery").isEmpty();
    }

    /** The WildFly JVM Arquillian launched: a child of this JVM running jboss-modules from the suite's server. */
    private static ProcessHandle serverProcess() {
        String home = WildFlySuite.wildFlyHome().toString();
        List<ProcessHandle> found = ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains("jboss-modules.jar") && c.contains(home))
                        .orElse(false))
                .toList();
        assertThat(found).as("one WildFly process under " + home).hasSize(1);
        return found.get(0);
    }

    private static long h2InDoubt() throws Exception {
        try (var c = WildFlySuite.get().h2().connection(WildFlySuite.DATABASE);
             var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.IN_DOUBT")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** What FerryMQ's {@code recover()} lists: the prepared branches of the whole cluster (docs/xa.md). */
    private static int ferryPreparedBranches() throws Exception {
        FerryXAConnectionFactory factory = new FerryXAConnectionFactory();
        factory.setNamesrvAddr(WildFlySuite.get().namesrvAddr());
        try (XAConnection c = factory.createXAConnection()) {
            XAResource xa = c.createXASession().getXAResource();
            return xa.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN).length;
        }
    }

    private static long preparedCrashBranches(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("branch-")).count();
        }
    }

    private static List<String> uncheckedRows() {
        try {
            return WildFlyAdapterTest.rows("crash-%");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long uncheckedInDoubt() {
        try {
            return h2InDoubt() + ferryPreparedBranches()
                    + preparedCrashBranches(WildFlySuite.wildFlyHome().resolve("standalone/data/ferrymq-crash"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition, long timeoutMillis, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for " + what);
            }
            Thread.sleep(200);
        }
    }
}

package io.ferrymq.it.wildfly;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.BrokerController;
import io.ferrymq.it.xa.H2Xa;
import io.ferrymq.namesrv.NameServer;
import io.ferrymq.namesrv.NamesrvConfig;
import io.ferrymq.store.StoreConfig;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * What the WildFly tests share for the whole test run, started by the first test class that registers this
 * extension (before Arquillian's, so before the server starts and anything is deployed) and closed when the run
 * ends: a FerryMQ nameserver and broker in this JVM, an H2 TCP server (the XA database the server's datasource
 * uses, outliving the server when a test kills it), a free port offset for the server (system property
 * {@code ferrymq.wildfly.portOffset}, read by arquillian.xml), and a server directory reset to the distribution's
 * configuration with no data (no deployments or transaction logs left by an earlier run that died).
 * Touched by the JUnit thread only.
 */
public final class WildFlySuite implements BeforeAllCallback, ExtensionContext.Store.CloseableResource {
    private static final Logger LOG = LoggerFactory.getLogger(WildFlySuite.class);
    /** WildFly's socket bindings in standalone-full.xml, each moved by the port offset. */
    private static final int[] SERVER_PORTS = {8080, 8443, 8009, 9990, 9993, 3528, 3529, 4712, 4713};
    static final String DATABASE = "wildfly";
    private static final String DB_USER = "wildfly";

    private static WildFlySuite current;

    private final Path dir;
    private final NameServer namesrv;
    private final BrokerController broker;
    private final H2Xa h2;
    private final int portOffset;

    /** For JUnit's {@code @ExtendWith}; the state lives in {@link #get()}. */
    public WildFlySuite() {
        this.dir = null;
        this.namesrv = null;
        this.broker = null;
        this.h2 = null;
        this.portOffset = 0;
    }

    private WildFlySuite(Path dir, NameServer namesrv, BrokerController broker, H2Xa h2, int portOffset) {
        this.dir = dir;
        this.namesrv = namesrv;
        this.broker = broker;
        this.h2 = h2;
        this.portOffset = portOffset;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (WildFlySuite.class) {
            if (current == null) {
                current = start();
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(WildFlySuite.class.getName(), current);
            }
        }
    }

    /** The running suite state; a test class registering this extension has it from {@code @BeforeAll} on. */
    static WildFlySuite get() {
        if (current == null) {
            throw new IllegalStateException("@ExtendWith(WildFlySuite.class) must come before ArquillianExtension");
        }
        return current;
    }

    private static WildFlySuite start() throws Exception {
        Path home = wildFlyHome();
        Path dir = Files.createTempDirectory("ferrymq-wildfly-it");
        H2Xa h2 = H2Xa.startServer(dir.resolve("h2"));
        h2.execute(DATABASE, "CREATE TABLE IF NOT EXISTS orders (id VARCHAR(64) PRIMARY KEY, item VARCHAR(200))",
                // The server's own user (a password: WildFly drops an empty one); ADMIN to list in-doubt branches.
                "CREATE USER IF NOT EXISTS " + DB_USER + " PASSWORD '" + DB_USER + "' ADMIN");
        resetServer(home, h2.url(DATABASE));
        int offset = freePortOffset();
        System.setProperty("ferrymq.wildfly.portOffset", Integer.toString(offset));
        System.setProperty("ferrymq.wildfly.managementPort", Integer.toString(9990 + offset));
        NameServer namesrv = new NameServer(new NamesrvConfig().setListenPort(0).setBindAddress("127.0.0.1"));
        namesrv.start();
        BrokerConfig config = new BrokerConfig().setBrokerName("broker-a").setBrokerIP1("127.0.0.1")
                .setBindAddress("127.0.0.1").setListenPort(0).setNamesrvAddr("127.0.0.1:" + namesrv.port());
        StoreConfig store = new StoreConfig().setStorePathRootDir(dir.resolve("broker-a").toString())
                .setMappedFileSizeCommitLog(32 * 1024 * 1024).setMaxHashSlotNum(10_000).setMaxIndexNum(40_000)
                .setHaListenPort(0);
        BrokerController broker = new BrokerController(config, store);
        broker.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!namesrv.routes().clusterInfo().brokers().containsKey("broker-a")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the broker did not register with the nameserver");
            }
            Thread.sleep(20);
        }
        LOG.info("WildFly suite: nameserver 127.0.0.1:{}, H2 {}, WildFly {} with port offset {}", namesrv.port(),
                h2.baseUrl(), home, offset);
        return new WildFlySuite(dir, namesrv, broker, h2, offset);
    }

    static Path wildFlyHome() {
        String home = System.getProperty("ferrymq.wildfly.home");
        if (home == null || !Files.isDirectory(Path.of(home, "modules"))) {
            throw new IllegalStateException("no WildFly at ferrymq.wildfly.home=" + home
                    + " (it-tests' pom unpacks org.wildfly:wildfly-dist into target/ in process-test-classes)");
        }
        return Path.of(home);
    }

    /**
     * Gives the unpacked server its distribution configuration back and empties its data, logs and temp dirs: a run
     * killed half-way leaves deployments recorded in standalone-full.xml and transactions in the object store,
     * which the next run's server would redeploy and recover against a cluster that no longer exists. Then adds the
     * XA datasource {@code java:/jdbc/FerryItXA} on this run's H2 database, with a recovery credential, as an
     * administrator would (CLI or console). In the server configuration rather than a deployed {@code -ds.xml}: with
     * one, WildFly 39 logged IJ020016 (XA recovery disabled) whatever its {@code <recovery>} said.
     */
    private static void resetServer(Path home, String databaseUrl) throws IOException {
        Path configDir = home.resolve("standalone/configuration");
        Path config = configDir.resolve("standalone-full.xml");
        Path pristine = configDir.resolve("standalone-full.xml.ferrymq-pristine");
        if (!Files.exists(pristine)) {
            Files.copy(config, pristine);
        }
        String xml = Files.readString(pristine);
        String datasource = """
                <xa-datasource jndi-name="java:/jdbc/FerryItXA" pool-name="FerryItXA" enabled="true">
                                    <xa-datasource-property name="URL">%s</xa-datasource-property>
                                    <driver>h2</driver>
                                    <xa-pool><min-pool-size>0</min-pool-size><max-pool-size>10</max-pool-size></xa-pool>
                                    <security user-name="%s" password="%s"/>
                                    <recovery><recover-credential user-name="%s" password="%s"/></recovery>
                                </xa-datasource>
                                <drivers>""".formatted(databaseUrl, DB_USER, DB_USER, DB_USER, DB_USER);
        if (!xml.contains("                <drivers>")) {
            throw new IllegalStateException("no <drivers> in " + pristine + ": the datasource cannot be added");
        }
        Files.writeString(config, xml.replace("<drivers>", datasource.strip()));
        deleteTree(configDir.resolve("standalone_xml_history"));
        for (String sub : List.of("data", "log", "tmp")) {
            deleteTree(home.resolve("standalone").resolve(sub));
        }
    }

    /** A multiple of 100 at which every port the server binds is free on loopback now. */
    private static int freePortOffset() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int offset = 100 * ThreadLocalRandom.current().nextInt(100, 550);
            if (allFree(offset)) {
                return offset;
            }
        }
        throw new IllegalStateException("no free port offset for WildFly found");
    }

    private static boolean allFree(int offset) {
        for (int port : SERVER_PORTS) {
            try (ServerSocket s = new ServerSocket(port + offset, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
            } catch (IOException busy) {
                return false;
            }
        }
        return true;
    }

    String namesrvAddr() {
        return "127.0.0.1:" + namesrv.port();
    }

    H2Xa h2() {
        return h2;
    }

    /** The JDBC URL of the test database, as the server's XA datasource connects to it. */
    String databaseUrl() {
        return h2.url(DATABASE);
    }

    int portOffset() {
        return portOffset;
    }

    /** The application's base URL, e.g. {@code http://127.0.0.1:18080/ferrymq-it/}. */
    String appUrl(String context) {
        return "http://127.0.0.1:" + (8080 + portOffset) + "/" + context + "/";
    }

    @Override
    public void close() throws Throwable {
        try {
            h2.close();
            broker.shutdown();
            namesrv.shutdown();
        } finally {
            deleteTree(dir);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}

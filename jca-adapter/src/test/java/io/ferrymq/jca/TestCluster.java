package io.ferrymq.jca;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.BrokerController;
import io.ferrymq.namesrv.NameServer;
import io.ferrymq.namesrv.NamesrvConfig;
import io.ferrymq.store.StoreConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A nameserver and one master broker in the test JVM, on free loopback ports, data in a temp dir that close()
 * deletes: the cluster the adapter's tests connect to (the adapter itself only sees the JMS provider).
 */
public final class TestCluster implements AutoCloseable {
    private final NameServer namesrv;
    private final BrokerController broker;
    private final Path dir;
    private boolean closed;

    private TestCluster(NameServer namesrv, BrokerController broker, Path dir) {
        this.namesrv = namesrv;
        this.broker = broker;
        this.dir = dir;
    }

    public static TestCluster start() throws Exception {
        Path dir = Files.createTempDirectory("ferrymq-jca-test");
        NameServer namesrv = new NameServer(new NamesrvConfig().setListenPort(0).setBindAddress("127.0.0.1"));
        namesrv.start();
        BrokerConfig config = new BrokerConfig().setBrokerName("broker-a").setBrokerIP1("127.0.0.1")
                .setBindAddress("127.0.0.1").setListenPort(0).setNamesrvAddr("127.0.0.1:" + namesrv.port());
        StoreConfig store = new StoreConfig().setStorePathRootDir(dir.resolve("broker-a").toString())
                .setMappedFileSizeCommitLog(16 * 1024 * 1024).setMaxHashSlotNum(1_000).setMaxIndexNum(4_000)
                .setHaListenPort(0);
        BrokerController broker = new BrokerController(config, store);
        broker.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!namesrv.routes().clusterInfo().brokers().containsKey("broker-a")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the broker did not register");
            }
            Thread.sleep(20);
        }
        return new TestCluster(namesrv, broker, dir);
    }

    public String namesrvAddr() {
        return "127.0.0.1:" + namesrv.port();
    }

    public BrokerController broker() {
        return broker;
    }

    /** Stops both and deletes the data; a second call does nothing (tests that stop a cluster early may call it again). */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        broker.shutdown();
        namesrv.shutdown();
        List<Path> paths;
        try (Stream<Path> s = Files.walk(dir)) {
            paths = s.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : paths) {
            Files.deleteIfExists(p);
        }
    }
}

package io.ferrymq.it;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.BrokerController;
import io.ferrymq.namesrv.NameServer;
import io.ferrymq.namesrv.NamesrvConfig;
import io.ferrymq.store.StoreConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A nameserver and a single-master broker in this JVM, on loopback, with free ports and a temp dir:
 * the smallest FerryMQ cluster, for compatibility tests that drive it with the official client.
 */
final class LocalCluster implements AutoCloseable {
    final NameServer namesrv;
    final BrokerController broker;
    final Path dir;

    private LocalCluster(NameServer namesrv, BrokerController broker, Path dir) {
        this.namesrv = namesrv;
        this.broker = broker;
        this.dir = dir;
    }

    static LocalCluster start() throws Exception {
        Path dir = Files.createTempDirectory("ferrymq-it");
        NameServer namesrv = new NameServer(new NamesrvConfig().setListenPort(0).setBindAddress("127.0.0.1"));
        namesrv.start();
        BrokerConfig config = new BrokerConfig().setBrokerName("broker-a").setBrokerIP1("127.0.0.1")
                .setBindAddress("127.0.0.1").setListenPort(0).setNamesrvAddr("127.0.0.1:" + namesrv.port());
        StoreConfig store = new StoreConfig().setStorePathRootDir(dir.toString())
                .setMappedFileSizeCommitLog(64 * 1024 * 1024).setMaxHashSlotNum(10_000).setMaxIndexNum(40_000);
        BrokerController broker = new BrokerController(config, store);
        broker.start();
        LocalCluster cluster = new LocalCluster(namesrv, broker, dir);
        cluster.awaitRegistered();
        return cluster;
    }

    String namesrvAddr() {
        return "127.0.0.1:" + namesrv.port();
    }

    String brokerAddr() {
        return broker.config().brokerAddr();
    }

    private void awaitRegistered() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (namesrv.routes().route("TBW102") == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("broker did not register with the nameserver");
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws Exception {
        broker.shutdown();
        namesrv.shutdown();
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(paths::add);
        }
        for (Path p : paths) {
            Files.deleteIfExists(p);
        }
    }
}

package io.ferrymq.examples;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.BrokerController;
import io.ferrymq.namesrv.NameServer;
import io.ferrymq.namesrv.NamesrvConfig;
import io.ferrymq.store.StoreConfig;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The examples' local cluster: one nameserver and one master broker in this JVM, on free loopback ports, the broker's
 * data under {@code dataDir/broker-a} (recovered when an example runs again). Not thread-safe; one per example.
 */
final class EmbeddedCluster implements AutoCloseable {
    private final NameServer namesrv;
    private final BrokerController broker;

    private EmbeddedCluster(NameServer namesrv, BrokerController broker) {
        this.namesrv = namesrv;
        this.broker = broker;
    }

    /**
     * Starts both and waits until the broker is registered.
     *
     * @param brokerSettings adjusts the broker's config (e.g. shorter back-check times)
     * @param storeSettings  adjusts the store's config (e.g. the flush mode)
     */
    static EmbeddedCluster start(Path dataDir, Consumer<BrokerConfig> brokerSettings, Consumer<StoreConfig> storeSettings)
            throws Exception {
        NameServer namesrv = new NameServer(new NamesrvConfig().setListenPort(0).setBindAddress("127.0.0.1"));
        namesrv.start();
        BrokerConfig config = new BrokerConfig().setBrokerName("broker-a").setBrokerIP1("127.0.0.1")
                .setBindAddress("127.0.0.1").setListenPort(0).setNamesrvAddr("127.0.0.1:" + namesrv.port());
        brokerSettings.accept(config);
        StoreConfig store = new StoreConfig().setStorePathRootDir(dataDir.resolve("broker-a").toString())
                // Small files keep the examples light; the production default is 1 GiB.
                .setMappedFileSizeCommitLog(64 * 1024 * 1024).setMaxHashSlotNum(10_000).setMaxIndexNum(40_000);
        storeSettings.accept(store);
        BrokerController broker = new BrokerController(config, store);
        broker.start();
        EmbeddedCluster cluster = new EmbeddedCluster(namesrv, broker);
        cluster.awaitRoute("TBW102");
        return cluster;
    }

    String namesrvAddr() {
        return "127.0.0.1:" + namesrv.port();
    }

    String brokerAddr() {
        return broker.config().brokerAddr();
    }

    /** Waits until the nameserver has a route for {@code topic} (a topic just created reaches it shortly after). */
    void awaitRoute(String topic) throws InterruptedException {
        while (namesrv.routes().route(topic) == null) {
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        broker.shutdown();
        namesrv.shutdown();
    }
}

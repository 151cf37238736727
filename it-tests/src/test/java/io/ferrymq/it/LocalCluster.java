package io.ferrymq.it;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.BrokerController;
import io.ferrymq.namesrv.NameServer;
import io.ferrymq.namesrv.NamesrvConfig;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.StoreConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Nameservers and master brokers in this JVM, on loopback, with free ports and a temp dir: small FerryMQ
 * clusters for tests that drive them with clients. Built by {@link #builder()}; {@link #start()} is the
 * one-nameserver, one-broker default.
 */
final class LocalCluster implements AutoCloseable {
    final NameServer namesrv;
    final BrokerController broker;
    final Path dir;
    private final List<NameServer> namesrvs;
    private final Map<String, BrokerController> brokers;
    private final Builder settings;

    private LocalCluster(List<NameServer> namesrvs, Map<String, BrokerController> brokers, Path dir, Builder settings) {
        this.namesrvs = namesrvs;
        this.brokers = brokers;
        this.namesrv = namesrvs.get(0);
        this.broker = brokers.values().iterator().next();
        this.dir = dir;
        this.settings = settings;
    }

    static LocalCluster start() throws Exception {
        return builder().start();
    }

    static Builder builder() {
        return new Builder();
    }

    /** What to start. */
    static final class Builder {
        private int namesrvCount = 1;
        private final List<String> brokerNames = new ArrayList<>();
        private boolean autoCreateTopic = true;
        private boolean autoCreateGroup = true;
        private java.util.function.Consumer<StoreConfig> storeSettings = s -> { };
        private Consumer<BrokerConfig> brokerSettings = c -> { };
        private Map<String, String> users;

        Builder namesrvs(int count) {
            namesrvCount = count;
            return this;
        }

        Builder broker(String name) {
            brokerNames.add(name);
            return this;
        }

        Builder autoCreateTopic(boolean on) {
            autoCreateTopic = on;
            return this;
        }

        Builder autoCreateGroup(boolean on) {
            autoCreateGroup = on;
            return this;
        }

        /** Adjusts every broker's config before it starts (e.g. shorter lock lifetimes). */
        Builder brokerConfig(Consumer<BrokerConfig> settings) {
            brokerSettings = settings;
            return this;
        }

        /**
         * Every broker requires RocketMQ ACL signatures ({@code aclEnable=true}) from these users (access key →
         * secret key), read from the default users file {@link LocalCluster#usersFile()}.
         */
        Builder users(Map<String, String> accessKeyToSecretKey) {
            users = Map.copyOf(accessKeyToSecretKey);
            return this;
        }

        /** Adjusts every broker's store config before it starts (e.g. short delay levels). */
        Builder storeConfig(java.util.function.Consumer<StoreConfig> settings) {
            storeSettings = settings;
            return this;
        }

        LocalCluster start() throws Exception {
            if (brokerNames.isEmpty()) {
                brokerNames.add("broker-a");
            }
            Path dir = Files.createTempDirectory("ferrymq-it");
            if (users != null) {
                writeUsers(dir.resolve(USERS_FILE), users);
            }
            List<NameServer> namesrvs = new ArrayList<>();
            for (int i = 0; i < namesrvCount; i++) {
                NameServer n = new NameServer(new NamesrvConfig().setListenPort(0).setBindAddress("127.0.0.1"));
                n.start();
                namesrvs.add(n);
            }
            StringJoiner addrs = new StringJoiner(";");
            namesrvs.forEach(n -> addrs.add("127.0.0.1:" + n.port()));
            Map<String, BrokerController> brokers = new LinkedHashMap<>();
            for (String name : brokerNames) {
                brokers.put(name, startBroker(dir, name, 0, addrs.toString(), this));
            }
            LocalCluster cluster = new LocalCluster(namesrvs, brokers, dir, this);
            for (String name : brokerNames) {
                cluster.awaitRegistered(name);
            }
            return cluster;
        }
    }

    private static BrokerController startBroker(Path dir, String name, int port, String namesrvAddr, Builder b)
            throws Exception {
        BrokerConfig config = new BrokerConfig().setBrokerName(name).setBrokerIP1("127.0.0.1")
                .setBindAddress("127.0.0.1").setListenPort(port).setNamesrvAddr(namesrvAddr)
                .setAutoCreateTopicEnable(b.autoCreateTopic).setAutoCreateSubscriptionGroup(b.autoCreateGroup);
        if (b.users != null) {
            config.setAclEnable(true);
        }
        b.brokerSettings.accept(config);
        StoreConfig store = new StoreConfig().setStorePathRootDir(dir.resolve(name).toString())
                .setMappedFileSizeCommitLog(64 * 1024 * 1024).setMaxHashSlotNum(10_000).setMaxIndexNum(40_000)
                // Any free replication port: a restarted broker keeps its listen port, and listenPort + 1 (the
                // default) may have been taken by anything meanwhile (DelayedMessageTest failed with a BindException).
                .setHaListenPort(0);
        b.storeSettings.accept(store);
        BrokerController broker = new BrokerController(config, store);
        broker.start();
        return broker;
    }

    /** The brokers' default users file ({@code <storePathRootDir>/../conf/users.properties}), store roots being {@code dir/<name>}. */
    private static final String USERS_FILE = "conf/users.properties";

    /** The users file of a cluster built with {@link Builder#users}; rewrite it with {@link #writeUsers}. */
    Path usersFile() {
        return dir.resolve(USERS_FILE);
    }

    /** Writes {@code accessKey=secretKey} lines, atomically (brokers re-read the file when it changes). */
    static void writeUsers(Path file, Map<String, String> users) throws java.io.IOException {
        Files.createDirectories(file.getParent());
        StringBuilder sb = new StringBuilder("# accessKey=secretKey\n");
        users.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, sb);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    String namesrvAddr() {
        StringJoiner addrs = new StringJoiner(";");
        namesrvs.forEach(n -> addrs.add("127.0.0.1:" + n.port()));
        return addrs.toString();
    }

    String brokerAddr() {
        return broker.config().brokerAddr();
    }

    BrokerController broker(String name) {
        return brokers.get(name);
    }

    NameServer namesrv(int index) {
        return namesrvs.get(index);
    }

    /** Stops a broker as an operator would (it unregisters from the nameservers). */
    void stopBroker(String name) {
        brokers.get(name).shutdown();
    }

    /** Starts a stopped broker again on the same port over the same data. */
    BrokerController restartBroker(String name) throws Exception {
        BrokerController old = brokers.get(name);
        BrokerController restarted = startBroker(dir, name, old.config().getListenPort(), old.config().getNamesrvAddr(),
                settings);
        brokers.put(name, restarted);
        awaitRegistered(name);
        return restarted;
    }

    /**
     * Waits until the first broker has built its consume queues for everything it stored so far, so a read of its
     * store sees every message sent before this call; returns that store.
     */
    MessageStore awaitDispatched() throws InterruptedException {
        MessageStore store = broker.store();
        long stored = store.commitLogMaxOffset();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (store.dispatchedOffset() < stored) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("dispatch of the commit log stuck at " + store.dispatchedOffset()
                        + " of " + stored);
            }
            Thread.sleep(10);
        }
        return store;
    }

    private void awaitRegistered(String brokerName) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (NameServer n : namesrvs) {
            while (!n.routes().clusterInfo().brokers().containsKey(brokerName)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(brokerName + " did not register with every nameserver");
                }
                Thread.sleep(20);
            }
        }
    }

    @Override
    public void close() throws Exception {
        for (BrokerController b : brokers.values()) {
            b.shutdown();
        }
        for (NameServer n : namesrvs) {
            n.shutdown();
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(paths::add);
        }
        for (Path p : paths) {
            Files.deleteIfExists(p);
        }
    }
}

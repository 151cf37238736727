package io.ferrymq.broker;

import io.ferrymq.common.config.ConfigBinder;
import io.ferrymq.common.config.ConfigException;
import io.ferrymq.store.StoreConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Command line entry of the broker: {@code mqbroker -c broker.conf [-n namesrvAddr]}. One seed-style
 * properties file configures both the broker and its store; keys neither knows are reported.
 */
public final class BrokerStartup {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerStartup.class);

    private BrokerStartup() {
    }

    /** The broker and store configs a properties file describes, with the keys neither knows. */
    public record Configs(BrokerConfig broker, StoreConfig store, Set<String> unknownKeys) {
    }

    public static Configs load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        BrokerConfig broker = new BrokerConfig();
        StoreConfig store = new StoreConfig();
        Set<String> unknown = ConfigBinder.bind(p, broker, store);
        return new Configs(broker, store, unknown);
    }

    public static void main(String[] args) throws Exception {
        Path configFile = null;
        String namesrv = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-c" -> configFile = i + 1 < args.length ? Path.of(args[++i]) : null;
                case "-n" -> namesrv = i + 1 < args.length ? args[++i] : null;
                default -> {
                    LOG.error("FMQ-BROKER-003 unknown argument '{}'; usage: mqbroker -c broker.conf [-n ns1:9876;ns2:9876]",
                            args[i]);
                    System.exit(2);
                }
            }
        }
        Configs configs;
        try {
            configs = configFile == null ? new Configs(new BrokerConfig(), new StoreConfig(), Set.of()) : load(configFile);
        } catch (ConfigException e) {
            LOG.error("{} (in {})", e.getMessage(), configFile);
            System.exit(2);
            return;
        }
        if (!configs.unknownKeys().isEmpty()) {
            LOG.warn("FMQ-CFG-001 {} has keys FerryMQ does not know, ignored: {}", configFile, configs.unknownKeys());
        }
        if (namesrv != null) {
            configs.broker().setNamesrvAddr(namesrv);
        }
        BrokerController broker = new BrokerController(configs.broker(), configs.store());
        broker.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.shutdown();
            stopped.countDown();
        }, "ferrymq-broker-shutdown"));
        stopped.await();
    }
}

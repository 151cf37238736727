package io.ferrymq.txchecker.service;

import io.ferrymq.client.ClientException;
import io.ferrymq.common.config.ConfigBinder;
import io.ferrymq.common.config.ConfigException;
import io.ferrymq.txchecker.TxCheckerConfig;
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
 * Command line entry of the standalone checker: {@code txchecker -c txchecker.properties}. One properties file holds
 * the service keys ({@link TxCheckerServiceConfig}) and the transaction-log keys ({@link TxCheckerConfig}); keys
 * neither knows are reported. Stops cleanly on SIGTERM ({@code mqshutdown txchecker}).
 */
public final class TxCheckerStartup {
    private static final Logger LOG = LoggerFactory.getLogger(TxCheckerStartup.class);

    private TxCheckerStartup() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("-c")) {
            LOG.error("FMQ-TXC-106 usage: txchecker -c txchecker.properties");
            System.exit(2);
            return;
        }
        Path file = Path.of(args[1]);
        TxCheckerServiceConfig serviceConfig = new TxCheckerServiceConfig();
        TxCheckerConfig checkerConfig = new TxCheckerConfig();
        TxCheckerService service;
        try {
            Set<String> unknown = ConfigBinder.bind(load(file), serviceConfig, checkerConfig);
            if (!unknown.isEmpty()) {
                LOG.warn("FMQ-CFG-001 {} has keys FerryMQ does not know, ignored: {}", file, unknown);
            }
            service = new TxCheckerService(serviceConfig, checkerConfig);
            service.start();
        } catch (ConfigException | IOException | ClientException e) {
            LOG.error("FMQ-TXC-107 cannot start the transaction checker from {}: {}", file, e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        TxCheckerService running = service;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "ferrymq-txchecker-shutdown"));
        stopped.await();
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p;
    }
}

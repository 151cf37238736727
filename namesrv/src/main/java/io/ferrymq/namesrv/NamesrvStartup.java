package io.ferrymq.namesrv;

import io.ferrymq.common.config.ConfigBinder;
import io.ferrymq.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** Command line entry of the nameserver: {@code mqnamesrv [-c namesrv.properties]}. */
public final class NamesrvStartup {
    private static final Logger LOG = LoggerFactory.getLogger(NamesrvStartup.class);

    private NamesrvStartup() {
    }

    public static void main(String[] args) throws Exception {
        NamesrvConfig config = new NamesrvConfig();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-c") && i + 1 < args.length) {
                load(Path.of(args[++i]), config);
            } else {
                LOG.error("FMQ-NAMESRV-003 unknown argument '{}'; usage: mqnamesrv [-c namesrv.properties]", args[i]);
                System.exit(2);
            }
        }
        NameServer server = new NameServer(config);
        server.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            stopped.countDown();
        }, "ferrymq-namesrv-shutdown"));
        // The server's threads are daemons: keep the JVM up until a signal arrives.
        stopped.await();
    }

    static void load(Path file, NamesrvConfig config) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        Set<String> unknown;
        try {
            unknown = ConfigBinder.bind(p, config);
        } catch (ConfigException e) {
            LOG.error("{} (in {})", e.getMessage(), file);
            throw e;
        }
        if (!unknown.isEmpty()) {
            LOG.warn("FMQ-CFG-001 {} has keys the nameserver does not know, ignored: {}", file, unknown);
        }
    }
}

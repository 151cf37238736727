package io.ferrymq.benchmarks.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One nameserver and one broker of one product, each in its own JVM, listening on 127.0.0.1 with free
 * ports, storing into {@code dir}. {@link #close()} stops both (SIGTERM, then SIGKILL) and deletes the store.
 */
final class ServerCluster implements AutoCloseable {
    private static final int START_TIMEOUT_SECONDS = 60;

    final BrokerKind kind;
    final String flushType;
    final Path dir;
    final int namesrvPort;
    final int brokerPort;
    final ChildProcess namesrv;
    final ChildProcess broker;

    private ServerCluster(BrokerKind kind, String flushType, Path dir, int namesrvPort, int brokerPort,
                          ChildProcess namesrv, ChildProcess broker) {
        this.kind = kind;
        this.flushType = flushType;
        this.dir = dir;
        this.namesrvPort = namesrvPort;
        this.brokerPort = brokerPort;
        this.namesrv = namesrv;
        this.broker = broker;
    }

    static ServerCluster start(BrokerKind kind, String flushType, Path dir, Classpaths cp, ClusterOptions o)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path home = Files.createDirectories(dir.resolve("home"));
        Path store = dir.resolve("store");
        int nsPort = Ports.pick(0, 0);
        int brokerPort = Ports.pick(BrokerKind.PORTS_BELOW, BrokerKind.PORTS_ABOVE);

        Path nsConf = dir.resolve("namesrv.properties");
        Files.writeString(nsConf, kind.namesrvProperties(nsPort), StandardCharsets.UTF_8);
        Path brokerConf = dir.resolve("broker.properties");
        Files.writeString(brokerConf, kind.brokerProperties(brokerPort, nsPort, store, flushType)
                + o.brokerExtra(kind), StandardCharsets.UTF_8);

        ChildProcess ns = null;
        ChildProcess br = null;
        try {
            List<String> nsJvm = new ArrayList<>(o.words("namesrvJvm"));
            nsJvm.addAll(kind.systemProperties(home, logback(dir, "namesrv")));
            ns = ChildProcess.start(kind.display + " nameserver",
                    ChildProcess.java(nsJvm, kind.namesrvClasspath(cp), kind.namesrvMain, List.of("-c", nsConf.toString())),
                    dir, dir.resolve("namesrv.out"), false);
            awaitListening(ns, nsPort);

            List<String> brokerJvm = new ArrayList<>(o.words("brokerJvm"));
            brokerJvm.addAll(kind.systemProperties(home, logback(dir, "broker")));
            br = ChildProcess.start(kind.display + " broker",
                    ChildProcess.java(brokerJvm, kind.brokerClasspath(cp), kind.brokerMain, List.of("-c", brokerConf.toString())),
                    dir, dir.resolve("broker.out"), false);
            awaitListening(br, brokerPort);
            return new ServerCluster(kind, flushType, dir, nsPort, brokerPort, ns, br);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (br != null) {
                br.stop(10);
            }
            if (ns != null) {
                ns.stop(10);
            }
            throw e;
        }
    }

    /** Writes the logback file of a FerryMQ process (RocketMQ brings its own configuration). */
    private static Path logback(Path dir, String process) throws IOException {
        Path file = dir.resolve("logback-" + process + ".xml");
        Files.writeString(file, BrokerKind.ferrymqLogback(dir.resolve("home").resolve(process + ".log")), StandardCharsets.UTF_8);
        return file;
    }

    private static void awaitListening(ChildProcess p, int port) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT_SECONDS * 1_000_000_000L;
        while (!Ports.listening(port)) {
            if (!p.alive()) {
                throw new IllegalStateException(p.name + " exited with " + p.process.exitValue() + " before listening on "
                        + port + "; last output:\n" + p.tail(40));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(p.name + " did not listen on " + port + " within " + START_TIMEOUT_SECONDS
                        + " s; last output:\n" + p.tail(40));
            }
            Thread.sleep(100);
        }
    }

    String namesrvAddr() {
        return "127.0.0.1:" + namesrvPort;
    }

    @Override
    public void close() {
        broker.stop(30);
        namesrv.stop(10);
    }
}

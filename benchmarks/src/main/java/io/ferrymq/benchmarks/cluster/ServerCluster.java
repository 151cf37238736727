package io.ferrymq.benchmarks.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One nameserver and one broker of one product, each in its own JVM, listening on 127.0.0.1 with free
 * ports, storing into {@code dir}; in the master-slave topology also a slave broker of the same group, in a
 * JVM of its own with its own store ({@code store-slave}) and home ({@code home/slave}). {@link #close()}
 * stops them all (SIGTERM, then SIGKILL); the caller deletes the stores.
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
    /** 0 and null without a slave. */
    final int slavePort;
    final ChildProcess slave;

    private ServerCluster(BrokerKind kind, String flushType, Path dir, int namesrvPort, int brokerPort,
                          ChildProcess namesrv, ChildProcess broker, int slavePort, ChildProcess slave) {
        this.kind = kind;
        this.flushType = flushType;
        this.dir = dir;
        this.namesrvPort = namesrvPort;
        this.brokerPort = brokerPort;
        this.namesrv = namesrv;
        this.broker = broker;
        this.slavePort = slavePort;
        this.slave = slave;
    }

    /**
     * Starts the nameserver, then the master (role {@code role}), then, with {@code withSlave}, its slave;
     * each is awaited until it listens.
     */
    static ServerCluster start(BrokerKind kind, String flushType, String role, boolean withSlave, Path dir,
                               Classpaths cp, ClusterOptions o) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path home = Files.createDirectories(dir.resolve("home"));
        int nsPort = Ports.pick(0, 0);
        int brokerPort = Ports.pick(BrokerKind.PORTS_BELOW, BrokerKind.PORTS_ABOVE);

        Path nsConf = dir.resolve("namesrv.properties");
        Files.writeString(nsConf, kind.namesrvProperties(nsPort), StandardCharsets.UTF_8);
        String brokerProps = kind.brokerProperties(brokerPort, nsPort, dir.resolve("store"), flushType, 0, role)
                + (withSlave ? kind.replicationProperties(brokerPort) : "");

        ChildProcess ns = null;
        ChildProcess br = null;
        ChildProcess sl = null;
        try {
            List<String> nsJvm = new ArrayList<>(o.words("namesrvJvm"));
            nsJvm.addAll(kind.systemProperties(home, logback(dir, home, "namesrv")));
            ns = ChildProcess.start(kind.display + " nameserver",
                    ChildProcess.java(nsJvm, kind.namesrvClasspath(cp), kind.namesrvMain, List.of("-c", nsConf.toString())),
                    dir, dir.resolve("namesrv.out"), false);
            awaitListening(ns, nsPort);

            br = startBroker(kind, "broker", brokerProps + o.brokerExtra(kind), brokerPort, home, dir, cp, o);
            int slavePort = 0;
            if (withSlave) {
                slavePort = Ports.pick(BrokerKind.PORTS_BELOW, BrokerKind.PORTS_ABOVE); // picked late: its bind follows soon
                String slaveProps = kind.brokerProperties(slavePort, nsPort, dir.resolve("store-slave"), flushType, 1, "SLAVE")
                        + kind.replicationProperties(slavePort);
                sl = startBroker(kind, "slave", slaveProps + o.brokerExtra(kind), slavePort,
                        Files.createDirectories(home.resolve("slave")), dir, cp, o);
            }
            return new ServerCluster(kind, flushType, dir, nsPort, brokerPort, ns, br, slavePort, sl);
        } catch (IOException | InterruptedException | RuntimeException e) {
            for (ChildProcess p : new ChildProcess[] {sl, br, ns}) {
                if (p != null) {
                    p.stop(10);
                }
            }
            throw e;
        }
    }

    /** Writes {@code <name>.properties} and starts a broker JVM on it; {@code home} gets its logs. */
    private static ChildProcess startBroker(BrokerKind kind, String name, String properties, int port, Path home, Path dir,
                                            Classpaths cp, ClusterOptions o) throws IOException, InterruptedException {
        Path conf = dir.resolve(name + ".properties");
        Files.writeString(conf, properties, StandardCharsets.UTF_8);
        List<String> jvm = new ArrayList<>(o.words("brokerJvm"));
        jvm.addAll(kind.systemProperties(home, logback(dir, home, name)));
        ChildProcess p = ChildProcess.start(kind.display + " " + name,
                ChildProcess.java(jvm, kind.brokerClasspath(cp), kind.brokerMain, List.of("-c", conf.toString())),
                dir, dir.resolve(name + ".out"), false);
        awaitListening(p, port);
        return p;
    }

    /** Writes the logback file of a FerryMQ process (RocketMQ brings its own configuration): its log goes into {@code home}. */
    private static Path logback(Path dir, Path home, String process) throws IOException {
        Path file = dir.resolve("logback-" + process + ".xml");
        Files.writeString(file, BrokerKind.ferrymqLogback(home.resolve(process + ".log")), StandardCharsets.UTF_8);
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

    String brokerAddr() {
        return "127.0.0.1:" + brokerPort;
    }

    String slaveAddr() {
        return slave == null ? "" : "127.0.0.1:" + slavePort;
    }

    /** The broker processes that may have died: the master, and the slave if there is one. */
    List<ChildProcess> brokers() {
        return slave == null ? List.of(broker) : List.of(broker, slave);
    }

    @Override
    public void close() {
        if (slave != null) {
            slave.stop(30);
        }
        broker.stop(30);
        namesrv.stop(10);
    }
}

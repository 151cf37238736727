package io.ferrymq.it;

import io.ferrymq.client.AdminClient;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.remoting.RemotingConfig;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.header.ConsumerOffsetRequestHeader;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A whole local cluster started from a distribution template with {@code bin/mqcluster}, exactly as a user
 * starts one: every nameserver and broker its own JVM, ports shifted by a free offset, data in a temp dir.
 * Nodes can be killed with SIGKILL by name (their pid files are the script's).
 */
final class ScriptCluster implements AutoCloseable {
    /** The template's ports (conf/2m-*), before the offset: nameservers, then each broker's port and HA port. */
    private static final int[] TEMPLATE_PORTS = {9876, 9877, 10911, 10912, 10921, 10922, 10931, 10932, 10941, 10942};

    private final String template;
    private final Path dir;
    private final int offset;
    private final List<String> sets;

    private ScriptCluster(String template, Path dir, int offset, List<String> sets) {
        this.template = template;
        this.dir = dir;
        this.offset = offset;
        this.sets = sets;
    }

    /** Starts {@code template} with {@code sets} ({@code key=value}) applied to every broker; waits for all brokers. */
    static ScriptCluster start(String template, Path dir, String... sets) throws Exception {
        ScriptCluster c = new ScriptCluster(template, dir, freeOffset(), List.of(sets));
        c.runScript("start");
        c.awaitBrokers(c.brokerCount());
        c.awaitSlavesConnected();
        return c;
    }

    /** Starts the nodes of the template that are not running (after a kill). */
    void startMissing() throws Exception {
        runScript("start");
    }

    private void runScript(String action) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", NodeProcess.DIST.resolve("bin/mqcluster").toString(), action,
                template, "--data", dir.toString(), "--port-offset", Integer.toString(offset)));
        for (String s : sets) {
            command.add("--set");
            command.add(s);
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mqcluster.out").toFile()));
        // Small heaps: six JVMs share the test machine.
        pb.environment().put("JAVA_OPT", "-Xms64m -Xmx192m -XX:+UseSerialGC -XX:MaxDirectMemorySize=128m");
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("mqcluster " + action + " failed:\n" + Files.readString(dir.resolve("mqcluster.out")));
        }
    }

    private static int freeOffset() throws IOException {
        Random random = new Random();
        for (int attempt = 0; attempt < 100; attempt++) {
            int offset = 10_000 + random.nextInt(40_000);
            if (allFree(offset)) {
                return offset;
            }
        }
        throw new IllegalStateException("no free port range for a local cluster");
    }

    private static boolean allFree(int offset) {
        for (int port : TEMPLATE_PORTS) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress("127.0.0.1", port + offset));
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }

    int brokerCount() throws IOException {
        try (Stream<Path> s = Files.list(NodeProcess.DIST.resolve("conf").resolve(template))) {
            return (int) s.filter(p -> p.getFileName().toString().startsWith("broker-")).count();
        }
    }

    String namesrvAddr() {
        return namesrvAddr(1) + ";" + namesrvAddr(2);
    }

    /** The address of one nameserver of the template: 1 or 2. */
    String namesrvAddr(int which) {
        return "127.0.0.1:" + (9875 + which + offset);
    }

    /** The client address of a template broker, e.g. {@code broker-a-s}. */
    String brokerAddr(String node) {
        int port = switch (node) {
            case "broker-a" -> 10911;
            case "broker-a-s" -> 10921;
            case "broker-b" -> 10931;
            case "broker-b-s" -> 10941;
            default -> throw new IllegalArgumentException(node);
        };
        return "127.0.0.1:" + (port + offset);
    }

    ClientConfig clientConfig(String instance) {
        return new ClientConfig().setNamesrvAddr(namesrvAddr()).setInstanceName(instance)
                .setPollNameServerIntervalMillis(2_000).setHeartbeatBrokerIntervalMillis(2_000);
    }

    long pid(String node) throws IOException {
        return Long.parseLong(Files.readString(dir.resolve("pids").resolve(node + ".pid")).trim());
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed, nobody is told. */
    void kill9(String node) throws Exception {
        long pid = pid(node);
        ProcessHandle h = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(node + " is not running"));
        if (!h.destroyForcibly()) {
            throw new IllegalStateException("cannot kill " + node);
        }
        h.onExit().get(30, TimeUnit.SECONDS);
    }

    String log(String node) throws IOException {
        Path p = dir.resolve("logs").resolve(node + ".log");
        return Files.exists(p) ? Files.readString(p) : "";
    }

    /** Waits until the nameservers list {@code count} live brokers (masters and slaves). */
    void awaitBrokers(int count) throws Exception {
        try (AdminClient admin = new AdminClient(clientConfig("await-" + System.nanoTime()))) {
            admin.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            int seen = 0;
            while (System.nanoTime() < deadline) {
                try {
                    seen = admin.clusterInfo().values().stream().mapToInt(g -> g.addrs().size()).sum();
                    if (seen >= count) {
                        return;
                    }
                } catch (Exception notUpYet) {
                    // nameservers still starting
                }
                Thread.sleep(200);
            }
            throw new AssertionError("only " + seen + " of " + count + " brokers registered; script output:\n"
                    + Files.readString(dir.resolve("mqcluster.out")));
        }
    }

    /** Waits until every master whose group has a slave in the template has that slave connected for replication. */
    void awaitSlavesConnected() throws Exception {
        for (String master : List.of("broker-a", "broker-b")) {
            if (!Files.exists(NodeProcess.DIST.resolve("conf").resolve(template).resolve(master + "-s.properties"))) {
                continue;
            }
            awaitRuntime(master, info -> Long.parseLong(info.get("haConnectedSlaves")) > 0, "a connected slave");
        }
    }

    /** Polls a broker's runtime figures until {@code condition} holds; tolerates a broker still starting. */
    Map<String, String> awaitRuntime(String node, java.util.function.Predicate<Map<String, String>> condition,
                                     String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Map<String, String> last = null;
        Exception lastError = null;
        while (System.nanoTime() < deadline) {
            try {
                last = runtimeInfo(node);
                if (condition.test(last)) {
                    return last;
                }
            } catch (Exception e) {
                lastError = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(node + " never showed " + what + "; last runtime info " + last
                + (lastError == null ? "" : "; last error " + lastError));
    }

    /** The consumer offset {@code node} itself holds for a queue (no routing: slaves are asked directly); -1 if none. */
    long consumerOffsetOn(String node, String group, String topic, int queueId) throws Exception {
        ConsumerOffsetRequestHeader h = new ConsumerOffsetRequestHeader();
        h.consumerGroup = group;
        h.topic = topic;
        h.queueId = queueId;
        h.setZeroIfNotFound = false;
        NettyRemotingClient client = new NettyRemotingClient(new RemotingConfig());
        try {
            RemotingCommand r = client.invokeSync(brokerAddr(node),
                    RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET).header(h), 3_000);
            return r.code() == ResponseCode.SUCCESS ? Long.parseLong(r.ext("offset")) : -1;
        } finally {
            client.shutdown();
        }
    }

    /** Creates {@code topic} on one broker only (a template broker name such as {@code broker-a}). */
    void createTopicOn(String node, String topic, int queues) throws Exception {
        try (AdminClient admin = new AdminClient(clientConfig("create-" + System.nanoTime()))) {
            admin.start();
            admin.createTopicOnBroker(brokerAddr(node), topic, queues);
        }
    }

    /** A broker's runtime figures through the admin API. */
    Map<String, String> runtimeInfo(String node) throws Exception {
        try (AdminClient admin = new AdminClient(clientConfig("info-" + System.nanoTime()))) {
            admin.start();
            return admin.brokerRuntimeInfo(brokerAddr(node));
        }
    }

    @Override
    public void close() throws Exception {
        try {
            runScript("stop");
        } finally {
            // Whatever did not stop gracefully goes now, so no JVM outlives the test.
            Path pids = dir.resolve("pids");
            if (Files.isDirectory(pids)) {
                try (Stream<Path> s = Files.list(pids)) {
                    for (Path p : s.toList()) {
                        ProcessHandle.of(Long.parseLong(Files.readString(p).trim())).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
            }
        }
    }
}

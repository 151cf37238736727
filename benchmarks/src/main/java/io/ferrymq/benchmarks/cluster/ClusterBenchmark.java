package io.ferrymq.benchmarks.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Entry point of the cluster benchmark (JDK only). For each flush type, each master role and each broker
 * (FerryMQ, Apache RocketMQ) it starts a nameserver and a broker in JVMs of their own (with
 * {@code topology=master-slave} also a slave of that broker, in a third JVM), runs a {@link LoadGenerator} JVM
 * against them, stops them and deletes their files. Then it prints the results as Markdown on stdout
 * (progress goes to stderr).
 *
 * <p>Run it as described in docs/benchmarks-cluster.md and docs/benchmarks-replication.md:
 * {@code java -cp benchmarks/target/ferrymq-benchmarks-0.1.0-SNAPSHOT.jar io.ferrymq.benchmarks.cluster.ClusterBenchmark [name=value ...]}.
 */
public final class ClusterBenchmark {
    private ClusterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        ClusterOptions o;
        try {
            o = ClusterOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Instant began = Instant.now();
        Classpaths cp = Classpaths.resolve(o);
        Files.createDirectories(o.baseDir());
        Path runDir = Files.createTempDirectory(o.baseDir(), "ferrymq-cluster-bench-");
        boolean keep = o.bool("keepRunDir");
        Thread hook = new Thread(() -> {
            ChildProcess.stopAll();
            if (!keep) {
                deleteQuietly(runDir);
            }
        }, "cluster-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        progress("run directory %s", runDir);

        List<CaseResult> results = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> order = new ArrayList<>();
        try {
            int round = 0;
            for (String flush : o.list("flushTypes")) {
                for (String role : o.roles()) {
                    List<BrokerKind> kinds = new ArrayList<>(o.brokers());
                    if (o.bool("alternateOrder") && round++ % 2 == 1) {
                        Collections.reverse(kinds);
                    }
                    for (BrokerKind kind : kinds) {
                        runOne(kind, flush, role, runDir, cp, o, results, problems);
                        order.add(kind.display + " " + flush + (o.masterSlave() ? " " + role : ""));
                        // Let the previous broker's deleted files and dirty pages settle before the next one starts.
                        Thread.sleep(o.integer("settleSeconds") * 1000L);
                    }
                }
            }
        } finally {
            ChildProcess.stopAll();
            if (!keep) {
                deleteQuietly(runDir);
            } else {
                progress("kept %s", runDir);
            }
        }
        if (!o.get("saveResults").isBlank()) {
            Path save = Path.of(o.get("saveResults"));
            Files.write(save, results.stream().map(CaseResult::toLine).toList(), StandardCharsets.UTF_8);
            progress("raw results (tab-separated, one line per case) in %s", save);
        }
        long elapsedSeconds = ChronoUnit.SECONDS.between(began, Instant.now());
        new ClusterReport(o, results, problems, order, began, elapsedSeconds).print(System.out);
        Runtime.getRuntime().removeShutdownHook(hook);
    }

    private static void runOne(BrokerKind kind, String flush, String role, Path runDir, Classpaths cp, ClusterOptions o,
                               List<CaseResult> results, List<String> problems) throws Exception {
        boolean withSlave = o.masterSlave();
        String label = kind.display + " " + flush + (withSlave ? " " + role : "");
        Path dir = runDir.resolve(kind.name().toLowerCase() + "-" + flush.toLowerCase()
                + (withSlave ? "-" + role.toLowerCase() : ""));
        progress("starting %s nameserver and broker%s (%s)", kind.display, withSlave ? "s (" + role + " + SLAVE)" : "", flush);
        long t0 = System.nanoTime();
        ServerCluster cluster;
        try {
            cluster = ServerCluster.start(kind, flush, role, withSlave, dir, cp, o);
        } catch (RuntimeException e) {
            problems.add(label + ": could not start: " + e.getMessage());
            progress("%s", e.getMessage());
            deleteStores(dir);
            return;
        }
        progress("%s broker pid %d listening on %s%s after %.1f s; nameserver %s", kind.display, cluster.broker.pid(),
                cluster.brokerAddr(), withSlave ? ", slave pid " + cluster.slave.pid() + " on " + cluster.slaveAddr() : "",
                (System.nanoTime() - t0) / 1e9, cluster.namesrvAddr());
        Path resultFile = dir.resolve("results.tsv");
        try {
            List<String> jvm = new ArrayList<>(o.words("clientJvm"));
            Path clientHome = Files.createDirectories(dir.resolve("client-home"));
            jvm.add("-Duser.home=" + clientHome);
            jvm.add("-Drocketmq.client.logRoot=" + clientHome.resolve("logs"));
            List<String> args = new ArrayList<>();
            args.add("broker=" + kind.display);
            args.add("flushType=" + flush);
            args.add("role=" + role);
            args.add("namesrv=" + cluster.namesrvAddr());
            args.add("brokerPid=" + cluster.broker.pid());
            args.add("brokerAddr=" + cluster.brokerAddr());
            if (withSlave) {
                args.add("slavePid=" + cluster.slave.pid());
                args.add("slaveAddr=" + cluster.slaveAddr());
            }
            args.add("resultFile=" + resultFile);
            for (String name : List.of("threads", "modes", "consume", "initialWarmupSeconds", "idleSeconds", "warmupSeconds",
                    "durationSeconds", "pauseMillis", "bodySize", "queues", "inflight", "sendTimeoutMillis",
                    "consumeIdleSeconds", "consumeMaxSeconds", "replicaCheckSeconds")) {
                args.add(name + "=" + o.get(name).replace(" ", ""));
            }
            ChildProcess gen = ChildProcess.start("load generator",
                    ChildProcess.java(jvm, cp.loadGenerator(), LoadGenerator.class.getName(), args),
                    dir, dir.resolve("loadgen.out"), true);
            long limit = expectedSeconds(o) + 300;
            if (!gen.process.waitFor(limit, TimeUnit.SECONDS)) {
                problems.add(label + ": the load generator did not finish within " + limit + " s; killed");
                gen.stop(5);
            } else if (gen.process.exitValue() != 0) {
                problems.add(label + ": the load generator exited with " + gen.process.exitValue()
                        + "; its stdout:\n" + gen.tail(20));
            }
            gen.stop(5);
            if (Files.isRegularFile(resultFile)) {
                results.addAll(CaseResult.parseAll(Files.readAllLines(resultFile, StandardCharsets.UTF_8)));
            }
            for (ChildProcess b : cluster.brokers()) {
                if (!b.alive()) {
                    problems.add(label + ": the " + b.name + " process died during the run; last output:\n" + b.tail(30));
                }
            }
            reportLogProblems(kind, label, dir, problems);
        } finally {
            progress("stopping %s", kind.display);
            cluster.close();
            deleteStores(dir);
        }
    }

    private static void deleteStores(Path dir) {
        deleteQuietly(dir.resolve("store"));
        deleteQuietly(dir.resolve("store-slave"));
    }

    /** Reports ERROR lines (and WARN lines for FerryMQ, whose log is small) in the servers' logs. */
    private static void reportLogProblems(BrokerKind kind, String label, Path dir, List<String> problems) {
        Path home = dir.resolve("home");
        if (!Files.isDirectory(home)) {
            return;
        }
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".log"))::iterator) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.ISO_8859_1);
                List<String> levels = kind == BrokerKind.FERRYMQ ? List.of(" ERROR ", " WARN ") : List.of(" ERROR ");
                List<String> hits = lines.stream().filter(l -> levels.stream().anyMatch(l::contains)).toList();
                if (!hits.isEmpty()) {
                    problems.add(label + ": " + hits.size() + (levels.size() > 1 ? " WARN/ERROR" : " ERROR")
                            + " lines in " + home.relativize(f) + ", first: " + hits.get(0));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            problems.add(label + ": cannot scan logs: " + e);
        }
    }

    /** Rough length of one load generator run, to bound how long the orchestrator waits for it. */
    static long expectedSeconds(ClusterOptions o) {
        long perCase = o.integer("warmupSeconds") + o.integer("durationSeconds") + o.integer("pauseMillis") / 1000 + 20;
        return o.integer("initialWarmupSeconds") + o.integer("idleSeconds") + 60 + perCase * o.threads().length * o.list("modes").size()
                + (o.bool("consume") ? o.integer("consumeMaxSeconds") : 0)
                + (o.masterSlave() ? 2L * o.integer("replicaCheckSeconds") : 0);
    }

    static void progress(String format, Object... args) {
        System.err.printf("[cluster-bench] %s%n", String.format(format, args));
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("[cluster-bench] could not delete " + dir + ": " + e);
        }
    }
}

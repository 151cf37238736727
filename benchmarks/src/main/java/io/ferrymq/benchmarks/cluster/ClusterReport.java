package io.ferrymq.benchmarks.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Markdown report: the settings; in the single topology, per flush type one table with both brokers side
 * by side and the FerryMQ ÷ RocketMQ ratios, one table of CPU use and failures, the details and the check
 * against the target ("FerryMQ ≥ 1.2 × RocketMQ's send throughput and ≤ its p99 latency at equal flush mode");
 * in the master-slave topology the tables of {@link ReplicationReport}; last, any problems.
 */
final class ClusterReport {
    static final double TARGET_THROUGHPUT_RATIO = 1.2;
    static final double TARGET_P99_RATIO = 1.0;
    /** Other load (cores) above which a case is flagged as disturbed. */
    static final double DISTURBED_CORES = 0.2;

    private final ClusterOptions options;
    private final List<CaseResult> results;
    private final List<String> problems;
    private final List<String> order;
    private final Instant began;
    private final long elapsedSeconds;

    ClusterReport(ClusterOptions options, List<CaseResult> results, List<String> problems, List<String> order,
                  Instant began, long elapsedSeconds) {
        this.options = options;
        this.results = results;
        this.problems = problems;
        this.order = order;
        this.began = began;
        this.elapsedSeconds = elapsedSeconds;
    }

    void print(PrintStream out) {
        out.println((options.masterSlave() ? "# Replication benchmark (master + slave)" : "# Cluster benchmark")
                + ": FerryMQ vs Apache RocketMQ " + options.get("rocketmqVersion"));
        out.println();
        out.printf("Run began %s and took %d s. Machine: %d cores (%s), %s memory, kernel %s, Java %s.%n",
                began.truncatedTo(ChronoUnit.SECONDS), elapsedSeconds, Runtime.getRuntime().availableProcessors(),
                cpuModel(), memTotal(), System.getProperty("os.version"), System.getProperty("java.version"));
        out.println();
        out.printf("Settings: %d B bodies, %d queues, %d s warm-up + %d s measured per send case (after an unmeasured"
                        + " initial warm-up of %d s, half sync, half async), at most %d async sends in flight, send timeout"
                        + " %d ms, no client retries.%n",
                options.integer("bodySize"), options.integer("queues"), options.integer("warmupSeconds"),
                options.integer("durationSeconds"), options.integer("initialWarmupSeconds"), options.integer("inflight"),
                options.integer("sendTimeoutMillis"));
        if (options.masterSlave()) {
            out.printf("Topology: per product and role one nameserver, one master (brokerId 0, the role named) and one"
                            + " slave (brokerId 1, SLAVE) of the same group, each in its own JVM, both with flushDiskType as"
                            + " named; the slave finds the master's replication port (haListenPort = listenPort + 1) through"
                            + " the nameserver. RocketMQ also gets inSyncReplicas=2 and brokerIP2=127.0.0.1. Replica check:"
                            + " up to %d s for the slave to catch up.%n", options.integer("replicaCheckSeconds"));
        }
        out.println("Broker JVMs" + (options.masterSlave() ? " (masters and slaves)" : "") + ": `" + options.get("brokerJvm")
                + "`; nameservers: `" + options.get("namesrvJvm") + "`; load generator: `" + options.get("clientJvm") + "`.");
        if (!options.get("ferrymqBrokerExtra").isBlank() || !options.get("rocketmqBrokerExtra").isBlank()) {
            out.println("Extra broker properties: FerryMQ `" + options.get("ferrymqBrokerExtra") + "`, RocketMQ `"
                    + options.get("rocketmqBrokerExtra") + "`.");
        }
        out.println("Order of the runs: " + String.join(", ", order) + ".");
        out.println();

        // FerryMQ first (the numerator of every ratio), whatever order the brokers ran in.
        List<String> brokers = options.brokers().stream().sorted().map(k -> k.display).toList();
        String a = brokers.get(0);
        String b = brokers.size() > 1 ? brokers.get(1) : null;
        if (options.masterSlave()) {
            new ReplicationReport(options, results, brokers).print(out);
        } else {
            for (String flush : options.list("flushTypes")) {
                printFlush(out, flush, a, b);
            }
            if (b != null) {
                printTarget(out, a, b);
            }
        }
        out.println("## Problems");
        out.println();
        if (problems.isEmpty()) {
            out.println("None reported (no failed start, no early exit, no ERROR line in the servers' logs, no WARN line in FerryMQ's).");
        } else {
            for (String p : problems) {
                out.println("- " + p.replace("\n", "\n    "));
            }
        }
        out.println();
    }

    private void printFlush(PrintStream out, String flush, String a, String b) {
        Map<String, CaseResult> ra = byKey(a, flush);
        Map<String, CaseResult> rb = b == null ? Map.of() : byKey(b, flush);
        List<String> keys = new ArrayList<>(ra.keySet());
        for (String k : rb.keySet()) {
            if (!keys.contains(k)) {
                keys.add(k);
            }
        }
        out.println("## " + flush);
        out.println();
        StringBuilder head = new StringBuilder("| case | threads | " + a + " msgs/s | " + a + " MiB/s | " + a
                + " p50 / p99 / p99.9 µs |");
        StringBuilder rule = new StringBuilder("|---|---|---|---|---|");
        if (b != null) {
            head.append(" ").append(b).append(" msgs/s | ").append(b).append(" MiB/s | ").append(b)
                    .append(" p50 / p99 / p99.9 µs | msgs/s ").append(a).append(" ÷ ").append(b).append(" | p99 ")
                    .append(a).append(" ÷ ").append(b).append(" |");
            rule.append("---|---|---|---|---|");
        }
        out.println(head);
        out.println(rule);
        for (String k : keys) {
            CaseResult x = ra.get(k);
            CaseResult y = rb.get(k);
            CaseResult any = x != null ? x : y;
            if (any.mode().equals("idle")) {
                continue;
            }
            StringBuilder row = new StringBuilder("| " + any.mode() + " | " + (any.mode().equals("consume") ? "—" : any.threads())
                    + " | " + rate(x) + " | " + mib(x) + " | " + lat(x) + " |");
            if (b != null) {
                row.append(" ").append(rate(y)).append(" | ").append(mib(y)).append(" | ").append(lat(y)).append(" | ")
                        .append(ratio(x == null ? Double.NaN : x.msgsPerSecond(), y == null ? Double.NaN : y.msgsPerSecond()))
                        .append(" | ")
                        .append(ratio(x == null ? Double.NaN : x.p99us(), y == null ? Double.NaN : y.p99us()))
                        .append(" |");
            }
            out.println(row);
        }
        out.println();
        out.println("Failures, CPU (average cores used over the measured window by the broker process / the load generator JVM /"
                + " everything else on the machine) and details:");
        out.println();
        out.println("| case | threads | broker | failed | broker / client / other cores | broker CPU µs per message | detail |");
        out.println("|---|---|---|---|---|---|---|");
        for (String k : keys) {
            for (CaseResult r : new CaseResult[] {ra.get(k), rb.get(k)}) {
                if (r == null) {
                    continue;
                }
                out.printf(Locale.ROOT, "| %s | %s | %s | %d%s | %.2f / %.2f / %.2f | %s | %s |%n", r.mode(),
                        r.threads() == 0 || r.mode().equals("consume") ? "—" : Integer.toString(r.threads()), r.broker(),
                        r.errors(), r.mode().equals("consume") ? " lost" : "", r.brokerCores(), r.clientCores(), r.otherCores(),
                        r.messages() == 0 ? "—" : String.format(Locale.ROOT, "%.1f", r.brokerCores() * r.seconds() * 1e6 / r.messages()),
                        detail(r).replace("|", "\\|"));
            }
        }
        out.println();
    }

    /** The case's detail, flagged when something besides the brokers and the load generator used the CPU. */
    static String detail(CaseResult r) {
        if (r.otherCores() > DISTURBED_CORES) {
            String flag = String.format(Locale.ROOT, "**disturbed** (%.2f cores of other load)", r.otherCores());
            return r.detail().isEmpty() ? flag : flag + "; " + r.detail();
        }
        return r.detail();
    }

    private void printTarget(PrintStream out, String a, String b) {
        out.println("## Against the target");
        out.println();
        out.printf("Target: %s ≥ %.1f × %s's send throughput and ≤ its p99 latency at equal flush mode.%n", a,
                TARGET_THROUGHPUT_RATIO, b);
        out.println();
        out.println("| flush | case | threads | msgs/s ratio | p99 ratio | throughput target | p99 target |");
        out.println("|---|---|---|---|---|---|---|");
        int cases = 0;
        int both = 0;
        for (String flush : options.list("flushTypes")) {
            Map<String, CaseResult> ra = byKey(a, flush);
            Map<String, CaseResult> rb = byKey(b, flush);
            for (Map.Entry<String, CaseResult> e : ra.entrySet()) {
                CaseResult x = e.getValue();
                CaseResult y = rb.get(e.getKey());
                if (y == null || x.mode().equals("consume") || x.mode().equals("idle")) {
                    continue;
                }
                double tr = x.msgsPerSecond() / y.msgsPerSecond();
                double pr = x.p99us() / y.p99us();
                boolean tOk = tr >= TARGET_THROUGHPUT_RATIO;
                boolean pOk = pr <= TARGET_P99_RATIO;
                cases++;
                if (tOk && pOk) {
                    both++;
                }
                out.printf(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s |%n", flush, x.mode(), x.threads(),
                        ratio(x.msgsPerSecond(), y.msgsPerSecond()), ratio(x.p99us(), y.p99us()),
                        tOk ? "met" : "**not met**", pOk ? "met" : "**not met**");
            }
        }
        out.println();
        out.printf("Both parts met in %d of %d send cases.%n%n", both, cases);
    }

    private Map<String, CaseResult> byKey(String broker, String flush) {
        Map<String, CaseResult> m = new LinkedHashMap<>();
        for (CaseResult r : results) {
            if (r.broker().equals(broker) && r.flushType().equals(flush)) {
                m.put(r.key(), r);
            }
        }
        return m;
    }

    static String rate(CaseResult r) {
        return r == null ? "—" : String.format(Locale.ROOT, "%,.0f", r.msgsPerSecond()).replace(',', ' ');
    }

    private static String mib(CaseResult r) {
        return r == null ? "—" : String.format(Locale.ROOT, "%.1f", r.mibPerSecond());
    }

    static String lat(CaseResult r) {
        if (r == null || Double.isNaN(r.p50us())) {
            return "—";
        }
        return num(r.p50us()) + " / " + num(r.p99us()) + " / " + num(r.p999us());
    }

    static String num(double us) {
        return String.format(Locale.ROOT, "%,.0f", us).replace(',', ' ');
    }

    static String ratio(double x, double y) {
        if (Double.isNaN(x) || Double.isNaN(y) || y == 0) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.2f", x / y);
    }

    private static String cpuModel() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    return l.substring(l.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "unknown CPU";
    }

    private static String memTotal() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(l.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "unknown";
    }
}

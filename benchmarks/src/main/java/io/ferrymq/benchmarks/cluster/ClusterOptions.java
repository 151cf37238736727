package io.ferrymq.benchmarks.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Options of the cluster benchmark: {@code name=value} arguments, or {@code -Dbench.name=value} system
 * properties (arguments win). Unknown names are rejected so that a typo cannot silently run the defaults.
 * A few defaults depend on the topology ({@link #TOPOLOGY_DEFAULTS}); an option given explicitly always wins.
 */
final class ClusterOptions {
    static final String SINGLE = "single";
    static final String MASTER_SLAVE = "master-slave";

    /** Every option with its default, in the order the usage text lists them. */
    static final Map<String, String> DEFAULTS = new LinkedHashMap<>();
    /** Defaults that differ by topology, applied over {@link #DEFAULTS} to the options not given. */
    static final Map<String, Map<String, String>> TOPOLOGY_DEFAULTS = Map.of(
            SINGLE, Map.of("roles", "ASYNC_MASTER"),
            // The replication benchmark measures sends at one flush mode; consuming is not part of it.
            MASTER_SLAVE, Map.of("roles", "ASYNC_MASTER,SYNC_MASTER", "flushTypes", "ASYNC_FLUSH", "consume", "false"));

    static {
        DEFAULTS.put("topology", SINGLE);
        DEFAULTS.put("roles", "ASYNC_MASTER");
        DEFAULTS.put("brokers", "ferrymq,rocketmq");
        DEFAULTS.put("flushTypes", "ASYNC_FLUSH,SYNC_FLUSH");
        DEFAULTS.put("threads", "1,4,16");
        DEFAULTS.put("alternateOrder", "true");
        DEFAULTS.put("modes", "sync,async");
        DEFAULTS.put("consume", "true");
        DEFAULTS.put("initialWarmupSeconds", "20");
        DEFAULTS.put("idleSeconds", "2");
        DEFAULTS.put("warmupSeconds", "2");
        DEFAULTS.put("durationSeconds", "6");
        DEFAULTS.put("pauseMillis", "1000");
        DEFAULTS.put("settleSeconds", "2");
        DEFAULTS.put("bodySize", "1024");
        DEFAULTS.put("queues", "8");
        DEFAULTS.put("inflight", "1024");
        DEFAULTS.put("sendTimeoutMillis", "3000");
        DEFAULTS.put("consumeIdleSeconds", "15");
        DEFAULTS.put("consumeMaxSeconds", "180");
        DEFAULTS.put("replicaCheckSeconds", "60");
        DEFAULTS.put("baseDir", System.getProperty("java.io.tmpdir"));
        DEFAULTS.put("keepRunDir", "false");
        DEFAULTS.put("saveResults", "");
        DEFAULTS.put("brokerJvm", "-Xms1g -Xmx1g -XX:+UseG1GC -XX:MaxDirectMemorySize=1g -XX:-OmitStackTraceInFastThrow");
        DEFAULTS.put("ferrymqBrokerExtra", "");
        DEFAULTS.put("rocketmqBrokerExtra", "");
        DEFAULTS.put("namesrvJvm", "-Xms256m -Xmx256m -XX:+UseG1GC");
        DEFAULTS.put("clientJvm", "-Xms1g -Xmx1g -XX:+UseG1GC");
        DEFAULTS.put("rocketmqVersion", "5.3.3");
        DEFAULTS.put("hdrHistogramVersion", "2.2.2");
        DEFAULTS.put("mvn", "mvn");
        DEFAULTS.put("mavenArgs", "");
    }

    private final Map<String, String> values;

    private ClusterOptions(Map<String, String> values) {
        this.values = values;
    }

    static ClusterOptions parse(String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String name : DEFAULTS.keySet()) {
            String sys = System.getProperty("bench." + name);
            if (sys != null) {
                given.put(name, sys);
            }
        }
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected name=value, got '" + arg + "'\n" + usage());
            }
            String name = arg.substring(0, eq);
            if (!DEFAULTS.containsKey(name)) {
                throw new IllegalArgumentException("unknown option '" + name + "'\n" + usage());
            }
            given.put(name, arg.substring(eq + 1));
        }
        Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
        String topology = given.getOrDefault("topology", DEFAULTS.get("topology")).trim();
        Map<String, String> topologyDefaults = TOPOLOGY_DEFAULTS.get(topology);
        if (topologyDefaults == null) {
            throw new IllegalArgumentException("topology: " + SINGLE + " or " + MASTER_SLAVE + ", got " + topology);
        }
        v.putAll(topologyDefaults);
        v.putAll(given);
        v.put("topology", topology);
        ClusterOptions o = new ClusterOptions(v);
        o.validate();
        return o;
    }

    static String usage() {
        StringBuilder sb = new StringBuilder("options (name=value, or -Dbench.name=value):\n");
        DEFAULTS.forEach((k, d) -> {
            sb.append("  ").append(k).append(" (default ").append(d);
            TOPOLOGY_DEFAULTS.forEach((t, m) -> {
                if (m.containsKey(k) && !m.get(k).equals(d)) {
                    sb.append("; ").append(m.get(k)).append(" with topology=").append(t);
                }
            });
            sb.append(")\n");
        });
        return sb.toString();
    }

    private void validate() {
        for (String r : roles()) {
            if (!r.equals("ASYNC_MASTER") && !r.equals("SYNC_MASTER")) {
                throw new IllegalArgumentException("roles: ASYNC_MASTER and/or SYNC_MASTER, got " + r);
            }
        }
        if (!masterSlave() && !roles().equals(List.of("ASYNC_MASTER"))) {
            throw new IllegalArgumentException("roles: the single topology has no slave, so only ASYNC_MASTER;"
                    + " use topology=" + MASTER_SLAVE + " for SYNC_MASTER");
        }
        for (String b : list("brokers")) {
            BrokerKind.of(b);
        }
        for (String f : list("flushTypes")) {
            if (!f.equals("ASYNC_FLUSH") && !f.equals("SYNC_FLUSH")) {
                throw new IllegalArgumentException("flushTypes: ASYNC_FLUSH and/or SYNC_FLUSH, got " + f);
            }
        }
        for (String m : list("modes")) {
            if (!m.equals("sync") && !m.equals("async")) {
                throw new IllegalArgumentException("modes: sync and/or async, got " + m);
            }
        }
        threads();
        brokerExtra(BrokerKind.FERRYMQ);
        brokerExtra(BrokerKind.ROCKETMQ);
        for (String n : List.of("initialWarmupSeconds", "idleSeconds", "warmupSeconds", "pauseMillis", "settleSeconds")) {
            if (integer(n) < 0) {
                throw new IllegalArgumentException(n + " must be >= 0");
            }
        }
        for (String n : List.of("durationSeconds", "bodySize", "queues", "inflight", "sendTimeoutMillis",
                "consumeIdleSeconds", "consumeMaxSeconds", "replicaCheckSeconds")) {
            if (integer(n) <= 0) {
                throw new IllegalArgumentException(n + " must be > 0");
            }
        }
    }

    String get(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no option " + name);
        }
        return v;
    }

    int integer(String name) {
        try {
            return Integer.parseInt(get(name).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got '" + get(name) + "'");
        }
    }

    boolean bool(String name) {
        return Boolean.parseBoolean(get(name).trim());
    }

    List<String> list(String name) {
        List<String> out = new ArrayList<>();
        for (String s : get(name).split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    /** A JVM or tool argument string split on whitespace (no quoting: the defaults need none). */
    List<String> words(String name) {
        String v = get(name).trim();
        return v.isEmpty() ? List.of() : Arrays.asList(v.split("\\s+"));
    }

    int[] threads() {
        List<String> l = list("threads");
        int[] t = new int[l.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = Integer.parseInt(l.get(i));
            if (t[i] <= 0) {
                throw new IllegalArgumentException("threads must be > 0");
            }
        }
        return t;
    }

    /** Whether each broker runs as a master with one slave (else one master alone). */
    boolean masterSlave() {
        return get("topology").equals(MASTER_SLAVE);
    }

    /** The masters' brokerRole values, one run per role, broker and flush type. */
    List<String> roles() {
        return list("roles");
    }

    List<BrokerKind> brokers() {
        return list("brokers").stream().map(BrokerKind::of).toList();
    }

    /** Extra broker properties for {@code kind}: {@code key=value} pairs separated by ';'. */
    String brokerExtra(BrokerKind kind) {
        String v = get(kind == BrokerKind.FERRYMQ ? "ferrymqBrokerExtra" : "rocketmqBrokerExtra");
        StringBuilder sb = new StringBuilder();
        for (String kv : v.split(";")) {
            if (!kv.isBlank()) {
                if (!kv.contains("=")) {
                    throw new IllegalArgumentException("broker extra properties: expected key=value, got " + kv);
                }
                sb.append(kv.trim()).append('\n');
            }
        }
        return sb.toString();
    }

    Path baseDir() {
        return Path.of(get("baseDir"));
    }
}

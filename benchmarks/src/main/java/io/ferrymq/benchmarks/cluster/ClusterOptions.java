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
 */
final class ClusterOptions {
    /** Every option with its default, in the order the usage text lists them. */
    static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
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
        Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
        for (String name : DEFAULTS.keySet()) {
            String sys = System.getProperty("bench." + name);
            if (sys != null) {
                v.put(name, sys);
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
            v.put(name, arg.substring(eq + 1));
        }
        ClusterOptions o = new ClusterOptions(v);
        o.validate();
        return o;
    }

    static String usage() {
        StringBuilder sb = new StringBuilder("options (name=value, or -Dbench.name=value):\n");
        DEFAULTS.forEach((k, d) -> sb.append("  ").append(k).append(" (default ").append(d).append(")\n"));
        return sb.toString();
    }

    private void validate() {
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
                "consumeIdleSeconds", "consumeMaxSeconds")) {
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

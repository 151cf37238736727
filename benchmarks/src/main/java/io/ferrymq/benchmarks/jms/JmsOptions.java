package io.ferrymq.benchmarks.jms;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Options of the JMS benchmark: {@code name=value} arguments, or {@code -Dbench.name=value} system properties
 * (arguments win). Unknown names are rejected, so a typo cannot silently run the defaults. The orchestrator passes
 * every option on to the provider JVMs, which read them the same way.
 */
final class JmsOptions {
    /** Every option with its default, in the order the usage text lists them. */
    static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("runs", "ferrymq,artemis,ferrymq-async");
        DEFAULTS.put("rounds", "1");
        DEFAULTS.put("scenarios", "persistent,nonpersistent,transacted,receive");
        DEFAULTS.put("asyncFlushScenarios", "nonpersistent");
        DEFAULTS.put("threads", "1,8");
        DEFAULTS.put("consumers", "1,4");
        DEFAULTS.put("initialWarmupSeconds", "20");
        DEFAULTS.put("warmupSeconds", "3");
        DEFAULTS.put("durationSeconds", "8");
        DEFAULTS.put("pauseMillis", "1000");
        DEFAULTS.put("bodySize", "1024");
        DEFAULTS.put("batchSize", "100");
        DEFAULTS.put("receiveMessages", "20000");
        DEFAULTS.put("prefillThreads", "8");
        DEFAULTS.put("receiveMaxSeconds", "120");
        DEFAULTS.put("receiveIdleSeconds", "10");
        DEFAULTS.put("providerJvm", "-Xms2g -Xmx2g -XX:+UseG1GC -XX:MaxDirectMemorySize=1g -XX:-OmitStackTraceInFastThrow");
        DEFAULTS.put("artemisVersion", "2.44.0");
        DEFAULTS.put("artemisJournalType", "auto");
        DEFAULTS.put("artemisBufferTimeoutNanos", "auto");
        DEFAULTS.put("artemisBlockOnNonDurableSend", "false");
        DEFAULTS.put("hdrHistogramVersion", "2.2.2");
        DEFAULTS.put("slf4jVersion", "2.0.17");
        DEFAULTS.put("baseDir", System.getProperty("java.io.tmpdir"));
        DEFAULTS.put("keepRunDir", "false");
        DEFAULTS.put("saveResults", "");
        DEFAULTS.put("mvn", "mvn");
        DEFAULTS.put("mavenArgs", "");
    }

    /** Set by the orchestrator for a provider JVM only. */
    private static final List<String> INTERNAL = List.of("run", "dir", "resultFile", "settingsFile");

    private final Map<String, String> values;

    private JmsOptions(Map<String, String> values) {
        this.values = values;
    }

    static JmsOptions parse(String[] args) {
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
            if (!DEFAULTS.containsKey(name) && !INTERNAL.contains(name)) {
                throw new IllegalArgumentException("unknown option '" + name + "'\n" + usage());
            }
            v.put(name, arg.substring(eq + 1));
        }
        JmsOptions o = new JmsOptions(v);
        o.validate();
        return o;
    }

    static String usage() {
        StringBuilder sb = new StringBuilder("options (name=value, or -Dbench.name=value):\n");
        DEFAULTS.forEach((k, d) -> sb.append("  ").append(k).append(" (default ").append(d).append(")\n"));
        return sb.toString();
    }

    private void validate() {
        for (String r : list("runs")) {
            RunKind.of(r);
        }
        for (String s : list("scenarios")) {
            checkScenario(s);
        }
        for (String s : list("asyncFlushScenarios")) {
            checkScenario(s);
        }
        ints("threads");
        ints("consumers");
        for (String n : List.of("warmupSeconds", "initialWarmupSeconds", "pauseMillis")) {
            if (decimal(n) < 0) {
                throw new IllegalArgumentException(n + " must be >= 0");
            }
        }
        for (String n : List.of("rounds", "bodySize", "batchSize", "receiveMessages", "prefillThreads")) {
            if (integer(n) <= 0) {
                throw new IllegalArgumentException(n + " must be > 0");
            }
        }
        for (String n : List.of("durationSeconds", "receiveMaxSeconds", "receiveIdleSeconds")) {
            if (decimal(n) <= 0) {
                throw new IllegalArgumentException(n + " must be > 0");
            }
        }
        if (integer("bodySize") < 8) {
            throw new IllegalArgumentException("bodySize must be at least 8 (received bodies carry a sequence number)");
        }
        if (!List.of("auto", "NIO", "ASYNCIO").contains(get("artemisJournalType"))) {
            throw new IllegalArgumentException("artemisJournalType: auto, NIO or ASYNCIO");
        }
        if (!get("artemisBufferTimeoutNanos").equals("auto") && integer("artemisBufferTimeoutNanos") < 0) {
            throw new IllegalArgumentException("artemisBufferTimeoutNanos: auto or nanoseconds >= 0");
        }
    }

    private static void checkScenario(String s) {
        if (!List.of("persistent", "nonpersistent", "transacted", "receive").contains(s)) {
            throw new IllegalArgumentException("scenarios: persistent, nonpersistent, transacted, receive; got " + s);
        }
    }

    String get(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no option " + name);
        }
        return v.trim();
    }

    int integer(String name) {
        try {
            return Integer.parseInt(get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got '" + get(name) + "'");
        }
    }

    double decimal(String name) {
        try {
            return Double.parseDouble(get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got '" + get(name) + "'");
        }
    }

    boolean bool(String name) {
        return Boolean.parseBoolean(get(name));
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

    int[] ints(String name) {
        List<String> l = list(name);
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = Integer.parseInt(l.get(i));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": integers, got " + l.get(i));
            }
            if (out[i] <= 0) {
                throw new IllegalArgumentException(name + " must be > 0");
            }
        }
        return out;
    }

    /** A JVM or tool argument string split on whitespace (no quoting: the defaults need none). */
    List<String> words(String name) {
        String v = get(name);
        return v.isEmpty() ? List.of() : Arrays.asList(v.split("\\s+"));
    }

    Path baseDir() {
        return Path.of(get("baseDir"));
    }

    /** The options to pass on to a provider JVM: every public option as {@code name=value}. */
    List<String> asArgs() {
        List<String> out = new ArrayList<>();
        for (String k : DEFAULTS.keySet()) {
            out.add(k + "=" + values.get(k));
        }
        return out;
    }
}

package io.ferrymq.benchmarks.jms;

import io.ferrymq.benchmarks.TempDirs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Entry point of the JMS benchmark (JDK only): for each round and each configured run (FerryMQ with a SYNC_FLUSH
 * broker, ActiveMQ Artemis with a synced journal, FerryMQ with an ASYNC_FLUSH broker) it starts a JVM of its own
 * that embeds that broker, drives it through {@code jakarta.jms} only ({@link ProviderRun}, {@link JmsLoad}) and
 * exits; then it prints the figures and the FerryMQ ÷ Artemis ratios as Markdown on stdout. Progress goes to stderr.
 *
 * <p>Run it as described in docs/benchmarks-jms.md:
 * {@code java -cp benchmarks/target/ferrymq-benchmarks-0.1.0-SNAPSHOT.jar io.ferrymq.benchmarks.jms.JmsBenchmark [name=value ...]}.
 */
public final class JmsBenchmark {
    private static volatile Process current;

    private JmsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        JmsOptions o;
        try {
            o = JmsOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Instant began = Instant.now();
        String loadBefore = loadAverage();
        List<RunKind> kinds = o.list("runs").stream().map(RunKind::of).toList();
        JmsClasspaths cp = JmsClasspaths.resolve(o, kinds);
        Path runDir = TempDirs.create(o.baseDir(), "ferrymq-jms-bench-");
        boolean keep = o.bool("keepRunDir");
        Thread hook = new Thread(() -> {
            Process p = current;
            if (p != null) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            if (!keep) {
                TempDirs.deleteRecursively(runDir);
            }
        }, "jms-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        progress("run directory %s", runDir);

        List<ScenarioResult.Labelled> results = new ArrayList<>();
        Map<String, List<String>> settings = new LinkedHashMap<>();
        List<JmsReport.RunInfo> runs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try {
            for (int round = 1; round <= o.integer("rounds"); round++) {
                List<RunKind> order = new ArrayList<>(kinds);
                if (round % 2 == 0) {
                    Collections.reverse(order);
                }
                for (RunKind kind : order) {
                    runOne(round, kind, runDir, cp, o, results, settings, runs, problems);
                }
            }
        } finally {
            if (!keep) {
                TempDirs.deleteRecursively(runDir);
            } else {
                progress("kept %s", runDir);
            }
        }
        if (!o.get("saveResults").isBlank()) {
            Path save = Path.of(o.get("saveResults"));
            Files.write(save, results.stream().map(ScenarioResult.Labelled::toLine).toList(), StandardCharsets.UTF_8);
            progress("raw results (tab-separated, one line per scenario) in %s", save);
        }
        long elapsed = ChronoUnit.SECONDS.between(began, Instant.now());
        new JmsReport(o, results, settings, runs, problems, began, elapsed, loadBefore, loadAverage()).print(System.out);
        Runtime.getRuntime().removeShutdownHook(hook);
    }

    private static void runOne(int round, RunKind kind, Path runDir, JmsClasspaths cp, JmsOptions o,
                               List<ScenarioResult.Labelled> results, Map<String, List<String>> settings,
                               List<JmsReport.RunInfo> runs, List<String> problems) throws Exception {
        Path dir = Files.createDirectories(runDir.resolve(kind.id + "-" + round));
        Path resultFile = dir.resolve("results.tsv");
        Path settingsFile = dir.resolve("settings.txt");
        Path log = dir.resolve("provider.log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(o.words("providerJvm"));
        if (kind == RunKind.ARTEMIS && cp.artemisNativeDir() != null) {
            cmd.add("-Djava.library.path=" + cp.artemisNativeDir());
        }
        cmd.add("-cp");
        cmd.add(cp.of(kind));
        cmd.add(ProviderRun.class.getName());
        cmd.add("run=" + kind.id);
        cmd.add("dir=" + dir);
        cmd.add("resultFile=" + resultFile);
        cmd.add("settingsFile=" + settingsFile);
        cmd.addAll(o.asArgs());
        String loadBefore = loadAverage();
        Instant start = Instant.now();
        progress("round %d: starting %s (load average %s)", round, kind.display, loadBefore);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(log.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        current = p;
        long limit = expectedSeconds(o) + 300;
        try {
            if (!p.waitFor(limit, TimeUnit.SECONDS)) {
                problems.add(kind.display + " (round " + round + "): did not finish within " + limit + " s; killed");
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            } else if (p.exitValue() != 0) {
                problems.add(kind.display + " (round " + round + "): exited with " + p.exitValue() + "; its stdout: "
                        + tail(log, 20));
            }
        } finally {
            current = null;
        }
        if (Files.isRegularFile(resultFile)) {
            for (ScenarioResult r : ScenarioResult.parseAll(Files.readAllLines(resultFile, StandardCharsets.UTF_8))) {
                results.add(new ScenarioResult.Labelled(round, kind.id, r));
            }
        }
        if (Files.isRegularFile(settingsFile)) {
            settings.putIfAbsent(kind.id, Files.readAllLines(settingsFile, StandardCharsets.UTF_8));
        }
        runs.add(new JmsReport.RunInfo(round, kind, start, ChronoUnit.SECONDS.between(start, Instant.now()), loadBefore,
                loadAverage()));
        if (!o.bool("keepRunDir")) {
            TempDirs.deleteRecursively(dir);
        }
    }

    /** Rough length of one provider run, to bound how long the orchestrator waits for it. */
    private static long expectedSeconds(JmsOptions o) {
        double perSend = o.decimal("warmupSeconds") + o.decimal("durationSeconds") + o.integer("pauseMillis") / 1000.0 + 10;
        return (long) (o.decimal("initialWarmupSeconds") + 60 + perSend * 3 * o.ints("threads").length
                + (o.decimal("receiveMaxSeconds") + 60) * o.ints("consumers").length);
    }

    /** {@code /proc/loadavg}'s three load averages, or "n/a". */
    static String loadAverage() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/loadavg")).get(0).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "n/a";
        }
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (Exception e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    static void progress(String format, Object... args) {
        System.err.printf("[jms-bench %tT] %s%n", java.time.LocalTime.now(),
                String.format(format, args));
    }
}

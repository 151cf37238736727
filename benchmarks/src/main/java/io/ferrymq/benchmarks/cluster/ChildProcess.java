package io.ferrymq.benchmarks.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started by the benchmark, with its output in a log file. Every child is registered so that
 * {@link #stopAll()} (called at the end of the run and from the shutdown hook) can end whatever is still
 * running: first a normal termination, then a forced one.
 */
final class ChildProcess {
    private static final Set<ChildProcess> LIVE = ConcurrentHashMap.newKeySet();

    final String name;
    final Process process;
    final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code command}. Its stdout goes to {@code log}; so does its stderr, unless
     * {@code inheritStderr}, in which case stderr is this process's stderr (the load generator's progress).
     */
    static ChildProcess start(String name, List<String> command, Path workDir, Path log, boolean inheritStderr)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectOutput(log.toFile());
        if (inheritStderr) {
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        } else {
            pb.redirectErrorStream(true);
        }
        Map<String, String> env = pb.environment();
        // Neither product may pick up a nameserver or an installation from the environment.
        env.remove("NAMESRV_ADDR");
        env.remove("ROCKETMQ_HOME");
        ChildProcess c = new ChildProcess(name, pb.start(), log);
        LIVE.add(c);
        return c;
    }

    /** A JVM command line: {@code java <jvmOptions> -cp <classpath> <main> <args>}. */
    static List<String> java(List<String> jvmOptions, String classpath, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Ends the process (and anything it started): SIGTERM, then after {@code graceSeconds} SIGKILL. */
    void stop(int graceSeconds) {
        try {
            List<ProcessHandle> descendants = process.descendants().toList();
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                    ClusterBenchmark.progress("%s did not stop within %d s, killing it", name, graceSeconds);
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
            for (ProcessHandle d : descendants) {
                d.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            LIVE.remove(this);
        }
    }

    /** The last {@code lines} lines of the log, for error messages. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    static void stopAll() {
        for (ChildProcess c : List.copyOf(LIVE)) {
            c.stop(10);
        }
    }
}

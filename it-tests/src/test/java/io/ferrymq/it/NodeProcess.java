package io.ferrymq.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A nameserver or broker started as its own process through the distribution's scripts, exactly as a
 * user starts it; output goes to a log file the test can read and dump on failure.
 */
final class NodeProcess implements AutoCloseable {
    static final Path DIST = Path.of(System.getProperty("ferrymq.dist", "../distribution/target/ferrymq-0.1.0-SNAPSHOT"));

    final Process process;
    final Path log;

    private NodeProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static NodeProcess start(Path log, String script, String... args) throws IOException {
        Path bin = DIST.resolve("bin").resolve(script);
        if (!Files.isRegularFile(bin)) {
            throw new IllegalStateException(bin + " is missing: build the distribution module first (mvn install)");
        }
        List<String> command = new java.util.ArrayList<>(List.of("bash", bin.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_OPT", "-Xms64m -Xmx256m -XX:+UseSerialGC");
        return new NodeProcess(pb.start(), log);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Runs a distribution script to completion (e.g. mqshutdown) and returns its exit code. */
    static int run(String script, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", DIST.resolve("bin").resolve(script).toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).inheritIO().start();
        return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    boolean awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        // The script execs java, so the process is the JVM itself; kill its children too, just in case.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}

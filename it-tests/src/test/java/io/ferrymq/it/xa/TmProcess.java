package io.ferrymq.it.xa;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a transaction manager (or anything else) that a test can kill with SIGKILL: the test's own
 * classpath, a small serial-GC heap, stdout and stderr into a file the test polls for marker lines.
 *
 * <p>The child runs {@link #main} first, which starts a watchdog and then calls the given main class: the child halts
 * as soon as the test JVM is gone (a surefire timeout or crash must not leave a JVM blocked in a {@link CrashPoint}
 * behind) or after {@value #MAX_LIFE_SECONDS} seconds at most. When the given main returns, the child exits 0 even
 * if Narayana left non-daemon threads; when it throws, 1.
 *
 * <pre>{@code
 * try (TmProcess app = TmProcess.start(dir.resolve("app.out"), MyApp.class, "arg")) {
 *     app.awaitLine(CrashPoint.MARKER + " commit", Duration.ofSeconds(30));
 *     app.killHard();
 * }
 * }</pre>
 */
public final class TmProcess implements AutoCloseable {
    /** Longest a child lives, whatever happens to the test. */
    public static final int MAX_LIFE_SECONDS = 300;
    private static final String PARENT_PID = "ferrymq.it.xa.parentPid";

    private final Process process;
    private final Path output;
    private final String name;

    private TmProcess(Process process, Path output, String name) {
        this.process = process;
        this.output = output;
        this.name = name;
    }

    /** Starts {@code mainClass} with {@code args} in a child JVM ({@code -Xmx128m -XX:+UseSerialGC}). */
    public static TmProcess start(Path output, Class<?> mainClass, String... args) throws IOException {
        return start(output, List.of(), mainClass, args);
    }

    /**
     * Starts {@code mainClass} with {@code args} in a child JVM with extra {@code jvmOptions} (e.g. {@code -Dkey=value}),
     * its stdout and stderr into {@code output} (replaced if present).
     */
    public static TmProcess start(Path output, List<String> jvmOptions, Class<?> mainClass, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx128m");
        command.add("-XX:+UseSerialGC");
        // Two cores shared with the test JVM: skip the C2 warm-up a short-lived JVM never profits from.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-D" + PARENT_PID + "=" + ProcessHandle.current().pid());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(TmProcess.class.getName());
        command.add(mainClass.getName());
        command.addAll(Arrays.asList(args));
        Files.deleteIfExists(output);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        return new TmProcess(p, output, mainClass.getSimpleName() + "@" + p.pid());
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the child printed so far. */
    public String output() {
        try {
            return Files.readString(output);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            return "(cannot read " + output + ": " + e + ")";
        }
    }

    /**
     * Waits until the child printed a line that is {@code marker} or starts with {@code marker + " "}; returns that
     * line. Fails, with the child's output, when the timeout passes or the child exits first.
     */
    public String awaitLine(String marker, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean aliveBefore = process.isAlive();
            for (String line : output().lines().toList()) {
                if (line.equals(marker) || line.startsWith(marker + " ")) {
                    return line;
                }
            }
            if (!aliveBefore) {
                throw new AssertionError(name + " exited (" + process.exitValue() + ") without printing '" + marker
                        + "':\n" + output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " did not print '" + marker + "' within " + timeout + ":\n" + output());
            }
            Thread.sleep(20);
        }
    }

    /** Waits for the child to exit by itself; returns its exit code. Fails, with its output, on timeout. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " still running after " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    /** SIGKILL, as a power cut would: no shutdown hooks, no flushing; returns once the child is gone. */
    public void killHard() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " survived SIGKILL for 30 s");
        }
    }

    /** Kills the child (SIGKILL) if it still runs and waits up to 30 s for it to go. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                // The kill is sent; keep the interrupt for the caller rather than fail a cleanup.
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * The child's entry point: {@code args[0]} is the main class, the rest its arguments. Not for tests to call.
     */
    public static void main(String[] args) throws Throwable {
        startWatchdog();
        Method main = Class.forName(args[0]).getDeclaredMethod("main", String[].class);
        main.setAccessible(true);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            e.getCause().printStackTrace();
            System.out.flush();
            System.exit(1);
        }
        System.out.flush();
        System.exit(0);
    }

    private static void startWatchdog() {
        String parent = System.getProperty(PARENT_PID);
        if (parent != null) {
            ProcessHandle.of(Long.parseLong(parent)).ifPresentOrElse(
                    p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(3)),
                    () -> Runtime.getRuntime().halt(3));
        }
        Thread timer = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(MAX_LIFE_SECONDS));
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("TmProcess: lived " + MAX_LIFE_SECONDS + " s, halting");
            Runtime.getRuntime().halt(4);
        }, "tm-process-max-life");
        timer.setDaemon(true);
        timer.start();
    }
}

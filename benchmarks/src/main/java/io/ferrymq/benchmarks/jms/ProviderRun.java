package io.ferrymq.benchmarks.jms;

import jakarta.jms.DeliveryMode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Main program of a provider JVM: starts one provider ({@link BenchProvider}, loaded by class name so that this JVM
 * links only its own provider's jars), runs the scenarios against its connection factory with {@link JmsLoad},
 * appends one line per scenario to {@code resultFile} and writes the provider's settings to {@code settingsFile}.
 * Progress goes to stderr. Started by {@link JmsBenchmark}; it can also be run alone with the same options plus
 * {@code run=}, {@code dir=}, {@code resultFile=} and {@code settingsFile=}.
 */
public final class ProviderRun {
    private ProviderRun() {
    }

    public static void main(String[] args) throws Exception {
        JmsOptions o = JmsOptions.parse(args);
        RunKind kind = RunKind.of(o.get("run"));
        Path dir = Path.of(o.get("dir"));
        Path resultFile = Path.of(o.get("resultFile"));
        BenchProvider provider = (BenchProvider) instantiate(kind.providerClass);
        long t0 = System.nanoTime();
        provider.start(dir, o);
        JmsBenchmark.progress("%s started in %.1f s", kind.display, (System.nanoTime() - t0) / 1e9);
        Files.write(Path.of(o.get("settingsFile")), provider.settings(), StandardCharsets.UTF_8);
        try {
            new ProviderRun.Scenarios(kind, provider, o, dir, resultFile).run();
        } finally {
            provider.close();
        }
        JmsBenchmark.progress("%s done", kind.display);
        // Some providers leave non-daemon threads behind (timers, pools); the results are written.
        System.exit(0);
    }

    private static Object instantiate(String className) throws ReflectiveOperationException {
        var c = Class.forName(className).getDeclaredConstructor();
        c.setAccessible(true);
        return c.newInstance();
    }

    /** The scenario sequence of one provider run. */
    private static final class Scenarios {
        private final RunKind kind;
        private final BenchProvider provider;
        private final JmsOptions o;
        private final Path resultFile;
        private final JmsLoad load;

        Scenarios(RunKind kind, BenchProvider provider, JmsOptions o, Path dir, Path resultFile) {
            this.kind = kind;
            this.provider = provider;
            this.o = o;
            this.resultFile = resultFile;
            this.load = new JmsLoad(provider.connectionFactory(), o.integer("bodySize"), dir);
        }

        void run() throws Exception {
            List<String> scenarios = kind.scenarios(o);
            int[] threads = o.ints("threads");
            int maxThreads = threads[threads.length - 1];
            double warmup = o.decimal("warmupSeconds");
            double duration = o.decimal("durationSeconds");
            int batch = o.integer("batchSize");
            // Warm the JIT on every path the scenarios take, unmeasured.
            double initial = o.decimal("initialWarmupSeconds");
            if (initial > 0) {
                JmsBenchmark.progress("%s: initial warm-up, %.0f s of sends and a small drain", kind.display, initial);
                int mode = scenarios.contains("persistent") ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT;
                load.sends(new JmsLoad.SendSpec("warmup", "bench.warmup.send", maxThreads, mode, 0, initial * 0.6, 0.001));
                provider.discard("bench.warmup.send");
                if (scenarios.contains("transacted")) {
                    load.sends(new JmsLoad.SendSpec("warmup", "bench.warmup.tx", maxThreads, DeliveryMode.PERSISTENT, batch,
                            initial * 0.4, 0.001));
                    provider.discard("bench.warmup.tx");
                }
                if (scenarios.contains("receive")) {
                    int n = Math.min(5_000, o.integer("receiveMessages"));
                    load.prefill("bench.warmup.recv", n, o.integer("prefillThreads"));
                    load.drain("warmup", "bench.warmup.recv", n, o.ints("consumers")[0], o.decimal("receiveMaxSeconds"),
                            o.decimal("receiveIdleSeconds"));
                    provider.discard("bench.warmup.recv");
                }
            }
            for (String s : scenarios) {
                switch (s) {
                    case "persistent" -> {
                        for (int t : threads) {
                            send(new JmsLoad.SendSpec("persistent", queue(s, t), t, DeliveryMode.PERSISTENT, 0, warmup,
                                    duration));
                        }
                    }
                    case "nonpersistent" -> {
                        for (int t : threads) {
                            send(new JmsLoad.SendSpec("nonpersistent", queue(s, t), t, DeliveryMode.NON_PERSISTENT, 0,
                                    warmup, duration));
                        }
                    }
                    case "transacted" -> {
                        for (int t : threads) {
                            send(new JmsLoad.SendSpec("transacted", queue(s, t), t, DeliveryMode.PERSISTENT, batch, warmup,
                                    duration));
                        }
                    }
                    case "receive" -> {
                        for (int c : o.ints("consumers")) {
                            receive(c);
                        }
                    }
                    default -> throw new IllegalArgumentException(s);
                }
            }
        }

        private static String queue(String scenario, int threads) {
            return "bench." + scenario + "." + threads;
        }

        private void send(JmsLoad.SendSpec spec) throws Exception {
            pause();
            JmsBenchmark.progress("%s: %s, %d thread(s), %.0f s + %.0f s", kind.display, spec.scenario(), spec.threads(),
                    spec.warmupSeconds(), spec.durationSeconds());
            ScenarioResult r = load.sends(spec);
            record(withNote(r, provider.discard(spec.queue())));
        }

        private void receive(int consumers) throws Exception {
            pause();
            String queue = "bench.receive." + consumers;
            int n = o.integer("receiveMessages");
            double fill = load.prefill(queue, n, o.integer("prefillThreads"));
            JmsBenchmark.progress("%s: prefilled %s with %d persistent messages at %.0f msgs/s; draining with %d"
                    + " consumer(s)", kind.display, queue, n, fill, consumers);
            pause();
            ScenarioResult r = load.drain("receive", queue, n, consumers, o.decimal("receiveMaxSeconds"),
                    o.decimal("receiveIdleSeconds"));
            String discarded = provider.discard(queue);
            record(withNote(r, "prefill " + Math.round(fill) + " msgs/s" + (discarded.isEmpty() ? "" : "; " + discarded)));
        }

        private static ScenarioResult withNote(ScenarioResult r, String note) {
            if (note.isEmpty()) {
                return r;
            }
            return new ScenarioResult(r.scenario(), r.threads(), r.units(), r.messages(), r.seconds(), r.msgsPerSecond(),
                    r.p50(), r.p99(), r.p999(), r.max(), r.errors(), r.cpuSelf(), r.cpuOther(), r.diskBytes(),
                    r.note().isEmpty() ? note : r.note() + "; " + note);
        }

        private void record(ScenarioResult r) throws Exception {
            JmsBenchmark.progress("%s: %s %d -> %.0f msgs/s, p50 %.0f / p99 %.0f / p99.9 %.0f us, errors %d, cpu %.2f/%.2f %s",
                    kind.display, r.scenario(), r.threads(), r.msgsPerSecond(), r.p50(), r.p99(), r.p999(), r.errors(),
                    r.cpuSelf(), r.cpuOther(), r.note());
            Files.writeString(resultFile, r.toLine() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }

        private void pause() throws InterruptedException {
            Thread.sleep(o.integer("pauseMillis"));
        }
    }
}

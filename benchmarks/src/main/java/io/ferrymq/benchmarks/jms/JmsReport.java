package io.ferrymq.benchmarks.jms;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints the JMS benchmark's results as Markdown: settings, per round a comparison with ratios, then details. */
final class JmsReport {
    /** When a provider run took place and the machine's load average around it. */
    record RunInfo(int round, RunKind kind, Instant start, long seconds, String loadBefore, String loadAfter) {
    }

    /** Cores of other load above which a measurement counts as disturbed. */
    static final double DISTURBED = 0.25;

    private final JmsOptions o;
    private final List<ScenarioResult.Labelled> results;
    private final Map<String, List<String>> settings;
    private final List<RunInfo> runs;
    private final List<String> problems;
    private final Instant began;
    private final long elapsedSeconds;
    private final String loadBefore;
    private final String loadAfter;

    JmsReport(JmsOptions o, List<ScenarioResult.Labelled> results, Map<String, List<String>> settings,
              List<RunInfo> runs, List<String> problems, Instant began, long elapsedSeconds, String loadBefore,
              String loadAfter) {
        this.o = o;
        this.results = results;
        this.settings = settings;
        this.runs = runs;
        this.problems = problems;
        this.began = began;
        this.elapsedSeconds = elapsedSeconds;
        this.loadBefore = loadBefore;
        this.loadAfter = loadAfter;
    }

    void print(PrintStream out) {
        out.println("# JMS benchmark: FerryMQ against ActiveMQ Artemis");
        out.println();
        out.printf("Began %s, took %d s. %d cores (`availableProcessors`), Java %s. Load average (1/5/15 min) %s at the"
                        + " start, %s at the end.%n", began.truncatedTo(ChronoUnit.SECONDS), elapsedSeconds,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), loadBefore, loadAfter);
        out.printf("Options: %s.%n", String.join(" ", o.asArgs().stream()
                .filter(a -> !a.startsWith("baseDir=") && !a.startsWith("mvn=")).toList()));
        out.println();
        out.println("## Settings");
        out.println();
        settings.forEach((id, lines) -> {
            out.println("- **" + RunKind.of(id).display + "**");
            lines.forEach(l -> out.println("  - " + l));
        });
        out.println();
        for (int round = 1; round <= o.integer("rounds"); round++) {
            printRound(out, round);
        }
        if (!problems.isEmpty()) {
            out.println("## Problems");
            out.println();
            problems.forEach(p -> out.println("- " + p));
            out.println();
        }
    }

    private void printRound(PrintStream out, int round) {
        out.println("## Round " + round);
        out.println();
        for (RunInfo r : runs) {
            if (r.round() == round) {
                out.printf("- %s: started %s, %d s, load average %s before, %s after%n", r.kind().display,
                        r.start().truncatedTo(ChronoUnit.SECONDS), r.seconds(), r.loadBefore(), r.loadAfter());
            }
        }
        out.println();
        Map<String, ScenarioResult> artemis = byKey(round, RunKind.ARTEMIS);
        Map<String, ScenarioResult> ferry = byKey(round, RunKind.FERRYMQ);
        Map<String, ScenarioResult> ferryAsync = byKey(round, RunKind.FERRYMQ_ASYNC);
        out.println("### FerryMQ ÷ Artemis");
        out.println();
        out.println("Other load: cores that everything else on the machine used during the measured window (FerryMQ's /"
                + " Artemis'); above " + DISTURBED + " the row is marked disturbed.");
        out.println();
        out.println("| scenario | threads | FerryMQ | FerryMQ msgs/s | FerryMQ p50 / p99 / p99.9 µs | Artemis msgs/s"
                + " | Artemis p50 / p99 / p99.9 µs | msgs/s FerryMQ ÷ Artemis | p99 FerryMQ ÷ Artemis | other load |");
        out.println("|---|---|---|---|---|---|---|---|---|---|");
        List<String> keys = new ArrayList<>(artemis.keySet());
        for (String k : ferry.keySet()) {
            if (!keys.contains(k)) {
                keys.add(k);
            }
        }
        for (String k : ferryAsync.keySet()) {
            if (!keys.contains(k)) {
                keys.add(k);
            }
        }
        for (String k : keys) {
            ScenarioResult a = artemis.get(k);
            Map<RunKind, ScenarioResult> ferryRows = new LinkedHashMap<>();
            if (ferry.get(k) != null) {
                ferryRows.put(RunKind.FERRYMQ, ferry.get(k));
            }
            if (ferryAsync.get(k) != null) {
                ferryRows.put(RunKind.FERRYMQ_ASYNC, ferryAsync.get(k));
            }
            for (Map.Entry<RunKind, ScenarioResult> f : ferryRows.entrySet()) {
                ScenarioResult r = f.getValue();
                ScenarioResult any = a != null ? a : r;
                boolean disturbed = r.cpuOther() > DISTURBED || (a != null && a.cpuOther() > DISTURBED);
                out.printf("| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s / %s%s |%n", scenarioName(any.scenario()),
                        any.threads(), f.getKey() == RunKind.FERRYMQ ? "SYNC_FLUSH" : "ASYNC_FLUSH", rate(r), latencies(r),
                        a == null ? "—" : rate(a), a == null ? "—" : latencies(a),
                        a == null ? "—" : ratio(r.msgsPerSecond(), a.msgsPerSecond()),
                        a == null ? "—" : ratio(r.p99(), a.p99()), fmt(r.cpuOther()), a == null ? "—" : fmt(a.cpuOther()),
                        disturbed ? " **disturbed**" : "");
            }
            if (a != null && ferry.get(k) == null && ferryAsync.get(k) == null) {
                out.printf("| %s | %d | — | — | — | %s | %s | — | — | — / %s |%n", scenarioName(a.scenario()), a.threads(),
                        rate(a), latencies(a), fmt(a.cpuOther()));
            }
        }
        out.println();
        out.println("### Details");
        out.println();
        out.println("| run | scenario | threads | units | msgs/s | MiB/s | p50 / p99 / p99.9 / max µs | errors"
                + " | cores self / other | device bytes ÷ body bytes | note |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        double body = o.integer("bodySize");
        for (ScenarioResult.Labelled l : results) {
            if (l.round() != round) {
                continue;
            }
            ScenarioResult r = l.result();
            out.printf("| %s | %s | %d | %,d | %s | %s | %s | %d | %s / %s | %s | %s |%n", RunKind.of(l.run()).display,
                    scenarioName(r.scenario()), r.threads(), r.units(), rate(r),
                    fmt(r.msgsPerSecond() * body / (1024 * 1024)),
                    Double.isNaN(r.p50()) ? "—" : latencies(r) + " / " + fmt(r.max()), r.errors(), fmt(r.cpuSelf()),
                    fmt(r.cpuOther()), fmt(r.diskBytes() / (r.messages() * body)), r.note().isEmpty() ? "" : r.note());
        }
        out.println();
    }

    private Map<String, ScenarioResult> byKey(int round, RunKind kind) {
        Map<String, ScenarioResult> m = new LinkedHashMap<>();
        for (ScenarioResult.Labelled l : results) {
            if (l.round() == round && l.run().equals(kind.id)) {
                m.put(l.result().key(), l.result());
            }
        }
        return m;
    }

    static String scenarioName(String s) {
        return switch (s) {
            case "persistent" -> "persistent send";
            case "nonpersistent" -> "non-persistent send";
            case "transacted" -> "transacted, batches of 100 (latency per batch)";
            case "receive" -> "receive, AUTO_ACKNOWLEDGE (threads = consumers)";
            default -> s;
        };
    }

    private static String rate(ScenarioResult r) {
        return String.format(Locale.ROOT, "%,.0f", r.msgsPerSecond());
    }

    private static String latencies(ScenarioResult r) {
        if (Double.isNaN(r.p50())) {
            return "—";
        }
        return fmt(r.p50()) + " / " + fmt(r.p99()) + " / " + fmt(r.p999());
    }

    private static String ratio(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b) || b == 0) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.2f", a / b);
    }

    private static String fmt(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "n/a";
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}

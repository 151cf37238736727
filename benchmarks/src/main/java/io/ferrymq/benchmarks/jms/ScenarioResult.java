package io.ferrymq.benchmarks.jms;

import java.util.ArrayList;
import java.util.List;

/**
 * One scenario's figures, as a provider JVM measured them. Latencies in microseconds (NaN where the scenario has
 * none); {@code units} are sends, committed batches or received messages. Travels from the provider JVM to the
 * orchestrator as one tab-separated line.
 *
 * @param cpuSelf    cores the provider JVM (broker and clients) used on average in the measured window
 * @param cpuOther   cores everything else on the machine used meanwhile
 * @param diskBytes  bytes the block device holding the store wrote meanwhile (NaN if unknown)
 */
record ScenarioResult(String scenario, int threads, long units, long messages, double seconds, double msgsPerSecond,
                      double p50, double p99, double p999, double max, long errors, double cpuSelf, double cpuOther,
                      double diskBytes, String note) {

    /** The result with the run it belongs to, as the orchestrator keeps it. */
    record Labelled(int round, String run, ScenarioResult result) {
        String toLine() {
            return round + "\t" + run + "\t" + result.toLine();
        }

        static Labelled parse(String line) {
            String[] f = line.split("\t", 3);
            return new Labelled(Integer.parseInt(f[0]), f[1], ScenarioResult.parse(f[2]));
        }
    }

    String toLine() {
        return String.join("\t", scenario, Integer.toString(threads), Long.toString(units), Long.toString(messages),
                Double.toString(seconds), Double.toString(msgsPerSecond), Double.toString(p50), Double.toString(p99),
                Double.toString(p999), Double.toString(max), Long.toString(errors), Double.toString(cpuSelf),
                Double.toString(cpuOther), Double.toString(diskBytes), note.replace('\t', ' ').replace('\n', ' '));
    }

    static ScenarioResult parse(String line) {
        String[] f = line.split("\t", -1);
        return new ScenarioResult(f[0], Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]),
                Double.parseDouble(f[8]), Double.parseDouble(f[9]), Long.parseLong(f[10]), Double.parseDouble(f[11]),
                Double.parseDouble(f[12]), Double.parseDouble(f[13]), f.length > 14 ? f[14] : "");
    }

    static List<ScenarioResult> parseAll(List<String> lines) {
        List<ScenarioResult> out = new ArrayList<>();
        for (String l : lines) {
            if (!l.isBlank()) {
                out.add(parse(l));
            }
        }
        return out;
    }

    /** The key two providers' results are matched on. */
    String key() {
        return scenario + "/" + threads;
    }
}

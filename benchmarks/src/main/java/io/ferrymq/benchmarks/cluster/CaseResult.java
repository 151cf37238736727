package io.ferrymq.benchmarks.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * One measured case, as the load generator writes it (one tab-separated line) and the report reads it.
 *
 * @param broker       display name of the broker
 * @param flushType    ASYNC_FLUSH or SYNC_FLUSH
 * @param mode         sync, async or consume
 * @param threads      producer threads (consume: the consumer's consumeThreadMin)
 * @param messages     messages counted: sends acknowledged SEND_OK that completed inside the measured window,
 *                     or (consume) messages delivered to the listener
 * @param seconds      length of the measured window (consume: first to last delivery)
 * @param bodyBytes    body size of each message
 * @param p50us        latency percentiles in µs of the sends started inside the window (NaN for consume)
 * @param errors       failed sends (exception or a status other than SEND_OK), warm-up included; for
 *                     consume: acknowledged messages that were never delivered (lost)
 * @param brokerCores  average cores the broker process used over the window (process CPU time / wall time)
 * @param clientCores  the same for the load generator's JVM
 * @param otherCores   busy cores of the whole machine (/proc/stat) minus the two above: the nameserver,
 *                     the kernel's own threads and anything else running; well above 0 means disturbed
 * @param detail       free text: first error, stored / delivered / duplicate counts
 */
record CaseResult(String broker, String flushType, String mode, int threads, long messages, double seconds,
                  int bodyBytes, double p50us, double p99us, double p999us, double maxUs, long errors,
                  double brokerCores, double clientCores, double otherCores, String detail) {

    double msgsPerSecond() {
        return seconds > 0 ? messages / seconds : 0;
    }

    /** MiB/s of message bodies. */
    double mibPerSecond() {
        return msgsPerSecond() * bodyBytes / (1024.0 * 1024.0);
    }

    String key() {
        return flushType + "/" + mode + "/" + threads;
    }

    String toLine() {
        List<String> f = List.of(broker, flushType, mode, Integer.toString(threads), Long.toString(messages),
                Double.toString(seconds), Integer.toString(bodyBytes), Double.toString(p50us), Double.toString(p99us),
                Double.toString(p999us), Double.toString(maxUs), Long.toString(errors), Double.toString(brokerCores),
                Double.toString(clientCores), Double.toString(otherCores), clean(detail));
        return String.join("\t", f);
    }

    static CaseResult parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 16) {
            throw new IllegalArgumentException("bad result line: " + line);
        }
        return new CaseResult(f[0], f[1], f[2], Integer.parseInt(f[3]), Long.parseLong(f[4]), Double.parseDouble(f[5]),
                Integer.parseInt(f[6]), Double.parseDouble(f[7]), Double.parseDouble(f[8]), Double.parseDouble(f[9]),
                Double.parseDouble(f[10]), Long.parseLong(f[11]), Double.parseDouble(f[12]), Double.parseDouble(f[13]),
                Double.parseDouble(f[14]), f[15]);
    }

    static List<CaseResult> parseAll(List<String> lines) {
        List<CaseResult> out = new ArrayList<>();
        for (String l : lines) {
            if (!l.isBlank()) {
                out.add(parse(l));
            }
        }
        return out;
    }

    private static String clean(String s) {
        return s == null ? "" : s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}

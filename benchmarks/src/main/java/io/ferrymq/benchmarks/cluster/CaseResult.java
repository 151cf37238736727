package io.ferrymq.benchmarks.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * One measured case, as the load generator writes it (one tab-separated line) and the report reads it.
 *
 * @param broker       display name of the broker
 * @param flushType    ASYNC_FLUSH or SYNC_FLUSH
 * @param role         the master's brokerRole: ASYNC_MASTER (always, in the single topology) or SYNC_MASTER
 * @param mode         sync, async, consume, idle, or replica (the check at the end of a master-slave run that the
 *                     slave holds what the master holds; see {@link #replicaMasterBytes()})
 * @param threads      producer threads (consume: the consumer's consumeThreadMin)
 * @param messages     messages counted: sends acknowledged SEND_OK that completed inside the measured window,
 *                     or (consume) messages delivered to the listener
 * @param seconds      length of the measured window (consume: first to last delivery)
 * @param bodyBytes    body size of each message
 * @param p50us        latency percentiles in µs of the sends started inside the window (NaN for consume)
 * @param errors       failed sends (exception or a status other than SEND_OK), warm-up included; for
 *                     consume: acknowledged messages that were never delivered (lost)
 * @param slaveStatuses of those, the sends answered FLUSH_SLAVE_TIMEOUT or SLAVE_NOT_AVAILABLE (a SYNC_MASTER
 *                     whose slave did not confirm in time, or had none in sync); for the replica case: the
 *                     whole run's, warm-ups included (not the probes before the load)
 * @param brokerCores  average cores the broker process (the master) used over the window (process CPU time / wall time)
 * @param slaveCores   the same for the slave broker; NaN without a slave
 * @param clientCores  the same for the load generator's JVM
 * @param otherCores   busy cores of the whole machine (/proc/stat) minus the three above: the nameserver,
 *                     the kernel's own threads and anything else running; well above 0 means disturbed
 * @param detail       free text: first error, stored / delivered / duplicate counts
 */
record CaseResult(String broker, String flushType, String role, String mode, int threads, long messages, double seconds,
                  int bodyBytes, double p50us, double p99us, double p999us, double maxUs, long errors, long slaveStatuses,
                  double brokerCores, double slaveCores, double clientCores, double otherCores, String detail) {
    private static final int FIELDS = 19;

    double msgsPerSecond() {
        return seconds > 0 ? messages / seconds : 0;
    }

    /** MiB/s of message bodies. */
    double mibPerSecond() {
        return msgsPerSecond() * bodyBytes / (1024.0 * 1024.0);
    }

    String key() {
        return flushType + "/" + role + "/" + mode + "/" + threads;
    }

    /** The case without broker and role: what the role tables set side by side. */
    String caseKey() {
        return flushType + "/" + mode + "/" + threads;
    }

    /**
     * For the replica check (mode {@code replica}), which reuses the fields: {@code messages} is the master's
     * commitLogMaxOffset, {@code errors} the bytes the slave lacked at the end (master's minus slave's
     * commitLogMaxOffset, 0 when it holds everything) and {@code seconds} how long the check waited.
     */
    long replicaMasterBytes() {
        return messages;
    }

    long replicaSlaveBytes() {
        return messages - errors;
    }

    String toLine() {
        List<String> f = List.of(broker, flushType, role, mode, Integer.toString(threads), Long.toString(messages),
                Double.toString(seconds), Integer.toString(bodyBytes), Double.toString(p50us), Double.toString(p99us),
                Double.toString(p999us), Double.toString(maxUs), Long.toString(errors), Long.toString(slaveStatuses),
                Double.toString(brokerCores),
                Double.toString(slaveCores), Double.toString(clientCores), Double.toString(otherCores), clean(detail));
        return String.join("\t", f);
    }

    static CaseResult parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != FIELDS) {
            throw new IllegalArgumentException("bad result line: " + line);
        }
        return new CaseResult(f[0], f[1], f[2], f[3], Integer.parseInt(f[4]), Long.parseLong(f[5]), Double.parseDouble(f[6]),
                Integer.parseInt(f[7]), Double.parseDouble(f[8]), Double.parseDouble(f[9]), Double.parseDouble(f[10]),
                Double.parseDouble(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Double.parseDouble(f[14]),
                Double.parseDouble(f[15]), Double.parseDouble(f[16]), Double.parseDouble(f[17]), f[18]);
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

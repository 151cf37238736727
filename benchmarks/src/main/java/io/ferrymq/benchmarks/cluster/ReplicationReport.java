package io.ferrymq.benchmarks.cluster;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The body of the report in the master-slave topology, per flush type: each product's SYNC_MASTER against
 * its ASYNC_MASTER (the target of issue 4: sync double-write costs at most 10 % of the throughput), FerryMQ ÷
 * RocketMQ per role, CPU and failures, and the replica check (the slave holds what the master holds; sends
 * that did not end SEND_OK). Then the target over all cases. {@link ClusterReport} prints the settings
 * before it and the problems after it.
 */
final class ReplicationReport {
    /** SYNC_MASTER throughput ÷ ASYNC_MASTER throughput at or above which the target is met. */
    static final double TARGET_SYNC_ASYNC_RATIO = 0.90;
    private static final String ASYNC = "ASYNC_MASTER";
    private static final String SYNC = "SYNC_MASTER";

    private final ClusterOptions options;
    private final List<CaseResult> results;
    /** FerryMQ first (the numerator of the cross-product ratios). */
    private final List<String> brokers;

    ReplicationReport(ClusterOptions options, List<CaseResult> results, List<String> brokers) {
        this.options = options;
        this.results = results;
        this.brokers = brokers;
    }

    void print(PrintStream out) {
        boolean bothRoles = options.roles().contains(ASYNC) && options.roles().contains(SYNC);
        for (String flush : options.list("flushTypes")) {
            out.println("## " + flush);
            out.println();
            if (bothRoles) {
                printRoles(out, flush);
            }
            if (brokers.size() > 1) {
                printProducts(out, flush);
            }
            printCpu(out, flush);
            printReplica(out, flush);
        }
        if (bothRoles) {
            printTarget(out);
        }
    }

    /** Per product: SYNC_MASTER against ASYNC_MASTER, case by case. */
    private void printRoles(PrintStream out, String flush) {
        out.printf(Locale.ROOT, "### SYNC_MASTER against ASYNC_MASTER (target: SYNC ÷ ASYNC msgs/s ≥ %.2f)%n%n",
                TARGET_SYNC_ASYNC_RATIO);
        out.println("| broker | case | threads | ASYNC_MASTER msgs/s | ASYNC_MASTER p50 / p99 / p99.9 µs | SYNC_MASTER msgs/s"
                + " | SYNC_MASTER p50 / p99 / p99.9 µs | msgs/s SYNC ÷ ASYNC | p99 SYNC ÷ ASYNC | target |");
        out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (String broker : brokers) {
            Map<String, CaseResult> async = sends(broker, flush, ASYNC);
            Map<String, CaseResult> sync = sends(broker, flush, SYNC);
            pairs(async, sync, (x, y, any) -> out.printf("| %s | %s | %d | %s | %s | %s | %s | %s | %s | %s |%n", broker,
                    any.mode(), any.threads(), ClusterReport.rate(x), ClusterReport.lat(x), ClusterReport.rate(y),
                    ClusterReport.lat(y), ClusterReport.ratio(rateOf(y), rateOf(x)), ClusterReport.ratio(p99Of(y), p99Of(x)),
                    x == null || y == null ? "—" : met(rateOf(y) / rateOf(x)) ? "met" : "**not met**"));
        }
        out.println();
    }

    /** Per role: FerryMQ ÷ RocketMQ, case by case. */
    private void printProducts(PrintStream out, String flush) {
        String a = brokers.get(0);
        String b = brokers.get(1);
        out.println("### " + a + " ÷ " + b + " per role");
        out.println();
        out.println("| role | case | threads | " + a + " msgs/s | " + a + " p99 µs | " + b + " msgs/s | " + b + " p99 µs | msgs/s "
                + a + " ÷ " + b + " | p99 " + a + " ÷ " + b + " |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        for (String role : options.roles()) {
            Map<String, CaseResult> ra = sends(a, flush, role);
            Map<String, CaseResult> rb = sends(b, flush, role);
            pairs(ra, rb, (x, y, any) -> out.printf("| %s | %s | %d | %s | %s | %s | %s | %s | %s |%n", role, any.mode(),
                    any.threads(), ClusterReport.rate(x), p99(x), ClusterReport.rate(y), p99(y),
                    ClusterReport.ratio(rateOf(x), rateOf(y)), ClusterReport.ratio(p99Of(x), p99Of(y))));
        }
        out.println();
    }

    private void printCpu(PrintStream out, String flush) {
        out.println("### Failures, CPU and details");
        out.println();
        out.println("Average cores used over the measured window by the master broker process / the slave broker process /"
                + " the load generator JVM / everything else on the machine (nameserver, kernel, other users; a case is"
                + " **disturbed** above " + ClusterReport.DISTURBED_CORES + "). Failed: sends that threw or did not end"
                + " SEND_OK, the case's warm-up included.");
        out.println();
        out.println("| role | case | threads | broker | failed | of which FLUSH_SLAVE_TIMEOUT / SLAVE_NOT_AVAILABLE"
                + " | master / slave / client / other cores | master + slave CPU µs per message | detail |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        for (String role : options.roles()) {
            for (String broker : brokers) {
                for (CaseResult r : select(broker, flush, role).values()) {
                    if (r.mode().equals("replica")) {
                        continue;
                    }
                    out.printf(Locale.ROOT, "| %s | %s | %s | %s | %d%s | %d | %.2f / %.2f / %.2f / %.2f | %s | %s |%n", role,
                            r.mode(), r.mode().equals("idle") || r.mode().equals("consume") ? "—" : Integer.toString(r.threads()),
                            broker, r.errors(), r.mode().equals("consume") ? " lost" : "", r.slaveStatuses(), r.brokerCores(),
                            r.slaveCores(), r.clientCores(), r.otherCores(), r.messages() == 0 ? "—" : String.format(Locale.ROOT,
                                    "%.1f", (r.brokerCores() + r.slaveCores()) * r.seconds() * 1e6 / r.messages()),
                            ClusterReport.detail(r).replace("|", "\\|"));
                }
            }
        }
        out.println();
    }

    private void printReplica(PrintStream out, String flush) {
        out.println("### Replica check");
        out.println();
        out.println("After the last send case: the master's and the slave's commitLogMaxOffset (broker runtime info), the"
                + " sends of the whole run (warm-ups included, the probes before the load not) answered FLUSH_SLAVE_TIMEOUT or"
                + " SLAVE_NOT_AVAILABLE, and in the detail every send of the run that did not end SEND_OK, by kind.");
        out.println();
        out.println("| role | broker | master commitLogMaxOffset | slave commitLogMaxOffset | slave holds it all"
                + " | sends answered FLUSH_SLAVE_TIMEOUT / SLAVE_NOT_AVAILABLE | detail |");
        out.println("|---|---|---|---|---|---|---|");
        for (String role : options.roles()) {
            for (String broker : brokers) {
                for (CaseResult r : select(broker, flush, role).values()) {
                    if (r.mode().equals("replica")) {
                        out.printf("| %s | %s | %d | %d | %s | %s | %s |%n", role, broker, r.replicaMasterBytes(),
                                r.replicaSlaveBytes(), r.errors() == 0 ? "yes" : "**no**, " + r.errors() + " bytes short",
                                r.slaveStatuses() == 0 ? "0" : "**" + r.slaveStatuses() + "**", r.detail().replace("|", "\\|"));
                    }
                }
            }
        }
        out.println();
    }

    private void printTarget(PrintStream out) {
        out.println("## Against the target");
        out.println();
        out.printf(Locale.ROOT, "Target (issue 4): sync double-write costs ≤ 10 %% of throughput versus async, i.e. SYNC_MASTER"
                + " msgs/s ≥ %.2f × ASYNC_MASTER msgs/s, per product, case by case.%n%n", TARGET_SYNC_ASYNC_RATIO);
        out.println("| flush | broker | cases met | lowest SYNC ÷ ASYNC (case) | replica checks passed"
                + " | SYNC_MASTER sends answered FLUSH_SLAVE_TIMEOUT / SLAVE_NOT_AVAILABLE | SYNC_MASTER sends failed in all |");
        out.println("|---|---|---|---|---|---|---|");
        for (String flush : options.list("flushTypes")) {
            for (String broker : brokers) {
                Map<String, CaseResult> async = sends(broker, flush, ASYNC);
                Map<String, CaseResult> sync = sends(broker, flush, SYNC);
                int cases = 0;
                int met = 0;
                double lowest = Double.NaN;
                String lowestCase = "";
                for (Map.Entry<String, CaseResult> e : async.entrySet()) {
                    CaseResult y = sync.get(e.getKey());
                    if (y == null) {
                        continue;
                    }
                    double q = rateOf(y) / rateOf(e.getValue());
                    cases++;
                    if (met(q)) {
                        met++;
                    }
                    if (Double.isNaN(lowest) || q < lowest) {
                        lowest = q;
                        lowestCase = y.mode() + " " + y.threads();
                    }
                }
                int checks = 0;
                int passed = 0;
                long syncSlave = 0;
                long syncFailed = 0;
                for (CaseResult r : results) {
                    if (r.broker().equals(broker) && r.flushType().equals(flush)) {
                        if (r.mode().equals("replica")) {
                            checks++;
                            passed += r.errors() == 0 ? 1 : 0;
                            syncSlave += r.role().equals(SYNC) ? r.slaveStatuses() : 0;
                        } else if (r.role().equals(SYNC) && (r.mode().equals("sync") || r.mode().equals("async"))) {
                            syncFailed += r.errors();
                        }
                    }
                }
                out.printf(Locale.ROOT, "| %s | %s | %d of %d | %s | %d of %d | %d | %d |%n", flush, broker, met, cases,
                        Double.isNaN(lowest) ? "—" : String.format(Locale.ROOT, "%.2f (%s)", lowest, lowestCase),
                        passed, checks, syncSlave, syncFailed);
            }
        }
        out.println();
        out.println("FLUSH_SLAVE_TIMEOUT / SLAVE_NOT_AVAILABLE: over the whole run, the initial warm-up included. Failed in"
                + " all: the measured cases with their own warm-ups, whatever the failure (RocketMQ's flow control, code 2, included).");
        out.println();
    }

    private static boolean met(double syncOverAsync) {
        return syncOverAsync >= TARGET_SYNC_ASYNC_RATIO;
    }

    /** One broker's results for one flush type and role, by case (flush/mode/threads), in the order they ran. */
    private Map<String, CaseResult> select(String broker, String flush, String role) {
        Map<String, CaseResult> m = new LinkedHashMap<>();
        for (CaseResult r : results) {
            if (r.broker().equals(broker) && r.flushType().equals(flush) && r.role().equals(role)) {
                m.put(r.caseKey(), r);
            }
        }
        return m;
    }

    /** Only the send cases of {@link #select}. */
    private Map<String, CaseResult> sends(String broker, String flush, String role) {
        Map<String, CaseResult> m = select(broker, flush, role);
        m.values().removeIf(r -> !r.mode().equals("sync") && !r.mode().equals("async"));
        return m;
    }

    /** One table row: the two results of a case (either may be null) and whichever is not. */
    private interface Row {
        void print(CaseResult x, CaseResult y, CaseResult any);
    }

    /** Calls {@code row} for every case of {@code a} or {@code b}, those of {@code a} first. */
    private static void pairs(Map<String, CaseResult> a, Map<String, CaseResult> b, Row row) {
        List<String> keys = new ArrayList<>(a.keySet());
        for (String k : b.keySet()) {
            if (!keys.contains(k)) {
                keys.add(k);
            }
        }
        for (String k : keys) {
            CaseResult x = a.get(k);
            CaseResult y = b.get(k);
            row.print(x, y, x != null ? x : y);
        }
    }

    private static double rateOf(CaseResult r) {
        return r == null ? Double.NaN : r.msgsPerSecond();
    }

    private static double p99Of(CaseResult r) {
        return r == null ? Double.NaN : r.p99us();
    }

    private static String p99(CaseResult r) {
        return r == null || Double.isNaN(r.p99us()) ? "—" : ClusterReport.num(r.p99us());
    }
}

package io.ferrymq.benchmarks.jms;

import java.util.List;

/** The provider configurations a run can measure, each in a JVM of its own. */
enum RunKind {
    /** FerryMQ with a SYNC_FLUSH broker: every acknowledged send is on disk (matched with Artemis' synced journal). */
    FERRYMQ("ferrymq", "FerryMQ SYNC_FLUSH", "io.ferrymq.benchmarks.jms.FerryMqProvider"),
    /** FerryMQ with an ASYNC_FLUSH broker: its nearest equivalent of non-persistent delivery (it still stores). */
    FERRYMQ_ASYNC("ferrymq-async", "FerryMQ ASYNC_FLUSH", "io.ferrymq.benchmarks.jms.FerryMqProvider$AsyncFlush"),
    /** ActiveMQ Artemis embedded, journal synced on persistent sends and commits. */
    ARTEMIS("artemis", "Artemis", "io.ferrymq.benchmarks.jms.ArtemisProvider");

    final String id;
    final String display;
    final String providerClass;

    RunKind(String id, String display, String providerClass) {
        this.id = id;
        this.display = display;
        this.providerClass = providerClass;
    }

    static RunKind of(String id) {
        for (RunKind k : values()) {
            if (k.id.equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("runs: ferrymq, ferrymq-async and/or artemis; got " + id);
    }

    /** The scenarios this run measures. */
    List<String> scenarios(JmsOptions o) {
        List<String> wanted = this == FERRYMQ_ASYNC ? o.list("asyncFlushScenarios") : o.list("scenarios");
        return o.list("scenarios").stream().filter(wanted::contains).toList();
    }

    boolean isFerryMq() {
        return this != ARTEMIS;
    }
}

package io.ferrymq.common.util;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread factories for FerryMQ's background threads: named, numbered, daemon. Stateless apart from counters. */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** Threads named {@code name-1}, {@code name-2}, ... that do not keep the JVM alive. */
    public static ThreadFactory factory(String name) {
        AtomicInteger counter = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

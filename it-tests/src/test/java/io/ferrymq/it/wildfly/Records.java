package io.ferrymq.it.wildfly;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server side: what the test MDBs saw, by log name, one line per event, read by the tests through
 * {@link AdapterServlet} ({@code op=records}). Lives in the application's class loader; any thread may append.
 */
public final class Records {
    private static final Map<String, List<String>> LOGS = new ConcurrentHashMap<>();

    private Records() {
    }

    public static void add(String log, String line) {
        List<String> lines = LOGS.computeIfAbsent(log, k -> new ArrayList<>());
        synchronized (lines) {
            lines.add(line);
        }
    }

    public static List<String> get(String log) {
        List<String> lines = LOGS.getOrDefault(log, List.of());
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }
}

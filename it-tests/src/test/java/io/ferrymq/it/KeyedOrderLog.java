package io.ferrymq.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.fail;

/**
 * What orderly consumers consumed, in the order they consumed it: one event per successfully consumed message,
 * {@code key:seq} in the body, seq counting from 0 per key in send order. Checks that every key was consumed
 * in order. Thread-safe.
 */
final class KeyedOrderLog {
    /** One consumed message: who consumed it, its key and sequence number, and when (wall clock, ms). */
    record Event(String consumer, String key, int seq, long millis) {
        /** The line a consumer process writes for this event. */
        String line() {
            return consumer + " " + key + " " + seq + " " + millis + "\n";
        }

        static Event parse(String line) {
            String[] f = line.trim().split(" ");
            return new Event(f[0], f[1], Integer.parseInt(f[2]), Long.parseLong(f[3]));
        }
    }

    private final List<Event> events = new ArrayList<>();

    static String body(String key, int seq) {
        return key + ":" + seq;
    }

    static Event event(String consumer, String body) {
        int colon = body.lastIndexOf(':');
        return new Event(consumer, body.substring(0, colon), Integer.parseInt(body.substring(colon + 1)),
                System.currentTimeMillis());
    }

    synchronized void record(String consumer, String body) {
        events.add(event(consumer, body));
    }

    synchronized void addAll(List<Event> more) {
        events.addAll(more);
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** Distinct messages consumed so far. */
    synchronized int distinct() {
        Set<String> seen = new java.util.HashSet<>();
        events.forEach(e -> seen.add(e.key() + ":" + e.seq()));
        return seen.size();
    }

    /** The complete lines of a consumer process's event file (a line cut short by a kill is ignored). */
    static List<Event> readEvents(Path file) throws IOException {
        List<Event> read = new ArrayList<>();
        if (!Files.exists(file)) {
            return read;
        }
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return read;
        }
        for (String line : text.substring(0, end).split("\n")) {
            if (!line.isBlank()) {
                read.add(Event.parse(line));
            }
        }
        return read;
    }

    /**
     * Asserts, for every key, over the events in the order they happened: a message is never consumed before its
     * predecessor was (no gaps); one consumer consumes a key's messages one after the other (seq + 1 each time);
     * going back (redelivery from the last committed offset) happens only where another consumer takes over,
     * and only when {@code redeliveryAllowed}; and in the end every one of {@code perKey} messages of every key
     * was consumed.
     */
    synchronized void assertEveryKeyInOrder(int keys, int perKey, boolean redeliveryAllowed) {
        Map<String, List<Event>> byKey = new LinkedHashMap<>();
        for (Event e : events) {
            byKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
        }
        if (byKey.size() != keys) {
            fail("expected events of " + keys + " keys, got " + byKey.keySet());
        }
        for (Map.Entry<String, List<Event>> entry : byKey.entrySet()) {
            String key = entry.getKey();
            Event prev = null;
            int maxSeen = -1;
            Set<Integer> seen = new TreeSet<>();
            for (Event e : entry.getValue()) {
                if (e.seq() > maxSeen + 1) {
                    fail("key " + key + ": " + e.consumer() + " consumed #" + e.seq() + " before #" + (maxSeen + 1)
                            + "; events: " + entry.getValue());
                }
                if (prev != null && e.seq() != prev.seq() + 1) {
                    boolean takeover = !e.consumer().equals(prev.consumer());
                    if (!redeliveryAllowed || !takeover) {
                        fail("key " + key + ": #" + e.seq() + " by " + e.consumer() + " right after #" + prev.seq()
                                + " by " + prev.consumer() + "; events: " + entry.getValue());
                    }
                }
                maxSeen = Math.max(maxSeen, e.seq());
                seen.add(e.seq());
                prev = e;
            }
            if (seen.size() != perKey || maxSeen != perKey - 1) {
                fail("key " + key + ": consumed " + seen.size() + " of " + perKey + " messages");
            }
        }
    }
}

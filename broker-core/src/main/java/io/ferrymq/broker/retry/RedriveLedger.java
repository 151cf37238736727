package io.ferrymq.broker.retry;

import io.ferrymq.broker.JsonFile;
import io.ferrymq.common.json.JsonObject;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which dead letters were already sent back, so re-driving a group twice never sends a letter twice.
 * A letter is named by its message id and death time (a message that dies again after a re-drive is a new
 * letter); names whose letters have expired are dropped. Persisted to {@code config/deadLetterRedrives.json}.
 * Synchronized; touched by admin requests only.
 */
final class RedriveLedger {
    private final Path file;
    private final long retentionMillis;
    /** Letter name → its death time. */
    private final Map<String, Long> redriven = new HashMap<>();

    RedriveLedger(Path file, long retentionMillis) {
        this.file = file;
        this.retentionMillis = retentionMillis;
    }

    synchronized void load() throws IOException {
        JsonObject o = JsonFile.read(file);
        List<Object> letters = o == null ? null : o.getArray("redriven");
        if (letters != null) {
            for (Object l : letters) {
                JsonObject letter = (JsonObject) l;
                redriven.put(letter.getString("letter"), letter.getLong("deadAt", 0));
            }
        }
    }

    static String letterName(String msgId, long deadAt) {
        return msgId + "@" + deadAt;
    }

    synchronized boolean contains(String letter) {
        return redriven.containsKey(letter);
    }

    synchronized void add(String letter, long deadAt) {
        redriven.put(letter, deadAt);
    }

    /** Forgets expired letters and writes the rest. */
    synchronized void persist(long now) throws IOException {
        redriven.values().removeIf(deadAt -> now - deadAt >= retentionMillis);
        List<Object> letters = new ArrayList<>();
        redriven.forEach((name, deadAt) -> letters.add(new JsonObject().put("letter", name).put("deadAt", deadAt)));
        JsonFile.write(file, new JsonObject().put("redriven", letters));
    }
}

package io.ferrymq.store.schedule;

import io.ferrymq.common.json.Json;
import io.ferrymq.common.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The delay service's persisted progress, {@code config/delayOffset.json}: RocketMQ's {@code offsetTable}
 * (level → next queue offset of that level's queue in SCHEDULE_TOPIC_XXXX) plus FerryMQ's timer progress
 * (the lowest undelivered timer-queue offset and the offsets above it already delivered) and
 * {@code commitLogOffset}: every delivery stored before that CommitLog offset is reflected here, later ones
 * are found again by their delivery mark after a restart. Owned by the delay service's thread.
 */
final class ScheduleProgress {
    final long[] levelOffsets;
    long timerWatermark;
    final NavigableSet<Long> timerDelivered = new TreeSet<>();
    long commitLogOffset = -1;

    ScheduleProgress(int levels) {
        this.levelOffsets = new long[levels];
    }

    static ScheduleProgress load(Path file, int levels) throws IOException {
        ScheduleProgress p = new ScheduleProgress(levels);
        if (!Files.exists(file)) {
            return p;
        }
        JsonObject o = Json.parseObject(Files.readAllBytes(file));
        JsonObject table = o.getObject("offsetTable");
        if (table != null) {
            for (Map.Entry<Object, Object> e : table.entries()) {
                int level = Integer.parseInt(String.valueOf(e.getKey()));
                if (level >= 1 && level <= levels) {
                    p.levelOffsets[level - 1] = ((Number) e.getValue()).longValue();
                }
            }
        }
        JsonObject timer = o.getObject("timer");
        if (timer != null) {
            p.timerWatermark = timer.getLong("watermark", 0);
            List<Object> delivered = timer.getArray("delivered");
            if (delivered != null) {
                for (Object d : delivered) {
                    p.timerDelivered.add(((Number) d).longValue());
                }
            }
        }
        p.commitLogOffset = o.getLong("commitLogOffset", -1);
        return p;
    }

    /** Marks timer-queue offset {@code queueOffset} delivered and moves the watermark past delivered offsets. */
    void timerDelivered(long queueOffset) {
        if (queueOffset < timerWatermark) {
            return;
        }
        timerDelivered.add(queueOffset);
        while (timerDelivered.remove(timerWatermark)) {
            timerWatermark++;
        }
    }

    JsonObject toJson() {
        JsonObject table = new JsonObject();
        for (int i = 0; i < levelOffsets.length; i++) {
            table.put(Integer.toString(i + 1), levelOffsets[i]);
        }
        List<Object> delivered = new ArrayList<>(timerDelivered);
        return new JsonObject().put("offsetTable", table)
                .put("timer", new JsonObject().put("watermark", timerWatermark).put("delivered", delivered))
                .put("commitLogOffset", commitLogOffset);
    }

    /** Writes a temp file and renames it over the old one, so a crash leaves one whole version or the other. */
    void save(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, Json.writeBytes(toJson()));
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    String offsetTableText() {
        return new String(Json.writeBytes(new JsonObject().put("offsetTable", toJson().getObject("offsetTable"))),
                StandardCharsets.UTF_8);
    }
}

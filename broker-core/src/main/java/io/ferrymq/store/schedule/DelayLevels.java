package io.ferrymq.store.schedule;

import io.ferrymq.common.config.ConfigException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The delay of each level of {@code messageDelayLevel} ({@code "1s 5s 10s 30s 1m ..."}), level 1 first.
 * Immutable; safe from any thread.
 */
public final class DelayLevels {
    private final long[] delayMillis;

    private DelayLevels(long[] delayMillis) {
        this.delayMillis = delayMillis;
    }

    /** Parses a space-separated list of {@code <number><unit>} with unit ms, s, m, h or d. */
    public static DelayLevels parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new ConfigException("FMQ-CFG-003 messageDelayLevel must list at least one delay, e.g. \"1s 5s 10s\"");
        }
        List<Long> delays = new ArrayList<>();
        for (String token : spec.trim().split("\\s+")) {
            delays.add(parseOne(token));
        }
        long[] millis = new long[delays.size()];
        for (int i = 0; i < millis.length; i++) {
            millis[i] = delays.get(i);
        }
        return new DelayLevels(millis);
    }

    private static long parseOne(String token) {
        String t = token.toLowerCase(Locale.ROOT);
        int unitStart = 0;
        while (unitStart < t.length() && Character.isDigit(t.charAt(unitStart))) {
            unitStart++;
        }
        long unit = switch (t.substring(unitStart)) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            case "d" -> 86_400_000L;
            default -> -1L;
        };
        if (unitStart == 0 || unit < 0) {
            throw new ConfigException("FMQ-CFG-003 messageDelayLevel entry '" + token
                    + "' is not a number followed by ms, s, m, h or d");
        }
        long value = Long.parseLong(t.substring(0, unitStart));
        if (value <= 0) {
            throw new ConfigException("FMQ-CFG-003 messageDelayLevel entry '" + token + "' must be positive");
        }
        return value * unit;
    }

    /** Number of levels (18 by default). */
    public int maxLevel() {
        return delayMillis.length;
    }

    /** The delay of {@code level} (1-based); levels above the highest count as the highest, as in RocketMQ. */
    public long delayMillis(int level) {
        return delayMillis[Math.min(Math.max(level, 1), delayMillis.length) - 1];
    }

    /** The level a message asking for {@code level} is stored under: clamped to 1..maxLevel. */
    public int clamp(int level) {
        return Math.min(Math.max(level, 1), delayMillis.length);
    }
}

package io.ferrymq.tools;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The options after a command name: {@code -x value} pairs and bare flags, RocketMQ's mqadmin style. Immutable once
 * parsed.
 */
public final class CommandLine {
    private final Map<String, String> values;

    private CommandLine(Map<String, String> values) {
        this.values = values;
    }

    /**
     * @param flags options that take no value (e.g. {@code --all})
     * @throws UsageException an argument that is not an option, or an option without its value
     */
    public static CommandLine parse(String[] args, int from, Set<String> flags) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-")) {
                throw new UsageException("unexpected argument '" + a + "'");
            }
            if (flags.contains(a)) {
                values.put(a, "true");
            } else if (i + 1 < args.length) {
                values.put(a, args[++i]);
            } else {
                throw new UsageException("option " + a + " needs a value");
            }
        }
        return new CommandLine(values);
    }

    /** The value of {@code option}, or null. */
    public String get(String option) {
        return values.get(option);
    }

    public String required(String option, String what) {
        String v = values.get(option);
        if (v == null || v.isBlank()) {
            throw new UsageException("missing " + option + " <" + what + ">");
        }
        return v;
    }

    public boolean has(String option) {
        return values.containsKey(option);
    }
}

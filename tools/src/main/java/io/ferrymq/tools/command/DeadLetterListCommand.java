package io.ferrymq.tools.command;

import io.ferrymq.client.AdminClient;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.DeadLetter;
import io.ferrymq.tools.AdminCommand;
import io.ferrymq.tools.CommandLine;
import io.ferrymq.tools.UsageException;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;

/** {@code dlqList}: a consumer group's unexpired dead letters and why each one died. */
public final class DeadLetterListCommand implements AdminCommand {
    private static final String ROW = "%-34s %-20s %-12s %8s %-24s %s%n";
    private static final int DEFAULT_MAX = 100;

    @Override
    public String name() {
        return "dlqList";
    }

    @Override
    public String summary() {
        return "list a consumer group's dead letters: original topic, attempts, death time, why they died";
    }

    @Override
    public String usage() {
        return "-g <consumer group> [-m <max letters, default " + DEFAULT_MAX + ">]";
    }

    @Override
    public int run(CommandLine options, AdminClient admin, PrintStream out) throws ClientException {
        String group = options.required("-g", "consumer group");
        int max = DEFAULT_MAX;
        if (options.get("-m") != null) {
            try {
                max = Integer.parseInt(options.get("-m"));
            } catch (NumberFormatException e) {
                throw new UsageException("-m must be a number, not '" + options.get("-m") + "'");
            }
            if (max < 1) {
                throw new UsageException("-m must be at least 1");
            }
        }
        List<DeadLetter> letters = admin.deadLetters(group, max);
        if (letters.isEmpty()) {
            out.println("no dead letter of group " + group);
            return 0;
        }
        out.printf(ROW, "MSG-ID", "ORIGIN-TOPIC", "CAUSE", "ATTEMPTS", "DIED-AT", "REASON");
        for (DeadLetter d : letters) {
            out.printf(ROW, d.message().msgId(), d.originTopic(), d.cause(), d.failureCount(),
                    Instant.ofEpochMilli(d.deadAtMillis()), d.reason() == null ? "" : d.reason());
        }
        out.println(letters.size() + " dead letter(s)" + (letters.size() == max ? " (limit reached; -m shows more)" : "")
                + "; dlqRedrive sends them back");
        return 0;
    }
}

package io.ferrymq.tools.command;

import io.ferrymq.client.AdminClient;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.HalfMessageInfo;
import io.ferrymq.tools.AdminCommand;
import io.ferrymq.tools.CommandLine;

import java.io.PrintStream;
import java.util.List;

/** {@code halfMessageList}: the unresolved half messages of every master, oldest first per broker. */
public final class HalfMessageListCommand implements AdminCommand {
    private static final String ROW = "%-10s %-34s %-20s %-20s %9s %6s %-11s %s%n";

    @Override
    public String name() {
        return "halfMessageList";
    }

    @Override
    public String summary() {
        return "list unresolved transactional half messages (age, checks, last answer, parked)";
    }

    @Override
    public String usage() {
        return "[-g <producer group>] [-t <topic>]";
    }

    @Override
    public int run(CommandLine options, AdminClient admin, PrintStream out) throws ClientException {
        List<HalfMessageInfo> halves = admin.halfMessages(options.get("-g"), options.get("-t"));
        if (halves.isEmpty()) {
            out.println("no unresolved half message");
            return 0;
        }
        out.printf(ROW, "BROKER", "TRANSACTION-ID", "TOPIC", "PRODUCER-GROUP", "AGE", "CHECKS", "LAST-ANSWER", "STATE");
        for (HalfMessageInfo h : halves) {
            out.printf(ROW, h.brokerName(), h.transactionId(), h.topic(), h.producerGroup(), age(h.ageMillis()),
                    h.checks(), h.lastAnswer(), h.parked() ? "PARKED" : "PENDING");
        }
        out.println(halves.size() + " unresolved, " + halves.stream().filter(HalfMessageInfo::parked).count()
                + " parked (resumeCheckHalfMessage checks parked ones again; halfMessageResolve settles one by hand)");
        return 0;
    }

    /** 45s, 3m05s, 2h07m, 3d04h. */
    static String age(long millis) {
        long s = Math.max(0, millis / 1000);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format("%dm%02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format("%dh%02dm", s / 3600, s % 3600 / 60);
        }
        return String.format("%dd%02dh", s / 86_400, s % 86_400 / 3600);
    }
}

package io.ferrymq.tools.command;

import io.ferrymq.client.AdminClient;
import io.ferrymq.client.ClientException;
import io.ferrymq.tools.AdminCommand;
import io.ferrymq.tools.CommandLine;
import io.ferrymq.tools.UsageException;

import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code dlqRedrive}: sends dead letters of a group back, each at most once: one by message id, those with a
 * key, or all of them. To the original topic (every subscribed group sees them again) or to the group's retry
 * topic (only the group that failed).
 */
public final class DeadLetterRedriveCommand implements AdminCommand {
    @Override
    public String name() {
        return "dlqRedrive";
    }

    @Override
    public String summary() {
        return "send dead letters back (one by id, by key, or all of a group) to their topic or the group's retry topic";
    }

    @Override
    public String usage() {
        return "-g <consumer group> (-i <message id> | -k <key> | --all) [-d <origin|retry>, default origin]";
    }

    @Override
    public int run(CommandLine options, AdminClient admin, PrintStream out) throws ClientException {
        String group = options.required("-g", "consumer group");
        String msgId = options.get("-i");
        String key = options.get("-k");
        boolean all = options.has("--all");
        int selectors = (msgId != null ? 1 : 0) + (key != null ? 1 : 0) + (all ? 1 : 0);
        if (selectors != 1) {
            throw new UsageException("name exactly one of -i <message id>, -k <key> or --all");
        }
        String destination = options.get("-d") == null ? "origin" : options.get("-d").toLowerCase(Locale.ROOT);
        AdminClient.RedriveTarget target = switch (destination) {
            case "origin" -> AdminClient.RedriveTarget.ORIGIN_TOPIC;
            case "retry" -> AdminClient.RedriveTarget.RETRY;
            default -> throw new UsageException("-d must be origin or retry, not '" + options.get("-d") + "'");
        };
        AdminClient.RedriveResult r = admin.redriveDeadLetters(group, msgId, key, target);
        out.println(r.matched() + " matched, " + r.redriven() + " sent back, " + r.alreadyRedriven()
                + " sent back before (not again), " + r.failed() + " failed");
        return r.failed() > 0 ? 1 : r.matched() == 0 ? 1 : 0;
    }
}

package io.ferrymq.tools.command;

import io.ferrymq.client.AdminClient;
import io.ferrymq.client.ClientException;
import io.ferrymq.tools.AdminCommand;
import io.ferrymq.tools.CommandLine;
import io.ferrymq.tools.UsageException;

import java.io.PrintStream;

/** {@code resumeCheckHalfMessage} (RocketMQ's name): checks parked half messages again, from zero checks. */
public final class ResumeCheckHalfMessageCommand implements AdminCommand {
    @Override
    public String name() {
        return "resumeCheckHalfMessage";
    }

    @Override
    public String summary() {
        return "check parked half messages again (one, a producer group's, or all)";
    }

    @Override
    public String usage() {
        return "-i <transaction id> | -g <producer group> | --all";
    }

    @Override
    public int run(CommandLine options, AdminClient admin, PrintStream out) throws ClientException {
        String id = options.get("-i");
        String group = options.get("-g");
        int chosen = (id != null ? 1 : 0) + (group != null ? 1 : 0) + (options.has("--all") ? 1 : 0);
        if (chosen != 1) {
            throw new UsageException("say which: -i <transaction id>, -g <producer group> or --all");
        }
        int resumed = admin.resumeHalfMessages(id, group);
        out.println("resumed " + resumed + " parked half message(s)");
        return id != null && resumed == 0 ? 1 : 0;
    }
}

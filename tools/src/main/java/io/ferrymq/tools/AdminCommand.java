package io.ferrymq.tools;

import io.ferrymq.client.AdminClient;
import io.ferrymq.client.ClientException;

import java.io.PrintStream;

/** One command of {@code mqadmin}. Implementations are stateless. */
public interface AdminCommand {
    /** The name typed on the command line, RocketMQ's where RocketMQ has the command. */
    String name();

    /** One line for the command list. */
    String summary();

    /** The options, as shown by {@code mqadmin help <command>}. */
    String usage();

    /**
     * Runs the command.
     *
     * @return the process exit code: 0 done, 1 failed, 2 wrong usage
     * @throws UsageException the options do not make sense (exit code 2, usage shown)
     */
    int run(CommandLine options, AdminClient admin, PrintStream out) throws ClientException;
}

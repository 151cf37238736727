package io.ferrymq.tools;

import io.ferrymq.client.AdminClient;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ClientException;
import io.ferrymq.tools.command.DeadLetterListCommand;
import io.ferrymq.tools.command.DeadLetterRedriveCommand;
import io.ferrymq.tools.command.HalfMessageListCommand;
import io.ferrymq.tools.command.HalfMessageResolveCommand;
import io.ferrymq.tools.command.ResumeCheckHalfMessageCommand;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code mqadmin <command> -n <namesrv> [options]}: FerryMQ's admin command line. The table of commands is
 * {@link #COMMANDS}; {@code mqadmin help [command]} lists them or shows one's options. The nameserver comes from
 * {@code -n}, else {@code NAMESRV_ADDR}. On a cluster whose brokers require ACL signatures ({@code aclEnable}), the
 * tool signs its requests with the credentials in {@value #ACCESS_KEY_ENV} and {@value #SECRET_KEY_ENV}: environment
 * variables rather than options, so the secret appears neither in the process list nor in the shell's history.
 */
public final class MqAdmin {
    static final List<AdminCommand> COMMANDS = List.of(new HalfMessageListCommand(), new HalfMessageResolveCommand(),
            new ResumeCheckHalfMessageCommand(), new DeadLetterListCommand(), new DeadLetterRedriveCommand());
    private static final Set<String> FLAGS = Set.of("--all");
    static final String ACCESS_KEY_ENV = "FERRYMQ_ACCESS_KEY";
    static final String SECRET_KEY_ENV = "FERRYMQ_SECRET_KEY";

    private MqAdmin() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command line with this process's environment; returns the exit code (0 done, 1 failed, 2 wrong usage). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv());
    }

    /** Runs one command line; {@code env} holds the credential variables, if any. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("-h") || args[0].equals("--help")) {
            AdminCommand asked = args.length > 1 ? find(args[1]) : null;
            if (asked != null) {
                out.println(usageOf(asked));
            } else {
                listCommands(out);
            }
            return args.length == 0 ? 2 : 0;
        }
        AdminCommand command = find(args[0]);
        if (command == null) {
            err.println("FMQ-TOOLS-001 unknown command '" + args[0] + "'");
            listCommands(err);
            return 2;
        }
        try {
            CommandLine options = CommandLine.parse(args, 1, FLAGS);
            ClientConfig config = new ClientConfig().setInstanceName("mqadmin-" + ProcessHandle.current().pid());
            if (options.get("-n") != null) {
                config.setNamesrvAddr(options.get("-n"));
            }
            if (config.getNamesrvAddr() == null || config.getNamesrvAddr().isBlank()) {
                throw new UsageException("missing -n <namesrv host:port;...> (or set NAMESRV_ADDR)");
            }
            String accessKey = env.get(ACCESS_KEY_ENV);
            String secretKey = env.get(SECRET_KEY_ENV);
            if ((accessKey == null) != (secretKey == null)) {
                throw new UsageException("set both " + ACCESS_KEY_ENV + " and " + SECRET_KEY_ENV + ", or neither");
            }
            if (accessKey != null) {
                try {
                    config.setCredentials(accessKey, secretKey);
                } catch (IllegalArgumentException e) {
                    throw new UsageException(ACCESS_KEY_ENV + "/" + SECRET_KEY_ENV + ": " + e.getMessage());
                }
            }
            try (AdminClient admin = new AdminClient(config)) {
                admin.start();
                return command.run(options, admin, out);
            }
        } catch (UsageException e) {
            err.println("FMQ-TOOLS-002 " + e.getMessage());
            err.println(usageOf(command));
            return 2;
        } catch (ClientException e) {
            err.println("FMQ-TOOLS-003 " + command.name() + " failed: " + e.getMessage());
            return 1;
        }
    }

    private static AdminCommand find(String name) {
        return COMMANDS.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    private static String usageOf(AdminCommand c) {
        return "usage: mqadmin " + c.name() + " -n <namesrv> " + c.usage() + "\n  " + c.summary();
    }

    private static void listCommands(PrintStream out) {
        out.println("usage: mqadmin <command> -n <namesrv host:port;...> [options]   (mqadmin help <command>)");
        out.println("  brokers with aclEnable: set " + ACCESS_KEY_ENV + " and " + SECRET_KEY_ENV);
        out.println("commands:");
        for (AdminCommand c : COMMANDS) {
            out.printf("  %-24s %s%n", c.name(), c.summary());
        }
    }
}

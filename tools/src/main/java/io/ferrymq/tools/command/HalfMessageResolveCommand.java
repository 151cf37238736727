package io.ferrymq.tools.command;

import io.ferrymq.client.AdminClient;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.TransactionState;
import io.ferrymq.tools.AdminCommand;
import io.ferrymq.tools.CommandLine;
import io.ferrymq.tools.UsageException;

import java.io.PrintStream;
import java.util.Locale;

/** {@code halfMessageResolve}: commits (delivers) or rolls back (discards) one unresolved half message by hand. */
public final class HalfMessageResolveCommand implements AdminCommand {
    @Override
    public String name() {
        return "halfMessageResolve";
    }

    @Override
    public String summary() {
        return "commit or roll back one unresolved (pending or parked) half message by hand";
    }

    @Override
    public String usage() {
        return "-i <transaction id or offset message id> -a <commit|rollback>";
    }

    @Override
    public int run(CommandLine options, AdminClient admin, PrintStream out) throws ClientException {
        String id = options.required("-i", "transaction id");
        TransactionState outcome = switch (options.required("-a", "commit|rollback").toLowerCase(Locale.ROOT)) {
            case "commit" -> TransactionState.COMMIT;
            case "rollback" -> TransactionState.ROLLBACK;
            default -> throw new UsageException("-a must be commit or rollback, not '" + options.get("-a") + "'");
        };
        if (!admin.resolveHalfMessage(id, outcome)) {
            out.println("no unresolved half message " + id + " on any master (already resolved, or a wrong id)");
            return 1;
        }
        out.println(outcome + " of " + id + " stored" + (outcome == TransactionState.COMMIT
                ? ": the message is delivered to its topic" : ": the message is discarded"));
        return 0;
    }
}

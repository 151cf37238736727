package io.ferrymq.it;

import io.ferrymq.tools.MqAdmin;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs {@code bin/mqadmin}'s main logic in the test JVM, with the given environment, capturing what it prints. */
final class MqAdminCli {
    private MqAdminCli() {
    }

    /** @return the exit code; standard output and error are appended to {@code out} */
    static int run(Map<String, String> env, StringBuilder out, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int code = MqAdmin.run(args, stream, stream, env);
        out.append(bytes.toString(StandardCharsets.UTF_8));
        return code;
    }
}

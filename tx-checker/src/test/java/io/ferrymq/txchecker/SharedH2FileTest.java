package io.ferrymq.txchecker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default deployment: the application and the checker are two processes sharing one H2 file in automatic
 * mixed mode. The checker (this JVM) opens the file first; the application (a child JVM with the same URL) then
 * reaches it through the server H2 started inside this JVM, and records a transaction the checker must see.
 */
class SharedH2FileTest {
    @TempDir
    Path dir;

    @Test
    void anApplicationInAnotherProcessRecordsAndTheCheckerSeesIt() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("txlog").toAbsolutePath() + ";AUTO_SERVER=TRUE";
        MutableClock clock = new MutableClock(System.currentTimeMillis());
        try (TxChecker checker = TxChecker.start(new TxCheckerConfig().setJdbcUrl(url).setPurgeIntervalMinutes(0),
                clock)) {
            long half = clock.millis();
            Path out = dir.resolve("app.log");
            Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx64m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    RecordInAnotherProcess.class.getName(), url, "tx-from-app")
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean exited = app.waitFor(30, TimeUnit.SECONDS);
            if (!exited) {
                app.destroyForcibly();
            }
            String appLog = Files.readString(out);
            assertThat(exited).as("application process ended; its log:%n%s", appLog).isTrue();
            assertThat(app.exitValue()).as("application exit code; its log:%n%s", appLog).isZero();

            assertThat(checker.check("tx-from-app", half, null)).isEqualTo(CheckOutcome.COMMIT);
            assertThat(BusinessTable.orderExists(checker.dataSource(), "order-tx-from-app")).isTrue();
        }
    }
}

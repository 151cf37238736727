package io.ferrymq.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seeds' 2m-2s-async deployment, every node its own JVM: the same nameserver and master kills as the
 * sync deployment. An ASYNC_MASTER acknowledges before its slave holds the message, so acknowledged messages
 * may be lost with the master; how many is reported (log and {@code target/failover-async.txt}), not asserted.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MasterSlaveAsyncClusterTest {
    private static final Logger LOG = LoggerFactory.getLogger(MasterSlaveAsyncClusterTest.class);

    @TempDir
    Path dir;

    @Test
    void killingAMasterUnderLoadIsSurvivedAndItsLossesAreReported() throws Exception {
        try (ScriptCluster cluster = ScriptCluster.start("2m-2s-async", dir, "mappedFileSizeCommitLog=16777216",
                "maxHashSlotNum=10000", "maxIndexNum=40000")) {
            FailoverScenario.Outcome outcome = new FailoverScenario(cluster, "FailoverAsync").run();
            String report = "2m-2s-async failover: " + outcome.acknowledged() + " acknowledged, "
                    + outcome.lost().size() + " of them lost with the killed master " + outcome.lost()
                    + "; sends succeeded again " + outcome.secondsToFirstAckAfterKill() + " s after the kill; "
                    + outcome.failedSends() + " sends failed; " + outcome.consumed() + " consumed ("
                    + outcome.consumedPerQueue() + ")";
            LOG.info(report);
            Files.writeString(Path.of("target", "failover-async.txt"), report + System.lineSeparator());
            assertThat(outcome.acknowledgedAfterKill()).as("sends continued on broker-b").isPositive();
            assertThat(outcome.secondsToFirstAckAfterKill()).isLessThan(30);
            assertThat(outcome.consumed()).isGreaterThanOrEqualTo(outcome.acknowledged() - outcome.lost().size());
            assertThat(outcome.missedByOfficialConsumer()).as("seen by FerryMQ's consumer, not by the official one")
                    .isEmpty();
        }
    }
}

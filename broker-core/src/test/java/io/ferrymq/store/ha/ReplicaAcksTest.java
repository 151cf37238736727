package io.ferrymq.store.ha;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SYNC_MASTER wait on its own: reports complete the waits they cover, the expiry thread times out the
 * rest, and nothing waits past shutdown. The store-level cases (a silent slave) are in ReplicationTest.
 */
class ReplicaAcksTest {
    private final ReplicaAcks acks = new ReplicaAcks(300);

    @AfterEach
    void tearDown() {
        acks.shutdown();
    }

    @Test
    void aReportCompletesTheWaitsItCoversAndTheRestTimeOut() throws Exception {
        acks.start();
        CompletableFuture<Boolean> low = acks.await(100);
        CompletableFuture<Boolean> high = acks.await(200);

        acks.onAck(150);
        assertThat(low.get(1, TimeUnit.SECONDS)).isTrue();
        assertThat(high.get(10, TimeUnit.SECONDS)).isFalse();
        assertThat(acks.await(150).getNow(null)).as("already reported").isTrue();

        // A report after the timeout does not turn the answer around.
        acks.onAck(200);
        assertThat(high.get()).isFalse();
    }

    @Test
    void waitsRegisteredWhileOthersTimeOutGetTheirOwnFullTimeout() throws Exception {
        acks.start();
        CompletableFuture<Boolean> first = acks.await(100);
        assertThat(first.get(10, TimeUnit.SECONDS)).isFalse();
        // Registered after the expiry thread last looked: it must still be timed out, and still be reportable.
        CompletableFuture<Boolean> reported = acks.await(200);
        CompletableFuture<Boolean> unreported = acks.await(300);
        acks.onAck(200);
        assertThat(reported.get(1, TimeUnit.SECONDS)).isTrue();
        assertThat(unreported.get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void shutdownFailsWaitsAndLaterOnesFailAtOnce() {
        acks.start();
        CompletableFuture<Boolean> waiting = acks.await(100);
        acks.shutdown();
        assertThat(waiting.getNow(null)).isFalse();
        assertThat(acks.await(200).getNow(null)).isFalse();
    }
}

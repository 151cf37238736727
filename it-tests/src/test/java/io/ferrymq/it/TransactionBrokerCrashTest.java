package io.ferrymq.it;

import io.ferrymq.client.AdminClient;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.HalfMessageInfo;
import io.ferrymq.client.Message;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.TransactionCheckListener;
import io.ferrymq.client.TransactionProducer;
import io.ferrymq.client.TransactionState;
import io.ferrymq.namesrv.NameServer;
import io.ferrymq.namesrv.NamesrvConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker process (bin/mqbroker) killed with SIGKILL while half messages are pending, some already checked, some
 * resolved: after the restart nothing is lost (the pending halves are listed with the checks they had), nothing is
 * duplicated (resolved ones are neither checked nor delivered again), and the pending ones are settled by checks.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TransactionBrokerCrashTest {
    private static final String GROUP = "TPG-broker-crash";
    private static final String TOPIC = "TxBrokerCrash";

    @TempDir
    Path dir;

    private String namesrvAddr;

    /** Answers from a table of decisions; UNKNOWN while undecided. */
    private static final class Decisions implements TransactionCheckListener {
        final Map<String, TransactionState> byBody = new ConcurrentHashMap<>();

        @Override
        public TransactionState check(ReceivedMessage half) {
            return byBody.getOrDefault(new String(half.body(), StandardCharsets.UTF_8), TransactionState.UNKNOWN);
        }
    }

    private ClientConfig config(String instance) {
        return new ClientConfig().setNamesrvAddr(namesrvAddr).setInstanceName(instance)
                .setHeartbeatBrokerIntervalMillis(500).setPollNameServerIntervalMillis(500);
    }

    private List<HalfMessageInfo> listed() {
        try (AdminClient admin = new AdminClient(config("list-" + System.nanoTime()))) {
            admin.start();
            return admin.halfMessages(GROUP, null);
        } catch (Exception brokerNotBackYet) {
            return null;
        }
    }

    private void awaitListing(Predicate<List<HalfMessageInfo>> condition, String what, NodeProcess broker)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<HalfMessageInfo> last = null;
        while (System.nanoTime() < deadline) {
            last = listed();
            if (last != null && condition.test(last)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what + "; last listing " + last + "; broker log:\n"
                + broker.output());
    }

    private static List<String> bodies(List<HalfMessageInfo> listing, Map<String, String> bodyById) {
        return listing.stream().map(h -> bodyById.get(h.transactionId())).sorted().toList();
    }

    @Test
    void aBrokerKilledWithPendingHalvesLosesNoneAndDuplicatesNone() throws Exception {
        NameServer namesrv = new NameServer(new NamesrvConfig().setListenPort(0).setBindAddress("127.0.0.1"));
        namesrv.start();
        namesrvAddr = "127.0.0.1:" + namesrv.port();
        Path conf = dir.resolve("broker-crash.conf");
        Files.writeString(conf, String.join("\n", "brokerName=broker-crash", "namesrvAddr=" + namesrvAddr,
                "listenPort=" + NodeProcess.freePort(), "haListenPort=" + NodeProcess.freePort(),
                "brokerIP1=127.0.0.1", "bindAddress=127.0.0.1",
                "storePathRootDir=" + dir.resolve("store"), "mappedFileSizeCommitLog=67108864",
                "maxHashSlotNum=10000", "maxIndexNum=40000",
                "transactionTimeOut=500", "transactionCheckInterval=300", "transactionCheckMax=100", ""));
        NodeProcess broker = NodeProcess.start(dir.resolve("broker-1.log"), "mqbroker", "-c", conf.toString());
        Decisions decisions = new Decisions();
        Map<String, String> bodyById = new ConcurrentHashMap<>();
        try (TransactionProducer producer = new TransactionProducer(GROUP, config("tp-crash"), decisions)) {
            awaitRegistered(namesrv, broker);
            producer.start();
            bodyById.put(producer.sendInTransaction(message("committed"), (m, id) -> TransactionState.COMMIT)
                    .transactionId(), "committed");
            bodyById.put(producer.sendInTransaction(message("rolled-back"), (m, id) -> TransactionState.ROLLBACK)
                    .transactionId(), "rolled-back");
            for (String body : List.of("checked-commit", "pending-commit", "pending-rollback")) {
                bodyById.put(producer.sendHalf(message(body)).msgId(), body);
            }
            awaitListing(l -> l.size() == 3 && l.stream().allMatch(h -> h.checks() >= 2),
                    "three pending halves checked at least twice", broker);
            decisions.byBody.put("checked-commit", TransactionState.COMMIT);
            awaitListing(l -> bodies(l, bodyById).equals(List.of("pending-commit", "pending-rollback")),
                    "the checked commit to be settled", broker);
            int checksBefore = listed().stream().mapToInt(HalfMessageInfo::checks).min().orElseThrow();

            broker.process.destroyForcibly();
            assertThat(broker.awaitExit(30)).isTrue();
            broker = NodeProcess.start(dir.resolve("broker-2.log"), "mqbroker", "-c", conf.toString());
            awaitListing(l -> bodies(l, bodyById).equals(List.of("pending-commit", "pending-rollback")),
                    "the two pending halves listed again after the restart", broker);
            assertThat(listed()).allSatisfy(h -> assertThat(h.checks()).as("check counts survive the crash")
                    .isGreaterThanOrEqualTo(checksBefore));
            assertThat(broker.output()).contains("FMQ-TX-001 transactions recovered: 2 unresolved");

            decisions.byBody.put("pending-commit", TransactionState.COMMIT);
            decisions.byBody.put("pending-rollback", TransactionState.ROLLBACK);
            awaitListing(List::isEmpty, "the pending halves settled after the restart", broker);
            assertThat(TopicReader.bodies(config("reader"), TOPIC))
                    .containsExactlyInAnyOrder("committed", "checked-commit", "pending-commit");
        } finally {
            broker.close();
            namesrv.shutdown();
        }
    }

    private static Message message(String body) {
        return new Message(TOPIC, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void awaitRegistered(NameServer namesrv, NodeProcess broker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!namesrv.routes().clusterInfo().brokers().containsKey("broker-crash")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the broker never registered:\n" + broker.output());
            }
            Thread.sleep(100);
        }
    }
}

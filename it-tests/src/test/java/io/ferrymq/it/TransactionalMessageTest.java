package io.ferrymq.it;

import io.ferrymq.broker.BrokerController;
import io.ferrymq.broker.transaction.HalfMessageCodec;
import io.ferrymq.broker.transaction.TransactionTopics;
import io.ferrymq.client.AdminClient;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.HalfMessageInfo;
import io.ferrymq.client.Message;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.PullConsumer;
import io.ferrymq.client.SendResult;
import io.ferrymq.client.TransactionCheckListener;
import io.ferrymq.client.TransactionCheckRoutes;
import io.ferrymq.client.TransactionProducer;
import io.ferrymq.client.TransactionSendResult;
import io.ferrymq.client.TransactionState;
import io.ferrymq.common.message.MessageIds;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.remoting.RemotingConfig;
import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.PutResult;
import io.ferrymq.store.SelectedBuffer;
import io.ferrymq.store.StoreConfig;
import io.ferrymq.tools.MqAdmin;
import io.ferrymq.txchecker.TxChecker;
import io.ferrymq.txchecker.TxCheckerConfig;
import io.ferrymq.txchecker.TxCheckerListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Transactional messages end to end on one broker, with FerryMQ's transactional producer: commit and rollback deliver
 * exactly the committed messages; unknown outcomes are settled by back-checks; unanswered halves are parked, listed,
 * resumed and resolved by hand; restarts lose and duplicate nothing, even when a crash fell between a commit and its
 * op record; the half topic cannot be consumed. Checks run every 200 ms here, so every wait is short.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TransactionalMessageTest {
    private static final int CHECK_MAX = 3;
    private static LocalCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.builder().brokerConfig(c -> c.setTransactionTimeOut(300).setTransactionCheckInterval(200)
                .setTransactionCheckMax(CHECK_MAX)).start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    private static ClientConfig config(String instance) {
        return new ClientConfig().setNamesrvAddr(cluster.namesrvAddr()).setInstanceName(instance);
    }

    private static String createTopic(String topic) throws Exception {
        try (AdminClient admin = new AdminClient(config("admin-" + topic))) {
            admin.start();
            admin.createTopic("DefaultCluster", topic, 2);
        }
        await(() -> cluster.namesrv.routes().route(topic) != null, "route of " + topic);
        return topic;
    }

    private static Message message(String topic, String body) {
        return new Message(topic, "tx", null, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /** The broker's checker has read every half up to {@code half} and each is resolved or listed. */
    private static void awaitChecked(SendResult half) throws InterruptedException {
        await(() -> cluster.broker("broker-a").transactions().halfMessagesRead() > half.queueOffset(),
                "the checker to read half " + half.msgId());
    }

    /** Waits until the listing of {@code group}'s unresolved half messages satisfies {@code condition}. */
    private static void awaitListing(String group, Predicate<List<HalfMessageInfo>> condition, String what)
            throws InterruptedException {
        await(() -> {
            try {
                return condition.test(listed(group));
            } catch (Exception notYet) {
                return false;
            }
        }, what);
    }

    private static List<HalfMessageInfo> listed(String group) throws Exception {
        try (AdminClient admin = new AdminClient(config("list-" + System.nanoTime()))) {
            admin.start();
            return admin.halfMessages(group, null);
        }
    }

    /** A check listener answering from a table of decisions (UNKNOWN when undecided), remembering what it was asked. */
    private static final class DecisionTable implements TransactionCheckListener {
        final Map<String, TransactionState> decisions = new ConcurrentHashMap<>();
        final Set<String> asked = ConcurrentHashMap.newKeySet();

        @Override
        public TransactionState check(io.ferrymq.client.ReceivedMessage half) {
            asked.add(half.msgId());
            return decisions.getOrDefault(half.msgId(), TransactionState.UNKNOWN);
        }
    }

    @Test
    void commitsAreDeliveredOnceAndRollbacksNever() throws Exception {
        String topic = createTopic("TxCommitRollback");
        DecisionTable checks = new DecisionTable();
        SendResult last = null;
        try (TransactionProducer producer = new TransactionProducer("TPG-basic", config("tp-basic"), checks)) {
            producer.start();
            for (int i = 0; i < 4; i++) {
                TransactionSendResult c = producer.sendInTransaction(message(topic, "commit-" + i),
                        (m, id) -> TransactionState.COMMIT);
                TransactionSendResult r = producer.sendInTransaction(message(topic, "rollback-" + i),
                        (m, id) -> TransactionState.ROLLBACK);
                assertThat(c.state()).isEqualTo(TransactionState.COMMIT);
                assertThat(r.state()).isEqualTo(TransactionState.ROLLBACK);
                assertThat(c.transactionId()).isNotBlank().isNotEqualTo(r.transactionId());
                last = r.halfMessage();
            }
            awaitChecked(last);
            await(() -> delivered(topic).size() >= 4, "the four commits");
            assertThat(listed("TPG-basic")).isEmpty();
        }
        assertThat(TopicReader.bodies(config("reader"), topic))
                .containsExactlyInAnyOrder("commit-0", "commit-1", "commit-2", "commit-3");
        assertThat(checks.asked).as("resolved transactions are never checked back").isEmpty();
    }

    @Test
    void unknownOutcomesAreSettledByTheBackCheck() throws Exception {
        String topic = createTopic("TxUnknown");
        DecisionTable checks = new DecisionTable();
        List<String> ids = new ArrayList<>();
        try (TransactionProducer producer = new TransactionProducer("TPG-unknown", config("tp-unknown"), checks)) {
            producer.start();
            for (int i = 0; i < 4; i++) {
                String body = "unknown-" + i;
                TransactionState decided = i % 2 == 0 ? TransactionState.COMMIT : TransactionState.ROLLBACK;
                TransactionSendResult r = producer.sendInTransaction(message(topic, body), (m, id) -> {
                    checks.decisions.put(id, decided);
                    if (body.equals("unknown-2")) {
                        throw new IllegalStateException("the local transaction's outcome is lost");
                    }
                    return TransactionState.UNKNOWN;
                });
                assertThat(r.state()).isEqualTo(TransactionState.UNKNOWN);
                assertThat(r.localError() != null).isEqualTo(body.equals("unknown-2"));
                ids.add(r.transactionId());
            }
            await(() -> checks.asked.containsAll(ids), "a back-check of every transaction");
            awaitListing("TPG-unknown", List::isEmpty, "every half message settled");
        }
        assertThat(TopicReader.bodies(config("reader"), topic)).containsExactlyInAnyOrder("unknown-0", "unknown-2");
    }

    @Test
    void unansweredHalvesAreParkedListedResumedAndResolvedByHand() throws Exception {
        String topic = createTopic("TxParked");
        DecisionTable checks = new DecisionTable();
        List<String> ids = new ArrayList<>();
        try (TransactionProducer producer = new TransactionProducer("TPG-park", config("tp-park"), checks);
             AdminClient admin = new AdminClient(config("admin-park"))) {
            producer.start();
            admin.start();
            for (int i = 0; i < 3; i++) {
                ids.add(producer.sendInTransaction(message(topic, "parked-" + i), (m, id) -> TransactionState.UNKNOWN)
                        .transactionId());
            }
            awaitListing("TPG-park", l -> l.size() == 3 && l.stream().allMatch(HalfMessageInfo::parked),
                    "three parked half messages");
            List<HalfMessageInfo> parked = admin.halfMessages("TPG-park", topic);
            assertThat(parked).extracting(HalfMessageInfo::transactionId).containsExactlyElementsOf(ids);
            assertThat(parked).allSatisfy(h -> {
                assertThat(h.checks()).isEqualTo(CHECK_MAX);
                assertThat(h.lastAnswer()).isEqualTo("UNKNOWN");
                assertThat(h.topic()).isEqualTo(topic);
                assertThat(h.producerGroup()).isEqualTo("TPG-park");
                assertThat(h.ageMillis()).isPositive();
                assertThat(h.lastCheckedAt()).isNotBlank();
            });
            assertThat(TopicReader.bodies(config("reader"), topic)).as("parked messages are not delivered").isEmpty();

            assertThat(admin.resolveHalfMessage(ids.get(0), TransactionState.COMMIT)).isTrue();
            assertThat(admin.resolveHalfMessage(ids.get(1), TransactionState.ROLLBACK)).isTrue();
            assertThat(admin.resolveHalfMessage(ids.get(1), TransactionState.COMMIT)).as("already resolved").isFalse();
            assertThat(checks.asked).containsExactlyInAnyOrderElementsOf(ids);
            checks.decisions.put(ids.get(2), TransactionState.COMMIT);
            assertThat(admin.resumeHalfMessages(ids.get(2), null)).isEqualTo(1);
            awaitListing("TPG-park", List::isEmpty, "the resumed half to be checked and committed");
        }
        assertThat(TopicReader.bodies(config("reader"), topic)).containsExactlyInAnyOrder("parked-0", "parked-2");
    }

    @Test
    void endTransactionFromAnotherGroupIsIgnored() throws Exception {
        String topic = createTopic("TxWrongGroup");
        DecisionTable owner = new DecisionTable();
        try (TransactionProducer producer = new TransactionProducer("TPG-owner", config("tp-owner"), owner);
             TransactionProducer other = new TransactionProducer("TPG-other", config("tp-other"), h -> null)) {
            producer.start();
            other.start();
            SendResult half = producer.sendHalf(message(topic, "not-yours"));
            owner.decisions.put(half.msgId(), TransactionState.ROLLBACK);
            other.endTransaction(half, TransactionState.COMMIT, null);
            await(() -> owner.asked.contains(half.msgId()), "the owner's group to be checked back");
            awaitListing("TPG-owner", List::isEmpty, "the half to be rolled back by its own group's answer");
        }
        assertThat(TopicReader.bodies(config("reader"), topic)).isEmpty();
    }

    @Test
    void theHalfTopicCannotBeConsumed() throws Exception {
        String topic = createTopic("TxHalfTopicReader");
        try (PullConsumer consumer = new PullConsumer("TCG-half", config("half-reader"))) {
            consumer.start();
            consumer.queuesOf(topic);
            consumer.assign(List.of(new MessageQueue(TransactionTopics.HALF_TOPIC, "broker-a", 0)));
            assertThatThrownBy(() -> consumer.poll(1_000)).isInstanceOf(ClientException.class)
                    .satisfies(e -> assertThat(((ClientException) e).responseCode()).isEqualTo(ResponseCode.NO_PERMISSION))
                    .hasMessageContaining("FMQ-TX-062");
        }
    }

    @Test
    void aRestartLosesNoHalfMessageAndRechecksNoResolvedOne() throws Exception {
        String topic = createTopic("TxRestart");
        List<String> pending = new ArrayList<>();
        String committedBefore;
        try (TransactionProducer producer = new TransactionProducer("TPG-restart", config("tp-restart-1"), h -> null)) {
            producer.start();
            committedBefore = producer.sendInTransaction(message(topic, "committed-before"),
                    (m, id) -> TransactionState.COMMIT).transactionId();
            producer.sendInTransaction(message(topic, "rolled-back-before"), (m, id) -> TransactionState.ROLLBACK);
            pending.add(producer.sendHalf(message(topic, "pending-commit")).msgId());
            pending.add(producer.sendHalf(message(topic, "pending-rollback")).msgId());
        }
        // The producer is gone: the halves wait, not counted as checked.
        awaitListing("TPG-restart", l -> l.stream().map(HalfMessageInfo::transactionId).toList().equals(pending)
                && l.stream().allMatch(h -> h.lastAnswer().equals("NO_PRODUCER")),
                "the two pending halves to be listed, waiting for a producer");
        assertThat(listed("TPG-restart")).allSatisfy(h -> assertThat(h.checks()).as("not counted as checked").isZero());

        cluster.stopBroker("broker-a");
        cluster.restartBroker("broker-a");
        assertThat(listed("TPG-restart")).extracting(HalfMessageInfo::transactionId).containsExactlyElementsOf(pending);

        DecisionTable checker = new DecisionTable();
        checker.decisions.put(pending.get(0), TransactionState.COMMIT);
        checker.decisions.put(pending.get(1), TransactionState.ROLLBACK);
        try (TransactionProducer checkOnly = new TransactionProducer("TPG-restart", config("tp-restart-2"), checker)) {
            checkOnly.start();
            awaitListing("TPG-restart", List::isEmpty, "the pending halves to be settled after the restart");
        }
        assertThat(checker.asked).containsExactlyInAnyOrderElementsOf(pending).doesNotContain(committedBefore);
        assertThat(TopicReader.bodies(config("reader"), topic))
                .containsExactlyInAnyOrder("committed-before", "pending-commit");
    }

    @Test
    void aCommitStoredWithoutItsOpRecordIsNotDeliveredAgainAfterTheRestart() throws Exception {
        String topic = createTopic("TxCrashGap");
        try (TransactionProducer producer = new TransactionProducer("TPG-gap", config("tp-gap"), h -> null)) {
            producer.start();
            producer.sendHalf(message(topic, "committed-once"));
        }
        awaitListing("TPG-gap", l -> l.size() == 1, "the half to be listed");
        long halfOffset = listed("TPG-gap").get(0).commitLogOffset();

        // The broker stops; then the committed record is written as a commit would write it, but no op record follows:
        // exactly what a crash between the two appends leaves behind.
        BrokerController stopped = cluster.broker("broker-a");
        cluster.stopBroker("broker-a");
        StoreConfig storeConfig = stopped.store().config().setHaListenPort(-1);
        MessageStore store = new MessageStore(storeConfig);
        store.start();
        try (SelectedBuffer record = store.lookupMessage(halfOffset)) {
            PutResult put = store.putMessage(HalfMessageCodec.toCommitted(MessageRecord.decode(record.buffer(), 0),
                    new InetSocketAddress("127.0.0.1", stopped.config().getListenPort())));
            assertThat(put.isOk()).isTrue();
        } finally {
            store.shutdown();
        }

        cluster.restartBroker("broker-a");
        assertThat(listed("TPG-gap")).as("recovery found the committed record: nothing left to check").isEmpty();
        assertThat(TopicReader.bodies(config("reader"), topic)).containsExactly("committed-once");
    }

    @Test
    void theCommandLineListsResolvesAndResumesHalfMessages() throws Exception {
        String topic = createTopic("TxCli");
        DecisionTable checks = new DecisionTable();
        List<String> ids = new ArrayList<>();
        try (TransactionProducer producer = new TransactionProducer("TPG-cli", config("tp-cli"), checks)) {
            producer.start();
            for (int i = 0; i < 3; i++) {
                ids.add(producer.sendHalf(message(topic, "cli-" + i)).msgId());
            }
            awaitListing("TPG-cli", l -> l.stream().filter(HalfMessageInfo::parked).count() == 3, "three parked half messages");

            // bin/mqadmin, as an operator runs it.
            Path out = Files.createTempFile("mqadmin", ".out");
            NodeProcess list = NodeProcess.start(out, "mqadmin", "halfMessageList", "-n", cluster.namesrvAddr(),
                    "-g", "TPG-cli");
            assertThat(list.awaitExit(60)).isTrue();
            assertThat(list.process.exitValue()).as(list.output()).isZero();
            assertThat(list.output()).contains(ids).contains("PARKED", "UNKNOWN", topic, "3 unresolved, 3 parked");
            Files.delete(out);

            String ns = cluster.namesrvAddr();
            assertThat(mqadmin("halfMessageResolve", "-n", ns, "-i", ids.get(0), "-a", "maybe")).isEqualTo(2);
            assertThat(mqadmin("halfMessageResolve", "-n", ns, "-i", ids.get(0), "-a", "commit")).isZero();
            assertThat(mqadmin("halfMessageResolve", "-n", ns, "-i", ids.get(0), "-a", "rollback"))
                    .as("already resolved").isEqualTo(1);
            assertThat(mqadmin("resumeCheckHalfMessage", "-n", ns)).as("which ones?").isEqualTo(2);
            checks.decisions.put(ids.get(1), TransactionState.ROLLBACK);
            checks.decisions.put(ids.get(2), TransactionState.COMMIT);
            assertThat(mqadmin("resumeCheckHalfMessage", "-n", ns, "-g", "TPG-cli")).isZero();
            awaitListing("TPG-cli", List::isEmpty, "the resumed halves to be settled by their checks");
        }
        assertThat(TopicReader.bodies(config("reader"), topic)).containsExactlyInAnyOrder("cli-0", "cli-2");
    }

    @Test
    void theChecksOfOneGroupAreRoutedToTheCheckerOfTheirTopic(@TempDir Path databases) throws Exception {
        String orders = createTopic("TxRoutedOrders");
        String payments = createTopic("TxRoutedPayments");
        try (TxChecker ordersDb = TxChecker.start(database(databases.resolve("orders")));
             TxChecker paymentsDb = TxChecker.start(database(databases.resolve("payments")));
             TransactionProducer producer = new TransactionProducer("TPG-routed", config("tp-routed"),
                     new TransactionCheckRoutes(new TxCheckerListener(ordersDb))
                             .forTopic(payments, new TxCheckerListener(paymentsDb)))) {
            producer.start();
            // Each local transaction is recorded in its own database only, and leaves the outcome to the back-check:
            // asked the wrong database, a check finds no row and rolls the message back after the grace period.
            producer.sendInTransaction(message(orders, "order-1"), (m, id) -> {
                ordersDb.transactionLog().inTransaction(ordersDb.dataSource(), id, c -> 1);
                return TransactionState.UNKNOWN;
            });
            producer.sendInTransaction(message(payments, "payment-1"), (m, id) -> {
                paymentsDb.transactionLog().inTransaction(paymentsDb.dataSource(), id, c -> 1);
                return TransactionState.UNKNOWN;
            });
            await(() -> delivered(orders).contains("order-1") && delivered(payments).contains("payment-1"),
                    "both messages committed by their own checkers");
            assertThat(listed("TPG-routed")).isEmpty();
        }
        assertThat(TopicReader.bodies(config("reader"), orders)).containsExactly("order-1");
        assertThat(TopicReader.bodies(config("reader"), payments)).containsExactly("payment-1");
    }

    /** What {@code topic} holds now; empty while it cannot be read. */
    private static List<String> delivered(String topic) {
        try {
            return TopicReader.bodies(config("reader"), topic);
        } catch (Exception notReadableYet) {
            return List.of();
        }
    }

    private static TxCheckerConfig database(Path file) {
        return new TxCheckerConfig().setJdbcUrl("jdbc:h2:file:" + file).setPurgeIntervalMinutes(0).setGraceMillis(1_000);
    }

    @Test
    void hostileEndTransactionsAndAdminRequestsAreRefusedAndNothingIsDelivered() throws Exception {
        String topic = createTopic("TxHostile");
        DecisionTable checks = new DecisionTable();
        NettyRemotingClient raw = new NettyRemotingClient(new RemotingConfig());
        try (TransactionProducer producer = new TransactionProducer("TPG-hostile", config("tp-hostile"), checks)) {
            producer.start();
            SendResult half = producer.sendHalf(message(topic, "hostile"));
            long at = MessageIds.commitLogOffsetOf(half.offsetMsgId());
            String broker = cluster.broker("broker-a").config().brokerAddr();
            Object[][] cases = {
                    // commitLogOffset, tranStateTableOffset, commitOrRollback, producerGroup
                    {-5L, half.queueOffset(), 8, "TPG-hostile"},
                    {at + 1, half.queueOffset(), 8, "TPG-hostile"},
                    {Long.MAX_VALUE, half.queueOffset(), 8, "TPG-hostile"},
                    {0L, 0L, 8, "TPG-hostile"},
                    {at, half.queueOffset(), 3, "TPG-hostile"},
                    {at, half.queueOffset() + 1, 8, "TPG-hostile"},
                    {at, half.queueOffset(), 12, "TPG-somebody-else"}};
            for (Object[] c : cases) {
                RemotingCommand r = raw.invokeSync(broker, RemotingCommand.request(RequestCode.END_TRANSACTION)
                        .putExt("producerGroup", (String) c[3]).putExt("commitLogOffset", c[0].toString())
                        .putExt("tranStateTableOffset", c[1].toString()).putExt("commitOrRollback", c[2].toString())
                        .putExt("msgId", half.msgId()), 5_000);
                assertThat(r.code()).as(java.util.Arrays.toString(c)).isEqualTo(ResponseCode.SYSTEM_ERROR);
                assertThat(r.remark()).contains("FMQ-TX-050");
            }
            RemotingCommand missing = raw.invokeSync(broker, RemotingCommand.request(RequestCode.END_TRANSACTION)
                    .putExt("producerGroup", "TPG-hostile"), 5_000);
            assertThat(missing.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
            RemotingCommand badAction = raw.invokeSync(broker, RemotingCommand.request(RequestCode.RESOLVE_HALF_MESSAGE)
                    .putExt("transactionId", half.msgId()).putExt("action", "DELIVER"), 5_000);
            assertThat(badAction.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
            RemotingCommand noId = raw.invokeSync(broker, RemotingCommand.request(RequestCode.RESUME_CHECK_HALF_MESSAGE),
                    5_000);
            assertThat(noId.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
            RemotingCommand oddList = raw.invokeSync(broker, RemotingCommand.request(RequestCode.LIST_HALF_MESSAGES)
                    .putExt("limit", "-7"), 5_000);
            assertThat(oddList.code()).isEqualTo(ResponseCode.SUCCESS);

            // The half survived all of it, and its own group's answer settles it.
            checks.decisions.put(half.msgId(), TransactionState.COMMIT);
            await(() -> delivered(topic).contains("hostile"), "the half committed by its group's check");
        } finally {
            raw.shutdown();
        }
        assertThat(TopicReader.bodies(config("reader"), topic)).containsExactly("hostile");
    }

    /** {@code mqadmin} in this JVM; returns its exit code. */
    private static int mqadmin(String... args) {
        return MqAdmin.run(args, new PrintStream(OutputStream.nullOutputStream()), new PrintStream(OutputStream.nullOutputStream()));
    }
}

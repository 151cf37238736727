package io.ferrymq.it;

import io.ferrymq.client.AdminClient;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.HalfMessageInfo;
import io.ferrymq.jms.FerryConnectionFactory;
import io.ferrymq.jms.FerryTransactionChecker;
import io.ferrymq.jms.FerryTransactionResult;
import io.ferrymq.jms.FerryTransactionState;
import io.ferrymq.jms.FerryTransactionalProducer;
import io.ferrymq.jms.FerryTransactions;
import io.ferrymq.txchecker.TxChecker;
import io.ferrymq.txchecker.TxCheckerConfig;
import io.ferrymq.txchecker.TxCheckerListener;
import io.ferrymq.txchecker.service.TxCheckerService;
import io.ferrymq.txchecker.service.TxCheckerServiceConfig;
import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Half-message transactions from JMS ({@link FerryTransactions}): a committed message reaches a JMS queue consumer
 * (through its selector) and a topic subscriber exactly once and looks like an ordinary JMS send; a rolled-back one
 * never appears; UNKNOWN outcomes are settled by the in-process checker, which sees the half decoded as a JMS message;
 * and with the application gone (connection closed, no checker of its own) the tx-checker service answers from the H2
 * transaction log: COMMIT where the local transaction wrote its row, ROLLBACK where it never did. The broker checks
 * every 200 ms, so every wait is on a condition and short.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JmsHalfMessageTransactionTest {
    private static LocalCluster cluster;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.builder().brokerConfig(c -> c.setTransactionTimeOut(300).setTransactionCheckInterval(200)
                .setTransactionCheckMax(100)).start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        toClose.clear();
    }

    // ------------------------------------------------------------------ commit, rollback, unknown

    @Test
    void aCommittedMessageReachesAQueueConsumerAndATopicSubscriberOnceAndLooksLikeAnOrdinarySend() throws Exception {
        // A queue and a topic of one name share a RocketMQ topic: only the tag of an ordinary JMS send keeps the
        // queue's messages from the topic's subscribers and the other way round.
        String name = createTopic("TxJmsBoth");
        String group = unique("jms-tx-commit");
        Session downstream = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = downstream.createQueue(name);
        Topic topic = downstream.createTopic(name);
        MessageConsumer orders = downstream.createConsumer(queue, "kind = 'order' AND amount > 40");
        MessageConsumer news = downstream.createConsumer(topic);

        Session app = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        FerryTransactionalProducer toQueue = closeLater(FerryTransactions.createProducer(app, queue, group, null));
        FerryTransactionalProducer toTopic = closeLater(FerryTransactions.createProducer(app, topic, group, null));
        assertThat(toQueue.answersBackChecks()).isFalse();

        TextMessage order = app.createTextMessage("order-1");
        order.setStringProperty("kind", "order");
        order.setIntProperty("amount", 42);
        FerryTransactionResult committed = toQueue.send(order, (message, transactionId) -> {
            assertThat(message.getJMSMessageID()).isEqualTo("ID:" + transactionId);
            // Stored as a half message, and nothing in the destination's topic: no consumer can see it yet.
            awaitHalves(group, halves -> ids(halves).contains(transactionId), "the half message to be listed");
            assertThat(TopicReader.bodies(config("reader"), name)).isEmpty();
            return FerryTransactionState.COMMIT;
        });
        assertThat(committed.state()).isEqualTo(FerryTransactionState.COMMIT);
        assertThat(committed.reported()).isTrue();
        assertThat(committed.messageId()).isEqualTo(order.getJMSMessageID()).isEqualTo("ID:" + committed.transactionId());
        FerryTransactionResult published = toTopic.send(app.createTextMessage("news-1"),
                (message, transactionId) -> FerryTransactionState.COMMIT);

        Message received = orders.receive(20_000);
        assertThat(text(received)).isEqualTo("order-1");
        assertThat(received.getJMSMessageID()).isEqualTo(committed.messageId());
        assertThat(received.getJMSDestination()).isEqualTo(queue);
        assertThat(received.getStringProperty("kind")).isEqualTo("order");
        assertThat(received.getObjectProperty("amount")).isEqualTo(42);
        assertThat(received.getJMSDeliveryMode()).isEqualTo(jakarta.jms.DeliveryMode.PERSISTENT);
        assertThat(received.getJMSRedelivered()).isFalse();
        assertThat(received.getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
        Message news1 = news.receive(20_000);
        assertThat(text(news1)).isEqualTo("news-1");
        assertThat(news1.getJMSMessageID()).isEqualTo(published.messageId());
        assertThat(news1.getJMSDestination()).isEqualTo(topic);

        awaitHalves(group, List::isEmpty, "both halves settled");
        assertOnlyThenMarker(app, queue, orders, "order-marker");
        assertOnlyThenMarker(app, topic, news, "news-marker");
        assertThat(TopicReader.bodies(config("reader"), name))
                .containsExactlyInAnyOrder("order-1", "order-marker", "news-1", "news-marker");
    }

    @Test
    void aRolledBackMessageIsNeverVisible() throws Exception {
        String queueName = createTopic("TxJmsRollback");
        String group = unique("jms-tx-rollback");
        Session downstream = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = downstream.createQueue(queueName);
        MessageConsumer consumer = downstream.createConsumer(queue);

        Session app = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        FerryTransactionalProducer producer = closeLater(FerryTransactions.createProducer(app, queue, group,
                message -> FerryTransactionState.COMMIT));   // would deliver it, if it were ever asked
        FerryTransactionResult r = producer.send(app.createTextMessage("declined"),
                (message, transactionId) -> FerryTransactionState.ROLLBACK);
        assertThat(r.state()).isEqualTo(FerryTransactionState.ROLLBACK);

        awaitHalves(group, List::isEmpty, "the rollback to settle the half");
        assertOnlyThenMarker(app, queue, consumer, "after-rollback");
        assertThat(TopicReader.bodies(config("reader"), queueName)).containsExactly("after-rollback");
    }

    @Test
    void unknownOutcomesAreSettledByTheInProcessCheckerWhichSeesTheHalfAsAJmsMessage() throws Exception {
        String queueName = createTopic("TxJmsUnknown");
        String group = unique("jms-tx-unknown");
        Session downstream = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = downstream.createQueue(queueName);
        MessageConsumer consumer = downstream.createConsumer(queue);

        Map<String, FerryTransactionState> decisions = new ConcurrentHashMap<>();
        Map<String, Message> asked = new ConcurrentHashMap<>();
        FerryTransactionChecker checker = message -> {
            String id = FerryTransactions.transactionId(message);
            asked.put(id, message);
            return decisions.get(id);   // null (not decided yet) counts as UNKNOWN
        };
        Session app = connection().createSession(false, Session.CLIENT_ACKNOWLEDGE);
        FerryTransactionalProducer producer = closeLater(FerryTransactions.createProducer(app, queue, group, checker));
        assertThat(producer.answersBackChecks()).isTrue();

        List<String> ids = new ArrayList<>();
        for (String body : List.of("unknown-commit", "unknown-rollback")) {
            TextMessage m = app.createTextMessage(body);
            m.setStringProperty("body", body);
            FerryTransactionResult r = producer.send(m, (message, transactionId) -> {
                decisions.put(transactionId, body.endsWith("commit") ? FerryTransactionState.COMMIT
                        : FerryTransactionState.ROLLBACK);
                return body.endsWith("commit") ? FerryTransactionState.UNKNOWN : null;
            });
            assertThat(r.state()).isEqualTo(FerryTransactionState.UNKNOWN);
            ids.add(r.transactionId());
        }
        AtomicReference<String> failedId = new AtomicReference<>();
        assertThatThrownBy(() -> producer.send(app.createTextMessage("failed-after-commit"), (message, transactionId) -> {
            failedId.set(transactionId);
            decisions.put(transactionId, FerryTransactionState.COMMIT);   // its commit went through after all
            throw new SQLException("connection reset while committing");
        })).isInstanceOf(JMSException.class)
                .satisfies(e -> assertThat(((JMSException) e).getErrorCode()).isEqualTo("FMQ-JMS-709"))
                .hasCauseInstanceOf(SQLException.class);
        ids.add(failedId.get());

        await(() -> asked.keySet().containsAll(ids), "a back-check of every transaction");
        awaitHalves(group, List::isEmpty, "every half settled by the checker's answers");
        Message half = asked.get(ids.get(0));
        assertThat(text(half)).isEqualTo("unknown-commit");
        assertThat(half.getStringProperty("body")).isEqualTo("unknown-commit");
        assertThat(half.getJMSDestination()).isEqualTo(queue);
        assertThat(half.getJMSMessageID()).isEqualTo("ID:" + ids.get(0));

        List<String> got = receiveTexts(consumer, 2);
        assertThat(got).containsExactlyInAnyOrder("unknown-commit", "failed-after-commit");
        assertOnlyThenMarker(app, queue, consumer, "after-unknown");
        assertThat(TopicReader.bodies(config("reader"), queueName))
                .containsExactlyInAnyOrder("unknown-commit", "failed-after-commit", "after-unknown");
    }

    // ------------------------------------------------------------------ the transaction log

    @Test
    void withTheApplicationGoneTheTxCheckerServiceCommitsFromTheLogAndRollsBackWhatHasNoRow(@TempDir Path db)
            throws Exception {
        String queueName = createTopic("TxJmsAppGone");
        String group = unique("jms-tx-gone");
        String jdbcUrl = "jdbc:h2:file:" + db.resolve("orders");
        Session downstream = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = downstream.createQueue(queueName);
        MessageConsumer consumer = downstream.createConsumer(queue);

        // The application: orders and the transaction log in one H2 database, and no checker of its own.
        String committedId;
        String lostId;
        try (TxChecker appDb = TxChecker.start(log(jdbcUrl))) {
            try (java.sql.Connection c = appDb.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE orders (id VARCHAR(64) PRIMARY KEY, amount INT)");
            }
            Connection appConnection = factory().createConnection();
            Session app = appConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            FerryTransactionalProducer producer = FerryTransactions.createProducer(app, queue, group, null);
            // Its database commit goes through, then it dies before telling the broker (UNKNOWN reaches the broker).
            committedId = producer.send(app.createTextMessage("order-17"), (message, transactionId) -> {
                appDb.transactionLog().inTransaction(appDb.dataSource(), transactionId, c -> insertOrder(c, "17", 40));
                return FerryTransactionState.UNKNOWN;
            }).transactionId();
            // It dies before its database commit: no row.
            lostId = producer.send(app.createTextMessage("order-18"),
                    (message, transactionId) -> FerryTransactionState.UNKNOWN).transactionId();
            // Even while it runs, nothing of it is registered as the group: the halves wait for a producer of the
            // group without using up their checks.
            awaitHalves(group, halves -> Set.copyOf(ids(halves)).equals(Set.of(committedId, lostId))
                    && halves.stream().allMatch(h -> h.lastAnswer().equals("NO_PRODUCER") && h.checks() == 0),
                    "both halves waiting for a producer of the group");
            producer.close();
            appConnection.close();
        }
        assertThat(TopicReader.bodies(config("reader"), queueName)).isEmpty();

        // bin/txchecker's service, in this JVM, on the same database.
        try (TxCheckerService txchecker = new TxCheckerService(new TxCheckerServiceConfig()
                .setNamesrvAddr(cluster.namesrvAddr()).setProducerGroups(group).setInstanceName("it-txchecker")
                .setHeartbeatBrokerIntervalMillis(500), log(jdbcUrl))) {
            txchecker.start();
            assertThat(text(consumer.receive(30_000))).isEqualTo("order-17");
            awaitHalves(group, List::isEmpty, "the half without a row rolled back after the grace period");
        }
        assertThat(logState(jdbcUrl, committedId)).isEqualTo("COMMITTED");
        assertThat(logState(jdbcUrl, lostId)).isEqualTo("FAILED");
        Session app = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertOnlyThenMarker(app, queue, consumer, "after-restart");
        assertThat(TopicReader.bodies(config("reader"), queueName)).containsExactlyInAnyOrder("order-17", "after-restart");
    }

    @Test
    void anInProcessTxCheckerAnswersThroughCheckerOf(@TempDir Path db) throws Exception {
        String queueName = createTopic("TxJmsCheckerOf");
        String group = unique("jms-tx-checkerof");
        Session downstream = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = downstream.createQueue(queueName);
        MessageConsumer consumer = downstream.createConsumer(queue);
        try (TxChecker txChecker = TxChecker.start(log("jdbc:h2:file:" + db.resolve("log")))) {
            Session app = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
            FerryTransactionalProducer producer = closeLater(FerryTransactions.createProducer(app, queue, group,
                    FerryTransactions.checkerOf(new TxCheckerListener(txChecker))));
            String recorded = producer.send(app.createTextMessage("recorded"), (message, transactionId) -> {
                txChecker.transactionLog().inTransaction(txChecker.dataSource(), transactionId, c -> 1);
                return FerryTransactionState.UNKNOWN;
            }).transactionId();
            producer.send(app.createTextMessage("never-recorded"), (message, transactionId) -> FerryTransactionState.UNKNOWN);
            assertThat(text(consumer.receive(30_000))).isEqualTo("recorded");
            awaitHalves(group, List::isEmpty, "the unrecorded half rolled back by the log's answer");
            assertThat(txChecker.check(recorded, System.currentTimeMillis(), group).name()).isEqualTo("COMMIT");
            assertOnlyThenMarker(app, queue, consumer, "after-checker-of");
        }
        assertThat(TopicReader.bodies(config("reader"), queueName)).containsExactlyInAnyOrder("recorded", "after-checker-of");
        assertThatThrownBy(() -> FerryTransactions.checkerOf(h -> null).check(null))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("FMQ-JMS-713");
    }

    @Test
    void aJmsContextOfFerryMqWorksToo() throws Exception {
        String queueName = createTopic("TxJmsContext");
        String group = unique("jms-tx-context");
        Session downstream = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = downstream.createQueue(queueName);
        MessageConsumer consumer = downstream.createConsumer(queue);
        JMSContext context = closeLater(factory().createContext());
        FerryTransactionalProducer producer = closeLater(FerryTransactions.createProducer(context, queue, group, null));
        producer.send(context.createTextMessage("from-a-context"), (message, transactionId) -> FerryTransactionState.COMMIT);
        assertThat(text(consumer.receive(20_000))).isEqualTo("from-a-context");
    }

    // ------------------------------------------------------------------ refusals and closing

    @Test
    void foreignClosedAndTransactedSessionsAndBadArgumentsAreRefused() throws Exception {
        Connection c = connection();
        Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue(unique("TxJmsRefused"));
        Session foreign = (Session) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Session.class}, (proxy, method, args) -> null);
        assertThatThrownBy(() -> FerryTransactions.createProducer(foreign, queue, "g", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FMQ-JMS-701");
        assertThatThrownBy(() -> FerryTransactions.createProducer((Session) null, queue, "g", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FMQ-JMS-701");

        Session transacted = c.createSession(true, Session.SESSION_TRANSACTED);
        assertThatThrownBy(() -> FerryTransactions.createProducer(transacted, queue, "g", null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("FMQ-JMS-703");
        Session closed = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        closed.close();
        assertThatThrownBy(() -> FerryTransactions.createProducer(closed, queue, "g", null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("FMQ-JMS-702");
        assertThatThrownBy(() -> FerryTransactions.createProducer(session, (Destination) null, "g", null))
                .isInstanceOf(InvalidDestinationException.class).hasMessageContaining("FMQ-JMS-704");
        for (String bad : new String[] {null, "", "has space", "x".repeat(256), "JMS_PRODUCER"}) {
            assertThatThrownBy(() -> FerryTransactions.createProducer(session, queue, bad, null)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FMQ-JMS-705");
        }

        FerryTransactionalProducer producer = FerryTransactions.createProducer(session, queue, unique("g"), null);
        assertThatThrownBy(() -> producer.send(null, (m, id) -> FerryTransactionState.COMMIT))
                .isInstanceOf(JMSException.class).hasMessageContaining("FMQ-JMS-706");
        assertThatThrownBy(() -> producer.send(session.createMessage(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FMQ-JMS-706");
        assertThatThrownBy(() -> producer.setPriority(10)).isInstanceOf(JMSException.class)
                .hasMessageContaining("FMQ-JMS-652");
        producer.close();
        assertThatThrownBy(() -> producer.send(session.createMessage(), (m, id) -> FerryTransactionState.COMMIT))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("FMQ-JMS-702");
    }

    @Test
    void closingTheSessionStopsTheProducerAnsweringBackChecks() throws Exception {
        Session session = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        FerryTransactionalProducer producer = closeLater(FerryTransactions.createProducer(session,
                session.createQueue(unique("TxJmsSessionClose")), unique("jms-tx-close"),
                message -> FerryTransactionState.UNKNOWN));
        assertThat(producer.answersBackChecks()).isTrue();
        Message unsent = session.createMessage();
        session.close();
        await(() -> !producer.answersBackChecks(), "the producer to notice its session closed");
        assertThatThrownBy(() -> producer.send(unsent, (m, id) -> FerryTransactionState.COMMIT))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("FMQ-JMS-702");
    }

    // ------------------------------------------------------------------ helpers

    private FerryConnectionFactory factory() {
        FerryConnectionFactory f = new FerryConnectionFactory();
        f.setNamesrvAddr(cluster.namesrvAddr());
        return f;
    }

    /** A started connection, closed after the test. */
    private Connection connection() throws JMSException {
        Connection c = closeLater(factory().createConnection());
        c.start();
        return c;
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        toClose.add(resource);
        return resource;
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ClientConfig config(String instance) {
        return new ClientConfig().setNamesrvAddr(cluster.namesrvAddr()).setInstanceName(instance);
    }

    /** Creates a topic (a JMS destination of that name) with a unique name and waits for its route. */
    private static String createTopic(String prefix) throws Exception {
        String topic = unique(prefix);
        try (AdminClient admin = new AdminClient(config("admin"))) {
            admin.start();
            admin.createTopic("DefaultCluster", topic, 4);
        }
        await(() -> cluster.namesrv.routes().route(topic) != null, "the route of " + topic);
        return topic;
    }

    private static TxCheckerConfig log(String jdbcUrl) {
        return new TxCheckerConfig().setJdbcUrl(jdbcUrl).setGraceMillis(1_000).setPurgeIntervalMinutes(0)
                .setConnectionTimeoutMillis(1_000).setQueryTimeoutSeconds(1);
    }

    private static int insertOrder(java.sql.Connection c, String id, int amount) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (id, amount) VALUES (?, ?)")) {
            ps.setString(1, id);
            ps.setInt(2, amount);
            return ps.executeUpdate();
        }
    }

    /** The transaction log's state for {@code transactionId}: COMMITTED, FAILED, or null when there is no row. */
    private static String logState(String jdbcUrl, String transactionId) throws SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl, "sa", "");
             PreparedStatement ps = c.prepareStatement("SELECT state FROM ferrymq_tx_log WHERE transaction_id = ?")) {
            ps.setString(1, transactionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static String text(Message m) throws JMSException {
        return m == null ? null : ((TextMessage) m).getText();
    }

    private static List<String> receiveTexts(MessageConsumer consumer, int count) throws JMSException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Message m = consumer.receive(20_000);
            if (m == null) {
                break;
            }
            out.add(text(m));
        }
        return out;
    }

    /**
     * Sends an ordinary marker after everything else was resolved and asserts it is the next and only message the
     * consumer gets: nothing (no duplicate, no rolled-back message) was waiting before it.
     */
    private static void assertOnlyThenMarker(Session session, Destination to, MessageConsumer consumer, String marker)
            throws JMSException {
        TextMessage m = session.createTextMessage(marker);
        m.setStringProperty("kind", "order");
        m.setIntProperty("amount", 99);
        session.createProducer(to).send(m);
        assertThat(text(consumer.receive(20_000))).isEqualTo(marker);
    }

    private static List<String> ids(List<HalfMessageInfo> halves) {
        return halves.stream().map(HalfMessageInfo::transactionId).toList();
    }

    /** Waits until the broker's listing of {@code group}'s unresolved half messages satisfies {@code condition}. */
    private static void awaitHalves(String group, Predicate<List<HalfMessageInfo>> condition, String what)
            throws InterruptedException {
        AtomicReference<List<HalfMessageInfo>> last = new AtomicReference<>();
        await(() -> {
            try (AdminClient admin = new AdminClient(config("halves-" + System.nanoTime()))) {
                admin.start();
                last.set(admin.halfMessages(group, null));
                return condition.test(last.get());
            } catch (Exception notYet) {
                return false;
            }
        }, () -> what + " (last listing: " + last.get() + ")");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        await(condition, () -> what);
    }

    private static void await(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what.get());
            }
            Thread.sleep(50);
        }
    }
}

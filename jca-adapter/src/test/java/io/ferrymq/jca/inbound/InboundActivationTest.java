package io.ferrymq.jca.inbound;

import io.ferrymq.jca.FerryResourceAdapter;
import io.ferrymq.jca.TestCluster;
import io.ferrymq.jms.FerryConnectionConfig;
import io.ferrymq.jms.FerryConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.resource.spi.InvalidPropertyException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inbound delivery without an application server: the resource adapter with test doubles of the container's
 * BootstrapContext, WorkManager and MessageEndpointFactory (Narayana behind transacted endpoints), against a
 * nameserver and broker in this JVM.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InboundActivationTest {
    private static TestCluster cluster;
    private static final AtomicInteger NAMES = new AtomicInteger();

    private FakeWorkManager workManager;
    private FerryResourceAdapter adapter;
    private final List<Connection> connections = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void startAdapter() throws Exception {
        workManager = new FakeWorkManager(24);
        adapter = new FerryResourceAdapter();
        adapter.setNamesrvAddr(cluster.namesrvAddr());
        adapter.start(new FakeBootstrapContext(workManager));
    }

    @AfterEach
    void stopAdapter() throws Exception {
        adapter.stop();
        workManager.shutdown();
        for (Connection c : connections) {
            c.close();
        }
    }

    // ------------------------------------------------------------------ delivery

    @Test
    void queueMessagesAreDeliveredOnceAcrossConcurrentSessions() throws Exception {
        String queue = name("queue");
        Set<String> threads = ConcurrentHashMap.newKeySet();
        FakeEndpointFactory mdb = new FakeEndpointFactory(true, (m, tm) -> {
            threads.add(Thread.currentThread().getName());
            Thread.sleep(2);
        });
        FerryActivationSpec spec = queueSpec(queue);
        spec.setMaxSession(4);
        adapter.endpointActivation(mdb, spec);
        List<String> sent = send(queue, false, 200, (m, i) -> { });

        awaitTrue(() -> mdb.completed.size() >= 200, 20_000, "200 deliveries");
        Thread.sleep(300); // room for a duplicate to show up
        assertEquals(200, mdb.completed.size(), "no message twice");
        assertEquals(new HashSet<>(sent), new HashSet<>(mdb.completed));
        assertTrue(threads.size() > 1, "several sessions delivered concurrently: " + threads);
        assertEquals(List.of(), mdb.protocolErrors);
        assertTrue(workManager.longRunningHints.get() >= 4, "sessions ask for long-running threads");
        adapter.endpointDeactivation(mdb, spec);
        assertEquals(mdb.created.get(), mdb.released.get(), "every endpoint released");
        assertNull(receiveOne(queue, 300), "nothing left in the queue");
    }

    @Test
    void durableTopicSubscriptionKeepsWhatIsPublishedWhileDeactivated() throws Exception {
        String topic = name("topic");
        FakeEndpointFactory mdb = new FakeEndpointFactory(true, (m, tm) -> { });
        FerryActivationSpec spec = topicSpec(topic);
        spec.setSubscriptionDurability("Durable");
        spec.setClientId(name("client"));
        spec.setSubscriptionName("audit");
        adapter.endpointActivation(mdb, spec);
        List<String> first = send(topic, true, 3, (m, i) -> { });
        awaitTrue(() -> mdb.completed.size() >= 3, 10_000, "first three");
        adapter.endpointDeactivation(mdb, spec);

        List<String> whileDown = send(topic, true, 4, (m, i) -> { });
        Thread.sleep(200);
        assertEquals(3, mdb.completed.size(), "nothing delivered while deactivated");
        adapter.endpointActivation(mdb, spec);
        awaitTrue(() -> mdb.completed.size() >= 7, 10_000, "the four published while deactivated");
        Thread.sleep(200);
        List<String> all = new ArrayList<>(first);
        all.addAll(whileDown);
        assertEquals(all, mdb.completed, "each once, in order (one session for an unshared durable subscription)");
    }

    @Test
    void nonDurableTopicEndpointGetsEachMessageOnceWhateverItsSessionCount() throws Exception {
        String topic = name("topic");
        FakeEndpointFactory mdb = new FakeEndpointFactory(true, (m, tm) -> { });
        FerryActivationSpec spec = topicSpec(topic);
        spec.setMaxSession(3);
        adapter.endpointActivation(mdb, spec);
        List<String> sent = send(topic, true, 30, (m, i) -> { });
        awaitTrue(() -> mdb.completed.size() >= 30, 10_000, "thirty deliveries");
        Thread.sleep(300);
        assertEquals(30, mdb.completed.size());
        assertEquals(new HashSet<>(sent), new HashSet<>(mdb.completed));
    }

    @Test
    void selectorDeliversOnlyMatchingMessagesAndLeavesTheOthers() throws Exception {
        String queue = name("queue");
        FakeEndpointFactory mdb = new FakeEndpointFactory(true, (m, tm) -> {
            assertEquals("red", m.getStringProperty("color"));
        });
        FerryActivationSpec spec = queueSpec(queue);
        spec.setMessageSelector("color = 'red'");
        spec.setMaxSession(2);
        adapter.endpointActivation(mdb, spec);
        List<String> sent = send(queue, false, 10, (m, i) -> m.setStringProperty("color", i % 2 == 0 ? "red" : "blue"));
        awaitTrue(() -> mdb.completed.size() >= 5, 10_000, "five red messages");
        Thread.sleep(300);
        assertEquals(5, mdb.completed.size());
        assertEquals(List.of(), mdb.rolledBack, "no blue message reached the bean");
        adapter.endpointDeactivation(mdb, spec);
        List<Message> left = drain(queue);
        assertEquals(5, left.size());
        for (Message m : left) {
            assertEquals("blue", m.getStringProperty("color"));
        }
        assertEquals(Set.of(sent.get(1), sent.get(3), sent.get(5), sent.get(7), sent.get(9)),
                left.stream().map(FakeEndpointFactory::id).collect(Collectors.toSet()));
    }

    // ------------------------------------------------------------------ transactions, redelivery, dead letters

    @Test
    void aThrowingTransactedListenerGetsRedeliveriesThenTheMessageIsDeadLettered() throws Exception {
        String queue = name("queue");
        List<String> seen = new CopyOnWriteArrayList<>();
        FakeEndpointFactory mdb = new FakeEndpointFactory(true, (m, tm) -> {
            seen.add(m.getJMSRedelivered() + "/" + m.getIntProperty("JMSXDeliveryCount"));
            throw new IllegalStateException("the bean fails (test)");
        });
        FerryActivationSpec spec = queueSpec(queue);
        spec.setMaxRedeliveries(2);
        spec.setMaxSession(2);
        adapter.endpointActivation(mdb, spec);
        String id = send(queue, false, 1, (m, i) -> m.setStringProperty("order", "42")).get(0);

        Message dead = receiveOne("%DLQ%JMS_Q_" + queue, 10_000);
        assertTrue(dead != null, "the message is in the dead-letter queue %DLQ%JMS_Q_" + queue);
        assertEquals("42", dead.getStringProperty("order"));
        assertEquals(List.of("false/1", "true/2", "true/3"), seen, "one delivery and maxRedeliveries=2 more");
        assertEquals(3, mdb.rolledBack.size());
        assertEquals(List.of(), mdb.completed);
        assertEquals(id, mdb.rolledBack.get(0));
        adapter.endpointDeactivation(mdb, spec);
        assertNull(receiveOne(queue, 300), "not in the queue any more");
    }

    @Test
    void consumerGroupNamesTheEndpointsOwnSubscriptionAndDeadLetterQueue() throws Exception {
        String queue = name("queue");
        FakeEndpointFactory mdb = new FakeEndpointFactory(true, (m, tm) -> {
            throw new IllegalStateException("the bean fails (test)");
        });
        FerryActivationSpec spec = queueSpec(queue);
        spec.setConsumerGroup("billing");
        spec.setMaxRedeliveries(0);
        adapter.endpointActivation(mdb, spec);
        send(queue, false, 1, (m, i) -> { });
        assertTrue(receiveOne("%DLQ%billing_Q_" + queue, 10_000) != null, "in %DLQ%billing_Q_" + queue);
        assertEquals(1, mdb.rolledBack.size(), "maxRedeliveries=0: delivered once");
        // Its own group: the plain JMS consumers of the queue (group JMS_Q_...) still have the message.
        assertTrue(receiveOne(queue, 5_000) != null, "the queue's JMS consumers have their own copy");
    }

    @Test
    void aRolledBackTransactionLeavesTheMessageForRedeliveryAndACommittedOneConsumesIt() throws Exception {
        String queue = name("queue");
        List<String> seen = new CopyOnWriteArrayList<>();
        FakeEndpointFactory mdb = new FakeEndpointFactory(true, (m, tm) -> {
            seen.add(m.getJMSRedelivered() + "/" + m.getIntProperty("JMSXDeliveryCount"));
            if (seen.size() == 1) {
                tm.setRollbackOnly(); // no exception: the bean asks for the rollback itself
            }
        });
        FerryActivationSpec spec = queueSpec(queue);
        adapter.endpointActivation(mdb, spec);
        String id = send(queue, false, 1, (m, i) -> { }).get(0);
        awaitTrue(() -> mdb.completed.size() == 1, 10_000, "the second delivery commits");
        assertEquals(List.of(id), mdb.rolledBack);
        assertEquals(List.of(id), mdb.completed);
        assertEquals(List.of("false/1", "true/2"), seen);
        adapter.endpointDeactivation(mdb, spec);
        assertNull(receiveOne(queue, 500), "consumed by the commit");
    }

    @Test
    void aNonTransactedEndpointAcknowledgesAfterOnMessageAndGetsAFailedMessageAgain() throws Exception {
        String queue = name("queue");
        List<String> seen = new CopyOnWriteArrayList<>();
        FakeEndpointFactory mdb = new FakeEndpointFactory(false, (m, tm) -> {
            seen.add(m.getStringProperty("n") + ":" + m.getIntProperty("JMSXDeliveryCount"));
            assertNull(tm.getTransaction(), "no transaction around a non-transacted delivery");
            if ("1".equals(m.getStringProperty("n")) && !m.getJMSRedelivered()) {
                throw new IllegalStateException("fails once (test)");
            }
        });
        FerryActivationSpec spec = queueSpec(queue);
        spec.setMaxSession(1);
        spec.setAcknowledgeMode("Dups-ok-acknowledge");
        adapter.endpointActivation(mdb, spec);
        send(queue, false, 3, (m, i) -> m.setStringProperty("n", String.valueOf(i)));
        awaitTrue(() -> mdb.completed.size() == 3, 10_000, "three completed deliveries");
        assertTrue(mdb.gotOnlyNullResources(), "non-transacted endpoints get no XAResource");
        assertEquals(List.of("0:1", "1:1", "1:2", "2:1"), seen, "the failed message again at once, before the next");
        adapter.endpointDeactivation(mdb, spec);
        assertNull(receiveOne(queue, 500));
    }

    @Test
    void anUnavailableEndpointIsRetriedWithoutCountingADelivery() throws Exception {
        String queue = name("queue");
        List<Integer> counts = new CopyOnWriteArrayList<>();
        FakeEndpointFactory mdb = new FakeEndpointFactory(true, (m, tm) -> counts.add(m.getIntProperty("JMSXDeliveryCount")));
        mdb.unavailable.set(3);
        FerryActivationSpec spec = queueSpec(queue);
        spec.setMaxSession(1);
        adapter.endpointActivation(mdb, spec);
        send(queue, false, 1, (m, i) -> { });
        awaitTrue(() -> mdb.completed.size() == 1, 10_000, "delivered once the pool has an instance");
        assertEquals(List.of(1), counts);
        assertEquals(0, mdb.unavailable.get());
    }

    // ------------------------------------------------------------------ order

    @Test
    void messageGroupsKeepTheirOrderAcrossFourSessions() throws Exception {
        String queue = name("queue");
        int groups = 6;
        int perGroup = 25;
        Map<String, List<Integer>> byGroup = new ConcurrentHashMap<>();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        FakeEndpointFactory mdb = new FakeEndpointFactory(true, (m, tm) -> {
            threads.add(Thread.currentThread().getName());
            byGroup.computeIfAbsent(m.getStringProperty("JMSXGroupID"), k -> new CopyOnWriteArrayList<>())
                    .add(m.getIntProperty("seq"));
            Thread.sleep(ThreadLocalRandom.current().nextInt(3));
        });
        FerryActivationSpec spec = queueSpec(queue);
        spec.setMaxSession(4);
        spec.setPrefetchSize(4);
        adapter.endpointActivation(mdb, spec);
        send(queue, false, groups * perGroup, (m, i) -> {
            m.setStringProperty("JMSXGroupID", "g" + (i % groups));
            m.setIntProperty("seq", i / groups);
        });
        awaitTrue(() -> mdb.completed.size() >= groups * perGroup, 20_000, "every message");
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < perGroup; i++) {
            expected.add(i);
        }
        for (int g = 0; g < groups; g++) {
            assertEquals(expected, byGroup.get("g" + g), "group g" + g + " in order");
        }
        assertTrue(threads.size() > 1, "groups were spread over sessions: " + threads);
    }

    // ------------------------------------------------------------------ stop and reconnect

    @Test
    void deactivationWithMessagesInFlightLosesAndDuplicatesNothing() throws Exception {
        String queue = name("queue");
        AtomicInteger running = new AtomicInteger();
        FakeEndpointFactory mdb = new FakeEndpointFactory(true, (m, tm) -> {
            running.incrementAndGet();
            Thread.sleep(20);
            running.decrementAndGet();
        });
        FerryActivationSpec spec = queueSpec(queue);
        spec.setMaxSession(4);
        List<String> sent = send(queue, false, 300, (m, i) -> { });
        adapter.endpointActivation(mdb, spec);
        awaitTrue(() -> mdb.completed.size() >= 40 && running.get() > 0, 10_000, "deliveries running");
        adapter.endpointDeactivation(mdb, spec);
        assertEquals(0, running.get(), "deactivation returned after the running deliveries finished");
        int processed = mdb.completed.size();
        Thread.sleep(200);
        assertEquals(processed, mdb.completed.size(), "no delivery after deactivation");
        assertTrue(processed < 300, "the test stopped it mid-way (" + processed + ")");

        List<Message> rest = drain(queue);
        List<String> restIds = rest.stream().map(FakeEndpointFactory::id).toList();
        List<String> all = new ArrayList<>(mdb.completed);
        all.addAll(restIds);
        assertEquals(300, all.size(), "nothing lost or duplicated: " + processed + " processed + " + rest.size() + " left");
        assertEquals(new HashSet<>(sent), new HashSet<>(all));
        for (Message m : rest) {
            assertFalse(m.getJMSRedelivered(), "buffered messages went back undelivered: " + m.getJMSMessageID());
        }
        assertEquals(List.of(), mdb.rolledBack);
        assertEquals(mdb.created.get(), mdb.released.get());
    }

    @Test
    void aLostConnectionIsReplacedAndDeliveryGoesOnWithoutLossOrDuplicates() throws Exception {
        String queue = name("queue");
        FakeEndpointFactory mdb = new FakeEndpointFactory(true, (m, tm) -> Thread.sleep(2));
        FerryActivationSpec spec = queueSpec(queue);
        spec.setMaxSession(3);
        adapter.endpointActivation(mdb, spec);
        EndpointActivation activation = activations().activation(mdb, spec);
        List<String> sent = send(queue, false, 150, (m, i) -> { });
        awaitTrue(() -> mdb.completed.size() >= 20, 10_000, "deliveries running");
        int before = activation.generation();
        activation.connectionFailed(before, new JMSException("FMQ-JMS-614 the provider gave up (test)", "FMQ-JMS-614"));
        awaitTrue(() -> mdb.completed.size() >= 150, 20_000, "every message after the reconnect");
        Thread.sleep(300);
        assertEquals(before + 1, activation.generation(), "one reconnect");
        assertEquals(150, mdb.completed.size());
        assertEquals(new HashSet<>(sent), new HashSet<>(mdb.completed));
    }

    @Test
    void adapterStopEndsEveryActivationAndItsWork() throws Exception {
        FakeEndpointFactory mdb = new FakeEndpointFactory(true, (m, tm) -> { });
        FerryActivationSpec spec = queueSpec(name("queue"));
        spec.setMaxSession(3);
        adapter.endpointActivation(mdb, spec);
        awaitTrue(() -> workManager.running() == 3, 5_000, "three session works");
        adapter.stop();
        awaitTrue(() -> workManager.running() == 0, 5_000, "no work left running");
        assertNull(activations().activation(mdb, spec));
    }

    // ------------------------------------------------------------------ validation

    @Test
    void validateNamesEachInvalidProperty() {
        assertInvalid(new FerryActivationSpec(), "destination", "destination is required");
        FerryActivationSpec type = queueSpec("q");
        type.setDestinationType("jakarta.jms.Tpoic");
        assertInvalid(type, "destinationType", "is not jakarta.jms.Queue or jakarta.jms.Topic");
        FerryActivationSpec durable = topicSpec("t");
        durable.setSubscriptionDurability("Durable");
        assertInvalid(durable, "subscriptionName", "needs a subscriptionName");
        durable.setSubscriptionName("s");
        assertInvalid(durable, "clientId", "needs a clientId");
        durable.setShared(true);
        assertValid(durable);
        FerryActivationSpec durability = topicSpec("t");
        durability.setSubscriptionDurability("Forever");
        assertInvalid(durability, "subscriptionDurability", "'Forever' is not Durable or NonDurable");
        FerryActivationSpec sharedQueue = queueSpec("q");
        sharedQueue.setShared(true);
        assertInvalid(sharedQueue, "shared", "made on topics");
        FerryActivationSpec selector = queueSpec("q");
        selector.setMessageSelector("color = 'red' AND");
        assertInvalid(selector, "messageSelector", "messageSelector is not valid: FMQ-JMS-661");
        FerryActivationSpec ack = queueSpec("q");
        ack.setAcknowledgeMode("Client-acknowledge");
        assertInvalid(ack, "acknowledgeMode", "'Client-acknowledge' is not Auto-acknowledge");
        FerryActivationSpec numbers = queueSpec("q");
        numbers.setMaxSession(0);
        numbers.setMaxRedeliveries(-1);
        numbers.setPrefetchSize(70_000);
        InvalidPropertyException e = assertInvalid(numbers, "maxSession", "maxSession must be at least 1, not 0");
        assertEquals(List.of("maxSession", "maxRedeliveries", "prefetchSize"), names(e));
        assertTrue(e.getMessage().contains("maxRedeliveries must not be negative, not -1"), e.getMessage());
        FerryActivationSpec group = queueSpec("q");
        group.setConsumerGroup("bad group!");
        assertInvalid(group, "consumerGroup", "must be 1 to 63 of A-Z a-z 0-9 _ -");
        FerryActivationSpec address = queueSpec("q");
        address.setNamesrvAddr("ns1:9876;ns2");
        assertInvalid(address, "namesrvAddr", "FMQ-JMS-902");
        assertValid(queueSpec("q"));
    }

    @Test
    void activationRefusesAnInvalidSpecAndABadClientIdClearly() throws Exception {
        FakeEndpointFactory mdb = new FakeEndpointFactory(true, (m, tm) -> { });
        FerryActivationSpec bad = new FerryActivationSpec();
        bad.setResourceAdapter(adapter);
        assertThrows(InvalidPropertyException.class, () -> adapter.endpointActivation(mdb, bad));

        String clientId = name("client");
        FerryActivationSpec first = topicSpec(name("topic"));
        first.setSubscriptionDurability("Durable");
        first.setSubscriptionName("s");
        first.setClientId(clientId);
        adapter.endpointActivation(mdb, first);
        FerryActivationSpec second = topicSpec(name("topic"));
        second.setSubscriptionDurability("Durable");
        second.setSubscriptionName("s");
        second.setClientId(clientId);
        FakeEndpointFactory other = new FakeEndpointFactory(true, (m, tm) -> { });
        jakarta.resource.ResourceException e = assertThrows(jakarta.resource.ResourceException.class,
                () -> adapter.endpointActivation(other, second));
        assertTrue(e.getMessage().contains("FMQ-JCA-403") && e.getMessage().contains("FMQ-JMS-605"), e.getMessage());
        assertNull(activations().activation(other, second));
    }

    // ------------------------------------------------------------------ helpers

    private InboundActivations activations() throws Exception {
        java.lang.reflect.Field f = FerryResourceAdapter.class.getDeclaredField("activations");
        f.setAccessible(true);
        return (InboundActivations) f.get(adapter);
    }

    private static String name(String kind) {
        return "jca-in-" + kind + "-" + NAMES.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
    }

    private FerryActivationSpec queueSpec(String queue) {
        FerryActivationSpec spec = new FerryActivationSpec();
        spec.setDestination(queue);
        spec.setDestinationType(FerryActivationSpec.QUEUE_TYPE);
        bind(spec);
        return spec;
    }

    private FerryActivationSpec topicSpec(String topic) {
        FerryActivationSpec spec = new FerryActivationSpec();
        spec.setDestination(topic);
        spec.setDestinationType(FerryActivationSpec.TOPIC_TYPE);
        bind(spec);
        return spec;
    }

    private void bind(FerryActivationSpec spec) {
        try {
            spec.setResourceAdapter(adapter);
        } catch (jakarta.resource.ResourceException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InvalidPropertyException assertInvalid(FerryActivationSpec spec, String property, String text) {
        InvalidPropertyException e = assertThrows(InvalidPropertyException.class, spec::validate);
        assertTrue(e.getMessage().contains(text), e.getMessage());
        assertTrue(e.getMessage().startsWith("FMQ-JCA-441"), e.getMessage());
        assertEquals(property, names(e).get(0));
        return e;
    }

    private static void assertValid(FerryActivationSpec spec) {
        try {
            spec.validate();
        } catch (InvalidPropertyException e) {
            throw new AssertionError("valid spec refused: " + e.getMessage(), e);
        }
    }

    private static List<String> names(InvalidPropertyException e) {
        return Arrays.stream(e.getInvalidPropertyDescriptors()).map(PropertyDescriptor::getName).toList();
    }

    interface Filler {
        void fill(Message m, int i) throws JMSException;
    }

    private Connection connection() throws JMSException {
        FerryConnectionConfig config = new FerryConnectionConfig();
        config.setNamesrvAddr(cluster.namesrvAddr());
        Connection c = new FerryConnectionFactory(config).createConnection();
        connections.add(c);
        return c;
    }

    private List<String> send(String destination, boolean topic, int n, Filler filler) throws JMSException {
        try (Session s = connection().createSession()) {
            MessageProducer p = s.createProducer(topic ? s.createTopic(destination) : s.createQueue(destination));
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Message m = s.createTextMessage("message " + i);
                filler.fill(m, i);
                p.send(m);
                ids.add(m.getJMSMessageID());
            }
            return ids;
        }
    }

    /** One message of a queue (acknowledged), or null after {@code timeoutMillis}. */
    private Message receiveOne(String queue, long timeoutMillis) throws JMSException {
        Connection c = connection();
        c.start();
        try (Session s = c.createSession(); MessageConsumer consumer = s.createConsumer(s.createQueue(queue))) {
            return consumer.receive(timeoutMillis);
        }
    }

    /** Everything a queue holds now (acknowledged). */
    private List<Message> drain(String queue) throws JMSException {
        Connection c = connection();
        c.start();
        List<Message> all = new ArrayList<>();
        try (Session s = c.createSession(); MessageConsumer consumer = s.createConsumer(s.createQueue(queue))) {
            Message m;
            while ((m = consumer.receive(all.isEmpty() ? 3_000 : 500)) != null) {
                all.add(m);
            }
        }
        return all;
    }

    private static void awaitTrue(BooleanSupplier condition, long timeoutMillis, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}

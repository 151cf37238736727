package io.ferrymq.it;

import io.ferrymq.jms.FerryConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicSession;
import org.junit.jupiter.api.Test;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.jms.connection.SessionProxy;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.jms.listener.DefaultMessageListenerContainer;
import org.springframework.jms.listener.SessionAwareMessageListener;

import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Spring's JMS support driving FerryMQ's provider against a live cluster, as many applications do: {@link JmsTemplate}
 * conversions, message creators and selectors, {@link DefaultMessageListenerContainer} on topics and queues (concurrent
 * consumers, local transactions with redelivery) and {@link CachingConnectionFactory}.
 */
class SpringJmsTest extends JmsTestBase {
    private static final long RECEIVE_TIMEOUT_MILLIS = 10_000;
    /** Container bean names, which Spring's invoker threads are named after. */
    private static final String CONTAINER_PREFIX = "spring-dmlc";
    /** Name prefixes of the threads a container and its JMS connections run on. */
    private static final List<String> CLIENT_THREADS = List.of(CONTAINER_PREFIX, "ferrymq-jms-", "ferrymq-client-io",
            "ferrymq-client-scheduler", "ferrymq-client-callback");

    /** A Serializable application object, as JmsTemplate turns into an ObjectMessage. */
    record Order(String id, int quantity, List<String> lines) implements Serializable {
    }

    /** FerryMQ's factory, trusting this package's classes in ObjectMessages (JDK types only by default). */
    private FerryConnectionFactory ferry() {
        FerryConnectionFactory f = factory();
        f.setTrustedPackages(List.of("java.lang", "java.util", "java.math", "java.time", "io.ferrymq.it"));
        return f;
    }

    private static JmsTemplate template(ConnectionFactory cf) {
        JmsTemplate t = new JmsTemplate(cf);
        t.setReceiveTimeout(RECEIVE_TIMEOUT_MILLIS);
        return t;
    }

    /** A container that is stopped and shut down after the test, whatever happens. */
    private DefaultMessageListenerContainer container(ConnectionFactory cf, String destination, boolean pubSub,
                                                      Object listener) {
        DefaultMessageListenerContainer c = new DefaultMessageListenerContainer();
        c.setConnectionFactory(cf);
        c.setDestinationName(destination);
        c.setPubSubDomain(pubSub);
        c.setMessageListener(listener);
        c.setReceiveTimeout(500);
        c.setBeanName(CONTAINER_PREFIX + unique(""));
        closeLater(() -> {
            c.stop();
            c.shutdown();
        });
        return c;
    }

    private static void await(BooleanSupplier condition, Duration max, String what) throws InterruptedException {
        await(condition, max, () -> what);
    }

    /** Waits for {@code condition}; {@code what} describes it when the wait fails (evaluated then). */
    private static void await(BooleanSupplier condition, Duration max, Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + max + " waiting for " + what.get());
            }
            Thread.sleep(10);
        }
    }

    // ------------------------------------------------------------------ JmsTemplate

    @Test
    void jmsTemplateConvertsStringsMapsAndSerializableObjectsThroughQueues() throws Exception {
        JmsTemplate template = template(ferry());
        JmsTemplate quick = template(ferry());
        quick.setReceiveTimeout(300);
        // A queue per body type: a JmsTemplate receive closes its consumer at once, and a message sent to the same
        // queue right after that can stay leased to the closed consumer until its lease expires (see docs/jms.md).
        String text = unique("spring.convert.text");
        template.convertAndSend(text, "hello from Spring");
        assertThat(template.receiveAndConvert(text)).isEqualTo("hello from Spring");
        assertThat(quick.receive(text)).as("nothing left behind").isNull();

        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", "widget");
        map.put("count", 42);
        map.put("price", 9.5d);
        map.put("urgent", true);
        map.put("code", 7L);
        map.put("bytes", new byte[] {1, 2, 3});
        String maps = unique("spring.convert.map");
        template.convertAndSend(maps, map);
        Message mapMessage = template.receive(maps);
        assertThat(mapMessage).isInstanceOf(MapMessage.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> gotMap = (Map<String, Object>) template.getMessageConverter().fromMessage(mapMessage);
        assertThat(gotMap).containsOnlyKeys(map.keySet()).containsEntry("name", "widget").containsEntry("count", 42)
                .containsEntry("price", 9.5d).containsEntry("urgent", true).containsEntry("code", 7L);
        assertThat((byte[]) gotMap.get("bytes")).containsExactly(1, 2, 3);

        Order order = new Order("o-1", 3, List.of("apple", "pear"));
        String objects = unique("spring.convert.object");
        template.convertAndSend(objects, order);
        assertThat(template.receiveAndConvert(objects)).isEqualTo(order);
    }

    @Test
    void jmsTemplateSendsWithAMessageCreatorAndReceivesBySelector() throws Exception {
        JmsTemplate template = template(ferry());
        String queue = unique("spring.selector");
        for (String color : List.of("red", "blue", "green")) {
            template.send(queue, session -> {
                TextMessage m = session.createTextMessage("a " + color + " one");
                m.setStringProperty("color", color);
                m.setIntProperty("size", color.length());
                m.setJMSCorrelationID("corr-" + color);
                return m;
            });
        }

        Message blue = template.receiveSelected(queue, "color = 'blue'");
        assertThat(text(blue)).isEqualTo("a blue one");
        assertThat(blue.getStringProperty("color")).isEqualTo("blue");
        assertThat(blue.getIntProperty("size")).isEqualTo(4);
        assertThat(blue.getJMSCorrelationID()).isEqualTo("corr-blue");
        assertThat(blue.getJMSRedelivered()).isFalse();

        Message green = template.receiveSelected(queue, "JMSCorrelationID = 'corr-green'");
        assertThat(text(green)).isEqualTo("a green one");

        assertThat(template.receiveSelectedAndConvert(queue, "size = 3 AND color LIKE 'r%'")).isEqualTo("a red one");

        JmsTemplate quick = template(ferry());
        quick.setReceiveTimeout(300);
        assertThat(quick.receive(queue)).as("the selectors left nothing behind").isNull();
    }

    @Test
    void jmsTemplateBrowsesAQueueWithoutConsumingIt() {
        JmsTemplate template = template(ferry());
        String queue = unique("spring.browse");
        for (int i = 0; i < 4; i++) {
            int n = i;
            template.send(queue, session -> {
                TextMessage m = session.createTextMessage("b" + n);
                m.setIntProperty("n", n);
                return m;
            });
        }
        List<String> all = template.browse(queue, (session, browser) -> texts(browser.getEnumeration()));
        assertThat(all).containsExactlyInAnyOrder("b0", "b1", "b2", "b3");
        List<String> odd = template.browseSelected(queue, "n = 1 OR n = 3",
                (session, browser) -> texts(browser.getEnumeration()));
        assertThat(odd).containsExactlyInAnyOrder("b1", "b3");

        // One consumer takes them all, on a connection the template starts (see the caveat on receives in docs/jms.md).
        List<String> received = template.execute(session -> {
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            return receiveTexts(consumer, 4, RECEIVE_TIMEOUT_MILLIS);
        }, true);
        assertThat(received).as("browsing left every message in the queue").containsExactlyInAnyOrder(
                "b0", "b1", "b2", "b3");
    }

    private static List<String> texts(java.util.Enumeration<?> messages) throws JMSException {
        List<String> out = new ArrayList<>();
        while (messages.hasMoreElements()) {
            out.add(text((Message) messages.nextElement()));
        }
        return out;
    }

    @Test
    void jmsTemplateSendsWithExplicitQosAndInLocalTransactions() throws Exception {
        FerryConnectionFactory cf = ferry();
        String queue = unique("spring.qos");
        JmsTemplate tx = template(cf);
        tx.setSessionTransacted(true);
        tx.setExplicitQosEnabled(true);
        tx.setDeliveryPersistent(false);
        tx.setPriority(8);
        tx.setTimeToLive(60_000);
        long before = System.currentTimeMillis();
        tx.convertAndSend(queue, "urgent");
        long after = System.currentTimeMillis();

        // The template committed its send, and the producer got the explicit delivery mode, priority and expiry.
        Message m = tx.receive(queue);
        assertThat(text(m)).isEqualTo("urgent");
        assertThat(m.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        assertThat(m.getJMSPriority()).isEqualTo(8);
        assertThat(m.getJMSExpiration()).isBetween(before + 60_000, after + 60_000);

        // A session callback that fails after sending is not committed: its send is discarded with the session.
        assertThatThrownBy(() -> tx.execute(session -> {
            session.createProducer(session.createQueue(queue)).send(session.createTextMessage("never"));
            throw new IllegalStateException("fails before the commit");
        })).isInstanceOf(IllegalStateException.class);

        JmsTemplate quick = template(cf);
        quick.setReceiveTimeout(300);
        assertThat(quick.receive(queue)).as("the transacted receive was committed; the failed send discarded").isNull();
    }

    @Test
    void requestReplyThroughSendAndReceiveAndAReplyingListenerContainer() throws Exception {
        FerryConnectionFactory cf = ferry();
        String service = unique("spring.service");
        DefaultMessageListenerContainer server = container(cf, service, false,
                (SessionAwareMessageListener<Message>) (request, session) -> {
                    TextMessage reply = session.createTextMessage("re: " + text(request));
                    reply.setJMSCorrelationID(request.getJMSMessageID());
                    MessageProducer producer = session.createProducer(request.getJMSReplyTo());
                    try {
                        producer.send(reply);
                    } finally {
                        producer.close();
                    }
                });
        server.afterPropertiesSet();
        server.start();

        // JmsTemplate makes a temporary queue, sends with JMSReplyTo set to it and waits on it.
        Message reply = template(cf).sendAndReceive(service, session -> session.createTextMessage("ping"));
        assertThat(text(reply)).isEqualTo("re: ping");
        assertThat(reply.getJMSCorrelationID()).startsWith("ID:");
        assertThat(reply.getJMSDestination()).isInstanceOf(TemporaryQueue.class);
    }

    // ------------------------------------------------------------------ DefaultMessageListenerContainer

    @Test
    void aPubSubJmsTemplatePublishesToEveryListenerContainerSubscribedToTheTopic() throws Exception {
        FerryConnectionFactory cf = ferry();
        String topic = unique("spring.topic");
        int count = 5;
        List<List<String>> received = List.of(Collections.synchronizedList(new ArrayList<>()),
                Collections.synchronizedList(new ArrayList<>()));
        CountDownLatch all = new CountDownLatch(2 * count);
        List<DefaultMessageListenerContainer> containers = new ArrayList<>();
        for (List<String> into : received) {
            DefaultMessageListenerContainer c = container(cf, topic, true, (MessageListener) m -> {
                try {
                    into.add(text(m));
                } catch (JMSException e) {
                    throw new IllegalStateException(e);
                }
                all.countDown();
            });
            c.afterPropertiesSet();
            c.start();
            containers.add(c);
        }
        // A non-durable subscriber gets what is published after it subscribed: wait until both consumers exist.
        await(() -> containers.stream().allMatch(DefaultMessageListenerContainer::isRegisteredWithDestination),
                Duration.ofSeconds(20), "both containers to subscribe to " + topic);

        JmsTemplate publisher = template(cf);
        publisher.setPubSubDomain(true);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sent.add("price " + i);
            publisher.convertAndSend(topic, "price " + i);
        }
        assertThat(all.await(30, TimeUnit.SECONDS)).as("every subscriber got every message").isTrue();
        for (List<String> got : received) {
            assertThat(got).containsExactlyInAnyOrderElementsOf(sent);
        }
        // A queue of the same name is a different destination: the topic's messages are not in it.
        JmsTemplate queueReader = template(cf);
        queueReader.setReceiveTimeout(300);
        assertThat(queueReader.receive(topic)).isNull();
    }

    @Test
    void threeConcurrentConsumersReceiveThreeHundredMessagesExactlyOnceAndShutDownCleanly() throws Exception {
        FerryConnectionFactory cf = ferry();
        String queue = unique("spring.concurrent");
        int count = 300;
        Set<Thread> before = liveThreads();

        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
        Map<String, AtomicInteger> perThread = new ConcurrentHashMap<>();
        AtomicInteger deliveries = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(count);
        DefaultMessageListenerContainer container = container(cf, queue, false, (MessageListener) m -> {
            try {
                deliveries.incrementAndGet();
                if (!seen.add(text(m))) {
                    duplicates.add(text(m));
                }
                perThread.computeIfAbsent(Thread.currentThread().getName(), k -> new AtomicInteger()).incrementAndGet();
                all.countDown();
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
        container.setConcurrentConsumers(3);
        container.afterPropertiesSet();
        container.start();
        await(() -> container.getActiveConsumerCount() == 3, Duration.ofSeconds(20), "three active consumers");

        JmsTemplate sender = template(cf);
        for (int i = 0; i < count; i++) {
            sender.convertAndSend(queue, "m" + i);
        }
        assertThat(all.await(45, TimeUnit.SECONDS)).as("all %d messages, got %d", count, seen.size()).isTrue();

        container.stop();
        container.shutdown();
        assertThat(container.isRunning()).isFalse();
        assertThat(container.isActive()).isFalse();
        assertThat(container.getActiveConsumerCount()).isZero();

        assertThat(duplicates).as("messages delivered twice").isEmpty();
        assertThat(deliveries.get()).isEqualTo(count);
        assertThat(seen).hasSize(count);
        assertThat(perThread.keySet()).as("listener threads: %s", perThread).allMatch(n -> n.startsWith(
                CONTAINER_PREFIX));
        assertThat(perThread).as("messages per consumer thread").hasSizeGreaterThan(1);

        // Everything was acknowledged: a fresh consumer finds the queue empty.
        JmsTemplate quick = template(cf);
        quick.setReceiveTimeout(300);
        assertThat(quick.receive(queue)).isNull();

        // Spring's invokers and every thread the provider started for the container's connection are gone.
        await(() -> newThreads(before).isEmpty(), Duration.ofSeconds(15),
                () -> "threads to end: " + newThreads(before));
    }

    @Test
    void aTransactedListenerContainerGetsAMessageAgainAfterItsListenerThrew() throws Exception {
        // Spring rolls the session back when the listener throws, and commits after it returned.
        checkRedeliveryAfterAFailedListener(c -> c.setSessionTransacted(true));
    }

    @Test
    void aTransactedListenerContainerWithoutCachingGetsAMessageAgainCountedOnce() throws Exception {
        // CACHE_NONE (as CACHE_SESSION, and the default with a transaction manager): after the rollback Spring closes
        // the consumer, and the next consumer must see delivery count 2, not 3.
        checkRedeliveryAfterAFailedListener(c -> {
            c.setSessionTransacted(true);
            c.setCacheLevel(DefaultMessageListenerContainer.CACHE_NONE);
        });
    }

    @Test
    void aClientAcknowledgeListenerContainerGetsAMessageAgainAfterItsListenerThrew() throws Exception {
        // Spring calls Session.recover() when the listener throws, and Message.acknowledge() after it returned.
        checkRedeliveryAfterAFailedListener(c -> c.setSessionAcknowledgeMode(Session.CLIENT_ACKNOWLEDGE));
    }

    private void checkRedeliveryAfterAFailedListener(java.util.function.Consumer<DefaultMessageListenerContainer> mode)
            throws Exception {
        FerryConnectionFactory cf = ferry();
        String queue = unique("spring.tx");
        List<String> deliveries = Collections.synchronizedList(new ArrayList<>());
        List<String> processed = Collections.synchronizedList(new ArrayList<>());
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(2);
        DefaultMessageListenerContainer container = container(cf, queue, false, (MessageListener) m -> {
            try {
                String text = text(m);
                deliveries.add(text + " redelivered=" + m.getJMSRedelivered() + " count="
                        + m.getIntProperty("JMSXDeliveryCount"));
                if (attempts.computeIfAbsent(text, k -> new AtomicInteger()).incrementAndGet() == 1) {
                    throw new IllegalStateException("the first delivery of " + text + " fails (on purpose)");
                }
                processed.add(text);
                done.countDown();
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
        mode.accept(container);
        container.afterPropertiesSet();
        container.start();

        JmsTemplate sender = template(cf);
        sender.convertAndSend(queue, "tx-1");
        sender.convertAndSend(queue, "tx-2");
        assertThat(done.await(30, TimeUnit.SECONDS)).as("processed: %s; deliveries: %s", processed, deliveries).isTrue();
        container.stop();
        container.shutdown();

        assertThat(processed).containsExactlyInAnyOrder("tx-1", "tx-2");
        assertThat(deliveries).containsExactlyInAnyOrder(
                "tx-1 redelivered=false count=1", "tx-1 redelivered=true count=2",
                "tx-2 redelivered=false count=1", "tx-2 redelivered=true count=2");
        // Each message was delivered "tx-n count=1" before "tx-n count=2".
        for (String t : List.of("tx-1", "tx-2")) {
            assertThat(deliveries.indexOf(t + " redelivered=false count=1"))
                    .isLessThan(deliveries.indexOf(t + " redelivered=true count=2"));
        }
        // The commit (or acknowledge) after the second delivery settled it: nothing comes again.
        JmsTemplate quick = template(cf);
        quick.setReceiveTimeout(300);
        assertThat(quick.receive(queue)).isNull();
    }

    @Test
    void aTransactedListenerCommitsItsSendsWithItsReceiveAndDiscardsThemOnRollback() throws Exception {
        FerryConnectionFactory cf = ferry();
        String in = unique("spring.tx.in");
        String out = unique("spring.tx.out");
        AtomicInteger attempts = new AtomicInteger();
        DefaultMessageListenerContainer container = container(cf, in, false,
                (SessionAwareMessageListener<Message>) (m, session) -> {
                    int attempt = attempts.incrementAndGet();
                    MessageProducer producer = session.createProducer(session.createQueue(out));
                    producer.send(session.createTextMessage("out of " + text(m) + ", attempt " + attempt));
                    producer.close();
                    if (attempt == 1) {
                        throw new IllegalStateException("the first attempt fails after sending (on purpose)");
                    }
                });
        container.setSessionTransacted(true);
        container.afterPropertiesSet();
        container.start();

        JmsTemplate template = template(cf);
        template.convertAndSend(in, "order-7");
        assertThat(template.receiveAndConvert(out)).isEqualTo("out of order-7, attempt 2");
        container.stop();
        container.shutdown();
        assertThat(attempts.get()).isEqualTo(2);

        JmsTemplate quick = template(cf);
        quick.setReceiveTimeout(300);
        assertThat(quick.receive(out)).as("the rolled-back attempt's send").isNull();
        assertThat(quick.receive(in)).as("the committed input").isNull();
    }

    @Test
    void aDurableSubscriptionOfAListenerContainerKeepsWhatIsPublishedWhileTheContainerIsDown() throws Exception {
        FerryConnectionFactory cf = ferry();
        String topic = unique("spring.durable");
        String clientId = unique("spring-client");
        Set<String> got = ConcurrentHashMap.newKeySet();
        List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
        MessageListener listener = m -> {
            try {
                if (!got.add(text(m))) {
                    duplicates.add(text(m));
                }
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        };
        JmsTemplate publisher = template(cf);
        publisher.setPubSubDomain(true);

        DefaultMessageListenerContainer first = durableContainer(cf, topic, clientId, listener);
        publisher.convertAndSend(topic, "d1");
        await(() -> got.contains("d1"), Duration.ofSeconds(20), "d1");
        first.stop();
        first.shutdown();

        publisher.convertAndSend(topic, "d2");
        publisher.convertAndSend(topic, "d3");
        DefaultMessageListenerContainer second = durableContainer(cf, topic, clientId, listener);
        await(() -> got.size() == 3, Duration.ofSeconds(20), () -> "d2 and d3 after the restart, got " + got);
        second.stop();
        second.shutdown();
        assertThat(got).containsExactlyInAnyOrder("d1", "d2", "d3");
        assertThat(duplicates).isEmpty();

        // Clean up the subscription the way a JMS application does.
        Connection c = factory().createConnection();
        closeLater(c);
        c.setClientID(clientId);
        c.createSession(false, Session.AUTO_ACKNOWLEDGE).unsubscribe("prices");
    }

    private DefaultMessageListenerContainer durableContainer(ConnectionFactory cf, String topic, String clientId,
                                                             MessageListener listener) throws InterruptedException {
        DefaultMessageListenerContainer c = container(cf, topic, true, listener);
        c.setClientId(clientId);
        c.setSubscriptionDurable(true);
        c.setSubscriptionName("prices");
        c.afterPropertiesSet();
        c.start();
        await(c::isRegisteredWithDestination, Duration.ofSeconds(20), "the durable subscriber");
        return c;
    }

    // ------------------------------------------------------------------ CachingConnectionFactory

    @Test
    void aCachingConnectionFactoryReusesOneConnectionSessionAndProducerForTheTemplate() throws Exception {
        CountingConnectionFactory counting = new CountingConnectionFactory(ferry());
        CachingConnectionFactory caching = new CachingConnectionFactory(counting);
        caching.setSessionCacheSize(1);
        caching.setCacheProducers(true);
        caching.setCacheConsumers(true);
        closeLater(caching::destroy);
        JmsTemplate template = template(caching);
        String queue = unique("spring.caching");
        int count = 20;

        for (int i = 0; i < count; i++) {
            template.convertAndSend(queue, "c" + i);
        }
        List<String> got = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            got.add((String) template.receiveAndConvert(queue));
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            expected.add("c" + i);
        }
        // One cached session and producer: one producer session's order holds.
        assertThat(got).containsExactlyElementsOf(expected);

        Set<Session> targets = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int i = 0; i < 3; i++) {
            template.execute(session -> targets.add(((SessionProxy) session).getTargetSession()));
        }
        assertThat(targets).as("the physical session behind the template's sessions").hasSize(1);
        assertThat(caching.getCachedSessionCount()).isEqualTo(1);
        assertThat(counting.connections.get()).as("physical connections").isEqualTo(1);
        assertThat(counting.sessions.get()).as("physical sessions").isEqualTo(1);
        assertThat(counting.producers.get()).as("physical producers").isEqualTo(1);
        assertThat(counting.consumers.get()).as("physical consumers").isEqualTo(1);

        JmsTemplate quick = template(caching);
        quick.setReceiveTimeout(300);
        assertThat(quick.receive(queue)).isNull();

        caching.destroy();
        assertThat(counting.closedConnections.get()).as("destroy() closes the physical connection").isEqualTo(1);
    }

    // ------------------------------------------------------------------ helpers

    private static Set<Thread> liveThreads() {
        Set<Thread> threads = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        threads.addAll(Thread.getAllStackTraces().keySet());
        return threads;
    }

    /**
     * Client-side threads (Spring's container invokers, the JMS provider's and its client's) alive now that were not
     * alive in {@code before}, by name. The in-process broker and nameserver start pool threads on demand; those are
     * not the container's.
     */
    private static List<String> newThreads(Set<Thread> before) {
        return liveThreads().stream().filter(t -> !before.contains(t) && t.isAlive())
                .map(Thread::getName).filter(n -> CLIENT_THREADS.stream().anyMatch(n::startsWith)).sorted()
                .collect(Collectors.toList());
    }

    /**
     * Delegates to FerryMQ's factory and counts the physical connections, sessions, producers and consumers created
     * through it, so a test can see what a pooling wrapper actually reuses.
     */
    static final class CountingConnectionFactory implements ConnectionFactory {
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger closedConnections = new AtomicInteger();
        final AtomicInteger sessions = new AtomicInteger();
        final AtomicInteger producers = new AtomicInteger();
        final AtomicInteger consumers = new AtomicInteger();
        private final ConnectionFactory target;

        CountingConnectionFactory(ConnectionFactory target) {
            this.target = target;
        }

        @Override
        public Connection createConnection() throws JMSException {
            return wrap(target.createConnection());
        }

        @Override
        public Connection createConnection(String user, String password) throws JMSException {
            return wrap(target.createConnection(user, password));
        }

        @Override
        public JMSContext createContext() {
            throw new UnsupportedOperationException();
        }

        @Override
        public JMSContext createContext(String user, String password) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JMSContext createContext(String user, String password, int sessionMode) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JMSContext createContext(int sessionMode) {
            throw new UnsupportedOperationException();
        }

        private Connection wrap(Connection c) {
            connections.incrementAndGet();
            return (Connection) proxy(c, new Class<?>[] {Connection.class, QueueConnection.class, TopicConnection.class},
                    (name, result) -> {
                        if (name.equals("close")) {
                            closedConnections.incrementAndGet();
                        }
                        if (result instanceof Session s) {
                            sessions.incrementAndGet();
                            return proxy(s, new Class<?>[] {Session.class, QueueSession.class, TopicSession.class},
                                    (method, made) -> {
                                        if (made instanceof jakarta.jms.MessageProducer) {
                                            producers.incrementAndGet();
                                        } else if (made instanceof jakarta.jms.MessageConsumer) {
                                            consumers.incrementAndGet();
                                        }
                                        return made;
                                    });
                        }
                        return result;
                    });
        }

        /** A proxy that calls {@code target} and passes each call's name and result through {@code after}. */
        private static Object proxy(Object target, Class<?>[] interfaces,
                                    java.util.function.BiFunction<String, Object, Object> after) {
            InvocationHandler h = (p, method, args) -> {
                Object result;
                try {
                    result = method.invoke(target, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
                return after.apply(method.getName(), result);
            };
            return Proxy.newProxyInstance(SpringJmsTest.class.getClassLoader(), interfaces, h);
        }
    }
}

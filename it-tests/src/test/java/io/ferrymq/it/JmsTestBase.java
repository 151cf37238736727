package io.ferrymq.it;

import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.jms.FerryConnectionFactory;
import io.ferrymq.store.GetResult;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.SelectedBuffer;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;


/**
 * A live one-broker cluster per test class and connections that are closed after each test, for the JMS conformance
 * suites (one per area of the spec). Destination names are unique per test, so tests never see each other's messages.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class JmsTestBase {
    static LocalCluster cluster;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    @AfterEach
    void closeConnections() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        toClose.clear();
    }

    FerryConnectionFactory factory() {
        FerryConnectionFactory f = new FerryConnectionFactory();
        f.setNamesrvAddr(cluster.namesrvAddr());
        return f;
    }

    /** A started connection, closed after the test. */
    Connection connection() throws JMSException {
        Connection c = factory().createConnection();
        toClose.add(c);
        c.start();
        return c;
    }

    <T extends AutoCloseable> T closeLater(T resource) {
        toClose.add(resource);
        return resource;
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String text(Message m) throws JMSException {
        return m == null ? null : ((TextMessage) m).getText();
    }

    /** Receives up to {@code count} messages, each within {@code millis}; stops at the first timeout. */
    static List<String> receiveTexts(MessageConsumer consumer, int count, long millis) throws JMSException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Message m = consumer.receive(millis);
            if (m == null) {
                break;
            }
            out.add(text(m));
        }
        return out;
    }

    /** Every record the broker stored for {@code topic}, queue by queue, once it has indexed all it stored. */
    static List<DecodedMessage> storedRecords(String topic) throws InterruptedException {
        MessageStore store = cluster.awaitDispatched();
        List<DecodedMessage> records = new ArrayList<>();
        Set<Integer> queueIds = new HashSet<>(store.queueIdsOf(topic));
        for (int queueId : queueIds) {
            long offset = store.minOffsetInQueue(topic, queueId);
            while (offset < store.maxOffsetInQueue(topic, queueId)) {
                try (GetResult r = store.getMessages(topic, queueId, offset, 64, 4 * 1024 * 1024)) {
                    if (r.records().isEmpty()) {
                        break;
                    }
                    for (SelectedBuffer b : r.records()) {
                        records.add(MessageRecord.decode(b.buffer(), 0));
                    }
                    offset = r.nextBeginOffset();
                }
            }
        }
        return records;
    }
}
